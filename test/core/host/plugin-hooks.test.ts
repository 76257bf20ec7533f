/**
 * Specifies what a plugin can do with the hooks, and that a third-party plugin cannot make an order
 * skip the mandatory guards: not by tapping early, not by tapping in a guard's name, not by amending
 * after the guards looked, and not by amending later through a request it kept.
 */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import type { OrderIntent, Veto } from '../../../core/domain/types.js';
import type { OrderRequest } from '../../../core/host/events.js';
import { STAGE } from '../../../core/host/hooks.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { definePlugin, type PluginDefinition } from '../../../core/host/plugin.js';
import type { PluginApi } from '../../../core/host/plugin-api.js';
import { settle } from '../../support/fake-timers.js';
import { hostFixture, type HostFixture } from '../../support/host-fixture.js';
import { marketIntent } from '../../support/market.js';

/** A mandatory guard (as a built-in is) that vetoes any order over `max` shares and records what it judged. */
function quantityGuard(max: number, seen: string[] = []): PluginDefinition {
  return definePlugin({
    name: 'robo:test-quantity-guard',
    mandatory: true,
    apply(api) {
      api.hooks.beforeOrder.tap({ name: api.name, stage: STAGE.SAFETY }, (request): Veto | undefined => {
        seen.push(request.intent.quantity.toString());
        return request.intent.quantity.gt(max) ? { by: api.name, code: 'TEST_TOO_BIG', reason: `over ${max} shares` } : undefined;
      });
    },
  });
}

function thirdParty(apply: (api: PluginApi) => void): PluginDefinition {
  return definePlugin({ name: 'robo-plugin-hostile', apply });
}

async function withPlugins(...plugins: PluginDefinition[]): Promise<HostFixture> {
  return hostFixture({ plugins: () => plugins });
}

function bigger(request: OrderRequest, quantity: string): OrderIntent {
  return { ...request.intent, quantity: marketIntent('BUY', quantity).quantity };
}

async function installFailure(plugin: PluginDefinition): Promise<unknown> {
  const fx = await hostFixture({ start: false });
  return fx.host.install(plugin, {}).then(() => undefined, (error: unknown) => error);
}

describe('plugin hooks: order of taps', () => {
  it('when a third-party plugin taps beforeOrder at a stage below SAFETY or before a guard then it still runs after the guards', async () => {
    // Arrange
    const trace: string[] = [];
    const guard = definePlugin({
      name: 'robo:test-guard',
      mandatory: true,
      apply(api) { api.hooks.beforeOrder.tap({ name: api.name, stage: STAGE.SAFETY }, () => { trace.push('guard'); return undefined; }); },
    });
    const early = thirdParty((api) => {
      api.hooks.beforeOrder.tap({ name: api.name, stage: -5000 }, () => { trace.push('stage -5000'); return undefined; });
      api.hooks.beforeOrder.tap({ name: api.name, before: 'robo:test-guard' }, () => { trace.push('before the guard'); return undefined; });
    });
    const fx = await withPlugins(guard, early);

    // Act
    await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(trace).toEqual(['guard', 'stage -5000', 'before the guard']);
    expect(fx.host.hooks.beforeOrder.taps.map((t) => t.stage ?? 0)).toEqual([STAGE.SAFETY, STAGE.DEFAULT, STAGE.DEFAULT]);
  });

  it('when a plugin taps in another plugin\'s name then installing it fails with ROBO_ERR_PLUGIN_FAILED', async () => {
    // Act
    const error = await installFailure(thirdParty((api) => { api.hooks.beforeOrder.tap('robo:risk-limits', () => undefined); }));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(String(error)).toContain('a plugin taps only in its own name');
  });

  it('when a third-party plugin taps beforeBrokerRequest then installing it fails: that gate belongs to the built-in guards', async () => {
    // Act
    const error = await installFailure(thirdParty((api) => { api.hooks.beforeBrokerRequest.tapPromise(api.name, async () => undefined); }));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(String(error)).toContain('which only the built-in guards may tap');
  });

  it('when a plugin that is not built in says it is mandatory then installing it fails', async () => {
    // Act
    const error = await installFailure(definePlugin({ name: 'robo-plugin-sneaky', mandatory: true, apply() {} }));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
  });

  it('when a third-party plugin fires onTradingState then it is refused; only the built-in guards change the trading state', async () => {
    // Act
    const error = await installFailure(thirdParty((api) => { void api.hooks.onTradingState.promise({ from: 'HALTED', to: 'ACTIVE', by: api.name, reason: 'nothing to see' }); }));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
  });

  it('when a plugin looks at a hook then it can tap it but not intercept it, see its taps or fire it', async () => {
    // Arrange
    let hook: PluginApi['hooks']['beforeOrder'] | undefined;
    await withPlugins(thirdParty((api) => { hook = api.hooks.beforeOrder; }));

    // Assert
    expect(Object.keys(hook ?? {}).sort()).toEqual(['isUsed', 'tap', 'tapPromise']);
    // @ts-expect-error interceptors could rewrite or drop the guards' taps, so the plugin API has none
    expect(hook?.intercept).toBeUndefined();
    // @ts-expect-error the taps list is not visible to plugins
    expect(hook?.taps).toBeUndefined();
    // @ts-expect-error a plugin cannot fire the order path's hooks
    expect(hook?.promise).toBeUndefined();
  });
});

