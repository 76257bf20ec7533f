/**
 * Third-party plugins loaded from packages next to the config, on the composed host with the real
 * guards: a plugin that throws in any hook, hangs, leaks an interval or tries to get an order past the
 * guards is contained — the order it touched is vetoed, the host goes on trading, the failure is named
 * and counted, the leak is reported by plugin and closed — or the host refuses to start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { bar, marketIntent } from '../../support/market.js';
import { guardConfig, writeGuardConfig } from '../../support/pipeline.js';
import { installPackages, loadedPipeline, pluginSource, type LoadedPipeline } from '../../support/plugin-packages.js';

/** What fixture plugins tell the test: they run in this process. */
type Notes = Record<string, unknown>;
const notes = (): Notes => ((globalThis as { __roboPluginTest?: Notes }).__roboPluginTest ??= {});
afterEach(() => { delete (globalThis as { __roboPluginTest?: Notes }).__roboPluginTest; });

const NOTES = 'globalThis.__roboPluginTest ??= {}';

async function withPlugin(name: string, createBody: string, options = '', tapTimeoutMs?: number): Promise<LoadedPipeline> {
  const file = writeGuardConfig(guardConfig().replace('strategies:\n', `plugins:\n  - package: ${name}\n${options}strategies:\n`));
  installPackages(file, { [name]: { source: pluginSource(name, createBody) } });
  return loadedPipeline(file, tapTimeoutMs === undefined ? {} : { tapTimeoutMs });
}

/** Starts, sets a price, sends a market order and lets the next bar fill it. */
async function tradeOnce(p: LoadedPipeline) {
  await p.start();
  await p.play([bar(0, { symbol: 'SPY', close: 100 })]);
  const result = await p.runtime.host.submit(marketIntent('BUY', '10', 'SPY'));
  await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);
  return result;
}

const OBSERVING_HOOKS = ['onConnect', 'onBar', 'afterBrokerRequest', 'afterOrder', 'orderUpdate', 'afterFill', 'onShutdown'];

