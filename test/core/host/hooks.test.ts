/**
 * Specifies the hook table and the interceptor around every tap: taps run in stage order, the first
 * beforeOrder veto wins, a beforeOrder tap that throws, hangs or returns nonsense vetoes the order
 * (fail closed) in its plugin's name, a failing tap elsewhere is reported while the host goes on, and
 * onShutdown taps run in reverse order of installation.
 */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import type { Veto } from '../../../core/domain/types.js';
import { createHooks, STAGE } from '../../../core/host/hooks.js';
import { definePlugin, type PluginDefinition } from '../../../core/host/plugin.js';
import { realTimers } from '../../../core/host/timers.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { hostFixture } from '../../support/host-fixture.js';
import { bar, marketIntent } from '../../support/market.js';

describe('the hook table', () => {
  it('when hooks are created then the table and the stages are frozen', () => {
    // Act
    const hooks = createHooks();

    // Assert
    expect(Object.isFrozen(hooks)).toBe(true);
    expect(Object.isFrozen(STAGE)).toBe(true);
    expect(STAGE).toEqual({ SAFETY: -1000, THROTTLE: -500, DEFAULT: 0, ACCOUNTING: 1000 });
  });

  it('when a beforeOrder tap is typed to return null, true or {} then it does not compile', () => {
    // Arrange
    const hooks = createHooks();

    // Act
    // @ts-expect-error a beforeOrder tap returns undefined to allow or a Veto; null would stop the hook as a bail value
    hooks.beforeOrder.tap('robo-plugin-x', () => null);
    // @ts-expect-error true is not a Veto
    hooks.beforeOrder.tap('robo-plugin-x', () => true);
    // @ts-expect-error {} has no by and reason
    hooks.beforeOrder.tap('robo-plugin-x', () => ({}));

    // Assert
    expect(hooks.beforeOrder.taps).toHaveLength(3);
  });
});

describe('stages', () => {
  it('when a built-in taps SAFETY after DEFAULT, ACCOUNTING and THROTTLE then the taps still run in stage order', async () => {
    // Arrange
    const calls: string[] = [];
    const plugin = definePlugin({
      name: 'robo:stages',
      mandatory: true,
      apply(api) {
        for (const [label, stage] of [['DEFAULT', STAGE.DEFAULT], ['ACCOUNTING', STAGE.ACCOUNTING], ['THROTTLE', STAGE.THROTTLE], ['SAFETY', STAGE.SAFETY]] as const) {
          api.hooks.beforeOrder.tap({ name: api.name, stage }, () => { calls.push(label); return undefined; });
        }
      },
    });
    const { host } = await hostFixture({ plugins: () => [plugin] });

    // Act
    await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(calls).toEqual(['SAFETY', 'THROTTLE', 'DEFAULT', 'ACCOUNTING']);
  });

  it('when a third-party plugin installed first taps at DEFAULT then a SAFETY tap installed later still runs before it', async () => {
    // Arrange
    const calls: string[] = [];
    const thirdParty = definePlugin({ name: 'robo-plugin-first', apply(api) { api.hooks.onBar.tap(api.name, () => { calls.push(api.name); }); } });
    const safety = definePlugin({ name: 'robo:safety', mandatory: true, apply(api) { api.hooks.onBar.tap({ name: api.name, stage: STAGE.SAFETY }, () => { calls.push(api.name); }); } });
    const { host } = await hostFixture({ plugins: () => [thirdParty, safety] });

    // Act
    await host.handleBar(bar(0));

    // Assert
    expect(calls).toEqual(['robo:safety', 'robo-plugin-first']);
  });

  it('when a third-party plugin asks for the SAFETY stage then it is raised to DEFAULT and still runs after the built-in guard', async () => {
    // Arrange
    const calls: string[] = [];
    const safety = definePlugin({ name: 'robo:safety', mandatory: true, apply(api) { api.hooks.onBar.tap({ name: api.name, stage: STAGE.DEFAULT }, () => { calls.push(api.name); }); } });
    const pushy = definePlugin({ name: 'robo-plugin-pushy', apply(api) { api.hooks.onBar.tap({ name: api.name, stage: STAGE.SAFETY }, () => { calls.push(api.name); }); } });
    const { host } = await hostFixture({ plugins: () => [safety, pushy] });

    // Act
    await host.handleBar(bar(0));

    // Assert
    expect(calls).toEqual(['robo:safety', 'robo-plugin-pushy']);
  });
});

