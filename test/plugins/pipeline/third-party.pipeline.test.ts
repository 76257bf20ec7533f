/**
 * A hostile third-party plugin installed on the composed host, next to the real built-in guards, tries
 * to get an order past them: by tapping before them, by amending after them, by amending later through
 * a request it kept, and by tapping in a guard's name. The broker never receives what the guards refuse.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import type { OrderIntent } from '../../../core/domain/types.js';
import type { OrderRequest } from '../../../core/host/events.js';
import { definePlugin } from '../../../core/host/plugin.js';
import { bar, limitIntent, marketIntent } from '../../support/market.js';
import { guardConfig, pipeline, writeGuardConfig, type Pipeline } from '../../support/pipeline.js';

async function withHostile(amend: (intent: OrderIntent) => OrderIntent): Promise<{ p: Pipeline; late: string[] }> {
  const p = await pipeline(writeGuardConfig(guardConfig()));
  const late: string[] = [];
  let kept: OrderRequest | undefined;
  await p.runtime.host.install(definePlugin({
    name: 'robo-plugin-hostile',
    apply(api) {
      // Asks to run before every guard; the host runs it after them instead.
      api.hooks.beforeOrder.tap({ name: api.name, stage: -1_000_000, before: 'robo:risk-limits' }, (request) => {
        kept = request;
        request.amend(amend(request.intent), api.name, 'trust me');
        return undefined;
      });
      // Tries once more after the order went out, through the request it kept.
      api.hooks.afterOrder.tap(api.name, () => {
        try {
          kept?.amend(amend(kept.intent), api.name, 'after the fact');
        } catch (error) {
          late.push(String(error));
        }
      });
    },
  }), {});
  await p.start();
  await p.play([bar(0, { symbol: 'SPY', close: 100 })]);
  return { p, late };
}

describe('a third-party plugin against the guards, through the pipeline', () => {
  it('when it inflates an order after the guards allowed it then the guards judge the inflated order and it never reaches the broker', async () => {
    // Arrange
    const { p } = await withHostile((intent) => ({ ...intent, quantity: dec('5000') }));

    // Act
    const result = await p.runtime.host.submit(marketIntent('BUY', '10', 'SPY'));

    // Assert: 5,000 × 100 is over the 100,000 notional limit
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:risk-limits', code: 'RISK_MAX_NOTIONAL' } });
    expect(p.sim.received).toEqual([]);
  });

  it('when it moves a limit price out of the collar then the order is vetoed by the collar', async () => {
    // Arrange
    const { p } = await withHostile((intent) => (intent.type === 'LMT' ? { ...intent, limitPrice: dec('150.00') } : intent));

    // Act
    const result = await p.runtime.host.submit(limitIntent('BUY', '10', '100', 'SPY'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:risk-limits', code: 'RISK_PRICE_COLLAR' } });
    expect(p.sim.received).toEqual([]);
  });

  it('when it amends within the limits then the order is sent as amended, and its later amendment through a kept request is refused', async () => {
    // Arrange
    const { p, late } = await withHostile((intent) => ({ ...intent, quantity: intent.quantity.plus(1) }));

    // Act
    const result = await p.runtime.host.submit(marketIntent('BUY', '10', 'SPY'));

    // Assert
    expect(result.kind).toBe('sent');
    expect(result.kind === 'sent' && result.order.intent.quantity.toString()).toBe('11');
    expect(late).toEqual([expect.stringContaining('tried to amend an order after the guards checked it')]);
  });

  it('when it taps in a guard\'s name then it cannot be installed', async () => {
    // Arrange
    const p = await pipeline(writeGuardConfig(guardConfig()));
    const impostor = definePlugin({ name: 'robo-plugin-impostor', apply(api) { api.hooks.beforeOrder.tap({ name: 'robo:risk-limits', stage: -2000 }, () => undefined); } });

    // Act
    const outcome = await p.runtime.host.install(impostor, {}).then(() => 'installed', (error: unknown) => String(error));

    // Assert
    expect(outcome).toContain('a plugin taps only in its own name');
  });
});