describe('plugin hooks: the guards see the final intent', () => {
  it('when a third-party plugin amends an order after the guards allowed it then the guards judge the amended intent again and veto it', async () => {
    // Arrange
    const seen: string[] = [];
    const inflate = thirdParty((api) => {
      api.hooks.beforeOrder.tap(api.name, (request) => { request.amend(bigger(request, '1000000'), api.name, 'make it bigger'); return undefined; });
    });
    const fx = await withPlugins(quantityGuard(100, seen), inflate);

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:test-quantity-guard', code: 'TEST_TOO_BIG' } });
    expect(seen).toEqual(['10', '1000000']);
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a third-party plugin amends an order within the limits then the guards re-check it once and it is sent as amended', async () => {
    // Arrange
    const seen: string[] = [];
    const halve = thirdParty((api) => {
      api.hooks.beforeOrder.tap(api.name, (request) => { request.amend(bigger(request, '5'), api.name, 'smaller'); return undefined; });
    });
    const fx = await withPlugins(quantityGuard(100, seen), halve);

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result.kind).toBe('sent');
    expect(seen).toEqual(['10', '5']);
    expect(fx.broker.placed.map((p) => p.intent.quantity.toString())).toEqual(['5']);
  });

  it('when a plugin keeps the request and amends it after beforeOrder then the amendment is refused and the checked order is what is sent', async () => {
    // Arrange
    const errors: unknown[] = [];
    let kept: OrderRequest | undefined;
    const late = thirdParty((api) => {
      api.hooks.beforeOrder.tap(api.name, (request) => { kept = request; return undefined; });
      api.hooks.afterOrder.tap(api.name, () => {
        try {
          kept?.amend(bigger(kept, '1000000'), api.name, 'too late');
        } catch (error) {
          errors.push(error);
        }
      });
    });
    const fx = await withPlugins(quantityGuard(100), late);

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));
    await settle();

    // Assert
    expect(result.kind).toBe('sent');
    expect(fx.broker.placed.map((p) => p.intent.quantity.toString())).toEqual(['10']);
    expect(errors).toHaveLength(1);
    expect(isRoboError(errors[0], 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(kept?.intent.quantity.toString()).toBe('10');
  });

  it('when an order keeps changing while the guards re-check it then it is refused (ORDER_UNSTABLE)', async () => {
    // Arrange: a guard that amends on every look never lets a pass see the same intent
    const restless = definePlugin({
      name: 'robo:test-restless',
      mandatory: true,
      apply(api) {
        api.hooks.beforeOrder.tap({ name: api.name, stage: STAGE.SAFETY }, (request) => {
          request.amend(bigger(request, request.intent.quantity.plus(1).toString()), api.name, 'one more');
          return undefined;
        });
      },
    });
    const fx = await withPlugins(restless);

    // Act
    const result: SubmitResult = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host', code: 'ORDER_UNSTABLE' } });
    expect(fx.broker.placed).toEqual([]);
  });
});

describe('plugin hooks: the broker-request gate fails closed', () => {
  it('when a guard on beforeBrokerRequest throws then the request is refused and the failure is attributed', async () => {
    // Arrange
    const broken = definePlugin({
      name: 'robo:test-broken-gate',
      mandatory: true,
      apply(api) { api.hooks.beforeBrokerRequest.tap(api.name, () => { throw new Error('boom'); }); },
    });
    const fx = await hostFixture({ start: false, plugins: () => [broken] });
    await fx.host.start();

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:test-broken-gate', code: 'PLUGIN_FAILED' } });
    expect(fx.host.stats.tapFailures.get('robo:test-broken-gate in beforeBrokerRequest')).toBe(1);
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a guard returns a veto whose code is not a stable code then it counts as a failed guard and still refuses', async () => {
    // Arrange
    const sloppy = definePlugin({
      name: 'robo:test-sloppy',
      mandatory: true,
      apply(api) { api.hooks.beforeOrder.tap(api.name, () => ({ by: api.name, code: 'not a code', reason: 'no' })); },
    });
    const fx = await withPlugins(sloppy);

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { code: 'PLUGIN_FAILED' } });
    expect(fx.broker.placed).toEqual([]);
  });
});
