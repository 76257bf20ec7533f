/**
 * Specifies how the order path sends a bracket when the broker refuses one of its legs: nothing
 * half-made stays working or held at the broker, and each leg's result says what became of it. The host
 * runs on the simulated broker behind a recording broker that refuses the legs a test names.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import type { OrderIntent } from '../../../core/domain/types.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { hostFixture } from '../../support/host-fixture.js';
import { bar, marketIntent } from '../../support/market.js';

function sell(fields: Record<string, unknown>): OrderIntent {
  return { strategyId: 'test', symbol: 'AAPL', side: 'SELL', quantity: dec('100'), tif: 'GTC', ...fields } as unknown as OrderIntent;
}

const LEGS = { entry: marketIntent('BUY', '100'), takeProfit: sell({ type: 'LMT', limitPrice: dec('110') }), stopLoss: sell({ type: 'STP', stopPrice: dec('95') }) };

function kinds(results: readonly SubmitResult[]): string[] {
  return results.map((r) => r.kind);
}

describe('OrderPath: a bracket the broker refuses in part', () => {
  it('when the broker refuses the last leg then the entry is cancelled, which cancels the exit already held, and nothing works', async () => {
    // Arrange
    const fx = await hostFixture();
    await fx.play([bar(0)]);
    fx.broker.refuse = (request) => (request.intent.bracket?.role === 'stop-loss' ? 'no stop orders today' : undefined);

    // Act
    const results = await fx.host.submitBracket(LEGS);
    await fx.host.idle();
    await fx.play([bar(1, { open: 100, high: 111, low: 90 })]);

    // Assert
    expect(kinds(results)).toEqual(['sent', 'sent', 'rejected']);
    expect(results.map((r) => (r.kind === 'vetoed' ? 'none' : fx.host.orders.get(r.order.id)?.state.kind))).toEqual(['cancelled', 'cancelled', 'rejected']);
    expect(fx.host.orders.open()).toEqual([]);
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('0');
  });

  it('when the broker refuses the entry then no exit is sent, and each is closed as not sent', async () => {
    // Arrange
    const fx = await hostFixture();
    await fx.play([bar(0)]);
    fx.broker.refuse = (request) => (request.intent.bracket?.role === 'entry' ? 'no entries today' : undefined);

    // Act
    const results = await fx.host.submitBracket(LEGS);

    // Assert
    expect(kinds(results)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(fx.broker.placed.map((p) => p.intent.bracket?.role)).toEqual(['entry']);
    expect(results.slice(1).map((r) => r.kind === 'rejected' && r.reason)).toEqual([expect.stringMatching(/not sent: the bracket's entry, order \d+, was rejected/), expect.stringMatching(/not sent/)]);
  });

  it('when a bracket is sent then its exits carry the entry\'s id as parent, and every leg but the last is held back', async () => {
    // Arrange
    const fx = await hostFixture();
    await fx.play([bar(0)]);

    // Act
    const results = await fx.host.submitBracket(LEGS);

    // Assert
    const entryId = results[0]?.kind === 'sent' ? results[0].order.id : -1;
    expect(fx.broker.placed.map((p) => [p.parentId, p.transmit])).toEqual([[undefined, false], [entryId, false], [entryId, true]]);
    expect(results.slice(1).map((r) => (r.kind === 'sent' ? r.order.parentId : -1))).toEqual([entryId, entryId]);
  });
});