describe('a loaded third-party plugin that fails', () => {
  it('when it throws in every observing hook then each failure is counted by plugin and hook and the order still fills', async () => {
    // Arrange
    const p = await withPlugin('robo-plugin-thrower', `return { apply(api) {
      for (const hook of ${JSON.stringify(OBSERVING_HOOKS)}) api.hooks[hook].tap(api.name, () => { throw new Error('boom in ' + hook); });
    } };`);

    // Act
    const result = await tradeOnce(p);
    const report = await p.runtime.host.stop({ reason: 'end-of-data' });

    // Assert
    expect(result.kind).toBe('sent');
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('10');
    expect([...p.runtime.host.stats.tapFailures.keys()].sort()).toEqual(OBSERVING_HOOKS.map((h) => `robo-plugin-thrower in ${h}`).sort());
    expect(report.failures).toEqual([]);
  });

  it('when it throws in beforeOrder then that order is vetoed by the plugin and never reaches the broker', async () => {
    // Arrange
    const p = await withPlugin('robo-plugin-thrower', `return { apply(api) { api.hooks.beforeOrder.tap(api.name, () => { throw new Error('boom'); }); } };`);

    // Act
    const result = await tradeOnce(p);

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo-plugin-thrower', code: 'PLUGIN_FAILED' } });
    expect(p.sim.received).toEqual([]);
  });

  it('when create or apply throws then the host refuses to start, naming the plugin', async () => {
    const outcome = await withPlugin('robo-plugin-broken', `throw new Error('no config for me');`).then(() => undefined, (e: unknown) => e);

    expect(isRoboError(outcome, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(String(outcome)).toContain('[plugin robo-plugin-broken] failed while installing: no config for me');
  });

  it('when it hangs in beforeOrder then the order is vetoed once its time is up, and a hang in afterFill is reported by name', async () => {
    // Arrange
    const p = await withPlugin('robo-plugin-sleepy', `let first = true; return { apply(api) {
      api.hooks.beforeOrder.tapPromise(api.name, () => first ? (first = false, new Promise(() => {})) : Promise.resolve(undefined));
      api.hooks.afterFill.tapPromise(api.name, () => new Promise(() => {}));
    } };`, '', 50);

    // Act
    const hung = await tradeOnce(p);
    const next = await p.runtime.host.submit(marketIntent('BUY', '5', 'SPY'));
    await p.play([bar(2, { symbol: 'SPY', open: 100, close: 100 })]);

    // Assert
    expect(hung).toMatchObject({ kind: 'vetoed', veto: { by: 'robo-plugin-sleepy', code: 'PLUGIN_FAILED', reason: expect.stringContaining('did not settle within 50 ms') } });
    expect(next.kind).toBe('sent');
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('5');
    expect(p.runtime.host.stats.tapFailures.get('robo-plugin-sleepy in afterFill')).toBe(1);
  });
});

describe('a loaded third-party plugin that leaks', () => {
  it('when it starts a raw setInterval and never clears it then the stop report names it, closes it, and owned tasks are not blamed', async () => {
    // Arrange
    const p = await withPlugin('robo-plugin-leaky', `return { apply(api) {
      ${NOTES};
      setInterval(() => { globalThis.__roboPluginTest.ticks = (globalThis.__roboPluginTest.ticks ?? 0) + 1; }, 5);
      api.tasks.interval('tidy', 5, () => {});
      api.hooks.onBar.tap(api.name, () => { setTimeout(() => {}, 60_000); });
    } };`);
    await tradeOnce(p);

    // Act
    const report = await p.runtime.host.stop({ reason: 'end-of-data' });
    const ticksAtStop = notes()['ticks'];
    await new Promise((resolve) => setTimeout(resolve, 30));

    // Assert: the raw interval and the onBar timers (one per bar) are reported; the owned task is not
    expect(report.failures.filter((f) => f.includes('leaked a timer'))).toHaveLength(3);
    expect(report.failures.every((f) => f.startsWith('[plugin robo-plugin-leaky] leaked a timer (setTimeout or setInterval) it did not clear'))).toBe(true);
    expect(notes()['ticks']).toBe(ticksAtStop);
  });

  it('when it opens a resource and closes it in dispose then nothing is reported', async () => {
    const p = await withPlugin('robo-plugin-tidy', `let timer; return {
      apply(api) { timer = setInterval(() => {}, 1000); },
      dispose() { clearInterval(timer); },
    };`);
    await tradeOnce(p);

    const report = await p.runtime.host.stop({ reason: 'end-of-data' });

    expect(report.failures).toEqual([]);
  });
});

describe('a loaded third-party plugin against the guards', () => {
  it('when it inflates an order, asking to run before the guards, then the guards judge the inflated order and veto it', async () => {
    // Arrange
    const p = await withPlugin('robo-plugin-hostile', `return { apply(api) {
      api.hooks.beforeOrder.tap({ name: api.name, stage: -1000000, before: 'robo:risk-limits' }, (request) => {
        request.amend({ ...request.intent, quantity: request.intent.quantity.times(500) }, api.name, 'bigger is better');
        return undefined;
      });
    } };`);

    // Act
    const result = await tradeOnce(p);

    // Assert: 5,000 × 100 is over the 100,000 notional limit; the guards still ran first
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:risk-limits', code: 'RISK_MAX_NOTIONAL' } });
    expect(p.sim.received).toEqual([]);
    const order = (p.runtime.host.hooks.beforeOrder as unknown as { taps: { name: string }[] }).taps.map((t) => t.name);
    expect(order.indexOf('robo-plugin-hostile')).toBeGreaterThan(order.lastIndexOf('robo:risk-limits'));
  });

  it('when it taps beforeBrokerRequest to reach the broker after the guards then the host refuses to start', async () => {
    const outcome = await withPlugin('robo-plugin-sneaky', `return { apply(api) { api.hooks.beforeBrokerRequest.tap(api.name, () => undefined); } };`).then(() => undefined, (e: unknown) => e);

    expect(isRoboError(outcome, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(String(outcome)).toContain('only the built-in guards may tap');
  });

  it('when it looks for a way to place an order or move money then its API has none, and it cannot fire a hook or lift a halt', async () => {
    // Arrange
    await withPlugin('robo-plugin-curious', `return { async apply(api) {
      ${NOTES};
      const n = globalThis.__roboPluginTest;
      n.keys = Object.keys(api).sort();
      n.canFire = typeof api.hooks.beforeOrder.promise === 'function' || typeof api.hooks.beforeOrder.call === 'function';
      n.portfolioKeys = Object.keys(api.portfolio).sort();
      try { await api.hooks.onTradingState.promise({ from: 'HALTED', to: 'ACTIVE', by: api.name, reason: 'trust me' }); n.lifted = true; } catch (e) { n.lifted = String(e); }
    } };`);

    // Assert
    expect(notes()['keys']).toEqual(['calendar', 'clock', 'hooks', 'log', 'name', 'noteFill', 'orders', 'portfolio', 'prices', 'store', 'subscriptions', 'summary', 'summaryNotices', 'tasks']);
    expect(notes()['canFire']).toBe(false);
    expect(notes()['portfolioKeys']).toEqual(['cash', 'costs', 'equity', 'lastPrice', 'position', 'positions', 'realizedPnl', 'snapshot', 'valuation']);
    expect(notes()['lifted']).toEqual(expect.stringContaining('is not a function'));
  });
});