describe('beforeOrder', () => {
  function guard(name: string, calls: string[], veto?: Veto): PluginDefinition {
    return definePlugin({ name, apply(api) { api.hooks.beforeOrder.tap(api.name, () => { calls.push(api.name); return veto; }); } });
  }

  it('when a guard vetoes then the first veto wins and later taps do not run', async () => {
    // Arrange
    const calls: string[] = [];
    const veto = { by: 'robo-plugin-a', reason: 'quantity 10 is over the limit of 5' };
    const { host, broker } = await hostFixture({ plugins: () => [guard('robo-plugin-a', calls, veto), guard('robo-plugin-b', calls, { by: 'robo-plugin-b', reason: 'never asked' })] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toEqual({ kind: 'vetoed', veto });
    expect(calls).toEqual(['robo-plugin-a']);
    expect(broker.placed).toEqual([]);
  });

  it('when a beforeOrder tap throws then the order is vetoed in the plugin name, with a reason that says it failed, and the failure is counted', async () => {
    // Arrange
    const plugin = definePlugin({ name: 'robo-plugin-broken', apply(api) { api.hooks.beforeOrder.tap(api.name, () => { throw new Error('limits not loaded'); }); } });
    const { host, broker } = await hostFixture({ plugins: () => [plugin] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result.kind).toBe('vetoed');
    if (result.kind !== 'vetoed') return;
    expect(result.veto.by).toBe('robo-plugin-broken');
    expect(result.veto.reason).toMatch(/failed/);
    expect(result.veto.reason).toContain('limits not loaded');
    expect(host.stats.tapFailures.get('robo-plugin-broken in beforeOrder')).toBe(1);
    expect(broker.placed).toEqual([]);
  });

  it('when an async beforeOrder tap rejects then the order is vetoed in the plugin name', async () => {
    // Arrange
    const plugin = definePlugin({ name: 'robo-plugin-broken', apply(api) { api.hooks.beforeOrder.tapPromise(api.name, async () => { throw new Error('limits not loaded'); }); } });
    const { host, broker } = await hostFixture({ plugins: () => [plugin] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo-plugin-broken' } });
    expect(broker.placed).toEqual([]);
  });

  it('when a beforeOrder tap hangs past the tap timeout then the order is vetoed in the plugin name', async () => {
    // Arrange (real timers: the timeout is the subject)
    const plugin = definePlugin({ name: 'robo-plugin-slow', apply(api) { api.hooks.beforeOrder.tapPromise(api.name, () => new Promise<undefined>(() => {})); } });
    const { host, broker } = await hostFixture({ timers: realTimers, tapTimeoutMs: 50, plugins: () => [plugin] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo-plugin-slow' } });
    if (result.kind === 'vetoed') expect(result.veto.reason).toContain('did not settle within 50 ms');
    expect(host.stats.tapFailures.get('robo-plugin-slow in beforeOrder')).toBe(1);
    expect(broker.placed).toEqual([]);
  });

  it.each([
    ['null', null],
    ['true', true],
    ['false', false],
    ['{}', {}],
    ['a veto with an empty reason', { by: 'robo-plugin-odd', reason: '' }],
  ])('when a beforeOrder tap returns %s then the order is vetoed as an invalid result', async (_label, value) => {
    // Arrange
    const plugin = definePlugin({
      name: 'robo-plugin-odd',
      apply(api) { api.hooks.beforeOrder.tap(api.name, (() => value) as unknown as () => Veto | undefined); },
    });
    const { host, broker } = await hostFixture({ plugins: () => [plugin] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo-plugin-odd' } });
    if (result.kind === 'vetoed') expect(result.veto.reason).toContain('expected undefined to allow or { by, reason } to veto');
    expect(broker.placed).toEqual([]);
  });

  it('when every beforeOrder tap returns undefined then the order is sent', async () => {
    // Arrange
    const calls: string[] = [];
    const { host, broker } = await hostFixture({ plugins: () => [guard('robo-plugin-a', calls), guard('robo-plugin-b', calls)] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result.kind).toBe('sent');
    expect(calls).toEqual(['robo-plugin-a', 'robo-plugin-b']);
    expect(broker.placed).toHaveLength(1);
  });
});

describe('beforeBrokerRequest', () => {
  it('when a beforeBrokerRequest tap vetoes an order then the broker never receives it', async () => {
    // Arrange
    const veto = { by: 'robo:throttle', reason: 'more than 45 messages in one second' };
    const throttle = definePlugin({
      name: 'robo:throttle',
      mandatory: true,
      apply(api) { api.hooks.beforeBrokerRequest.tap(api.name, (request) => (request.kind === 'placeOrder' ? veto : undefined)); },
    });
    const { host, broker } = await hostFixture({ plugins: () => [throttle] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toEqual({ kind: 'vetoed', veto });
    expect(broker.placed).toEqual([]);
  });

  it('when every beforeBrokerRequest tap allows then the order reaches the broker', async () => {
    // Arrange
    const kinds: string[] = [];
    const observer = definePlugin({ name: 'robo:throttle', mandatory: true, apply(api) { api.hooks.beforeBrokerRequest.tap(api.name, (request) => { kinds.push(request.kind); return undefined; }); } });
    const { host, broker } = await hostFixture({ start: false, plugins: () => [observer] });
    await host.start();

    // Act
    await host.watch(['AAPL']);
    await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(kinds).toEqual(['subscribeBars', 'placeOrder']);
    expect(broker.placed).toHaveLength(1);
  });

  it('when a beforeBrokerRequest tap throws then the request is refused in the plugin name (fail closed)', async () => {
    // Arrange
    const throttle = definePlugin({ name: 'robo:throttle', mandatory: true, apply(api) { api.hooks.beforeBrokerRequest.tap(api.name, (request) => {
      if (request.kind === 'placeOrder') throw new Error('bucket state lost');
      return undefined;
    }); } });
    const { host, broker } = await hostFixture({ plugins: () => [throttle] });

    // Act
    const result = await host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:throttle' } });
    expect(broker.placed).toEqual([]);
  });
});

describe('observing hooks', () => {
  it('when an afterFill tap throws then the failure is reported and the next afterFill tap still runs', async () => {
    // Arrange
    const seenByB: string[] = [];
    const a = definePlugin({ name: 'robo-plugin-a', apply(api) { api.hooks.afterFill.tap(api.name, () => { throw new Error('cannot write the report'); }); } });
    const b = definePlugin({ name: 'robo-plugin-b', apply(api) { api.hooks.afterFill.tap(api.name, (fill) => { seenByB.push(fill.execution.execId); }); } });
    const { host, play } = await hostFixture({ plugins: () => [a, b] });
    await host.submit(marketIntent('BUY', '10'));

    // Act
    await play([bar(0)]);

    // Assert
    expect(host.stats.tapFailures.get('robo-plugin-a in afterFill')).toBe(1);
    expect(seenByB).toHaveLength(1);
    expect(host.portfolio.position('AAPL').quantity.toString()).toBe('10');
  });

  it('when an onBar tap hangs then it is reported as timed out and the next onBar tap still runs', async () => {
    // Arrange
    const timers = new FakeTimers();
    const seenByB: number[] = [];
    const a = definePlugin({ name: 'robo-plugin-a', apply(api) { api.hooks.onBar.tapPromise(api.name, () => new Promise<void>(() => {})); } });
    const b = definePlugin({ name: 'robo-plugin-b', apply(api) { api.hooks.onBar.tap(api.name, (b0) => { seenByB.push(b0.time); }); } });
    const { host } = await hostFixture({ timers, tapTimeoutMs: 1_000, plugins: () => [a, b] });

    // Act
    const handling = host.handleBar(bar(0));
    await timers.advance(1_000);
    await handling;

    // Assert
    expect(host.stats.tapFailures.get('robo-plugin-a in onBar')).toBe(1);
    expect(seenByB).toHaveLength(1);
  });

  it('when a plugin taps with tapAsync then the registration is refused with ROBO_ERR_PLUGIN_FAILED', async () => {
    // Arrange
    const { host } = await hostFixture();

    // Act
    let error: unknown;
    try {
      host.hooks.afterFill.tapAsync('robo-plugin-callbacks', (_fill, done) => done());
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(host.hooks.afterFill.taps).toHaveLength(0);
  });
});

describe('onShutdown', () => {
  it('when the host stops then the onShutdown taps run in reverse order of plugin installation', async () => {
    // Arrange
    const calls: string[] = [];
    const plugin = (name: string): PluginDefinition =>
      definePlugin({ name, apply(api) { api.hooks.onShutdown.tap(api.name, () => { calls.push(api.name); }); } });
    const { host } = await hostFixture({ plugins: () => [plugin('robo-plugin-a'), plugin('robo-plugin-b'), plugin('robo-plugin-c')] });

    // Act
    await host.stop({ reason: 'end-of-data' });

    // Assert
    expect(calls).toEqual(['robo-plugin-c', 'robo-plugin-b', 'robo-plugin-a']);
  });

  it('when an onShutdown tap throws then it is reported and the earlier-installed plugins still shut down', async () => {
    // Arrange
    const calls: string[] = [];
    const quiet = definePlugin({ name: 'robo-plugin-a', apply(api) { api.hooks.onShutdown.tap(api.name, () => { calls.push(api.name); }); } });
    const broken = definePlugin({ name: 'robo-plugin-b', apply(api) { api.hooks.onShutdown.tap(api.name, () => { throw new Error('flush failed'); }); } });
    const { host } = await hostFixture({ plugins: () => [quiet, broken] });

    // Act
    await host.stop({ reason: 'signal' });

    // Assert
    expect(calls).toEqual(['robo-plugin-a']);
    expect(host.stats.tapFailures.get('robo-plugin-b in onShutdown')).toBe(1);
    expect(host.state).toBe('stopped');
  });
});
