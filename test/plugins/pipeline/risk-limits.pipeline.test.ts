/** The risk limits end to end: orders over the notional limit, outside the collar or outside trading hours never reach the simulated broker. */
import { describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../core/host/host.js';
import { bar, limitIntent, marketIntent } from '../../support/market.js';
import { guardConfig, pipeline, writeGuardConfig } from '../../support/pipeline.js';

function code(result: SubmitResult): string {
  return result.kind === 'vetoed' ? (result.veto.code ?? result.veto.reason) : result.kind;
}

describe('risk limits through the pipeline', () => {
  it('when orders are over the notional limit, outside the collar or outside trading hours then none reaches the broker, and each is counted by code', async () => {
    // Arrange: the defaults (100,000 per order, a 5% collar, regular hours); SPY last traded at 100 at 09:31
    const p = await pipeline(writeGuardConfig(guardConfig()));
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', close: 100 })]);

    // Act
    const overNotional = await p.runtime.host.submit(marketIntent('BUY', '1001', 'SPY'));
    const outsideCollar = await p.runtime.host.submit(limitIntent('SELL', '10', '94.99', 'SPY'));
    const inside = await p.runtime.host.submit(limitIntent('BUY', '10', '99.50', 'SPY'));
    await p.play([bar(389, { symbol: 'SPY', close: 100 })]); // the 15:59 bar: the clock is at the 16:00 close
    const afterClose = await p.runtime.host.submit(marketIntent('BUY', '1', 'SPY'));

    // Assert
    expect([overNotional, outsideCollar, inside, afterClose].map(code)).toEqual(['RISK_MAX_NOTIONAL', 'RISK_PRICE_COLLAR', 'sent', 'RISK_MARKET_CLOSED']);
    expect(p.sim.received).toHaveLength(1);
    expect(p.sim.received[0]?.orderId).toBe(inside.kind === 'sent' ? inside.order.id : -1);
    expect(Object.fromEntries(p.runtime.host.stats.vetoes.get('robo:risk-limits') ?? [])).toEqual({ RISK_MAX_NOTIONAL: 1, RISK_PRICE_COLLAR: 1, RISK_MARKET_CLOSED: 1 });
  });
});
