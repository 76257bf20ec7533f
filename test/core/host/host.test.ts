/**
 * Specifies the host on a real simulated broker: the one order path (beforeOrder → validate → id →
 * journal → broker → afterOrder), broker events applied in order through the order state machine into
 * the portfolio, each execution booked once, ids that only rise, and a stop that cancels, releases,
 * names what would not stop, and happens once.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, ZERO } from '../../../core/domain/money.js';
import { averageFillPrice } from '../../../core/domain/order.js';
import type { OrderIntent } from '../../../core/domain/types.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { definePlugin, type PluginDefinition } from '../../../core/host/plugin.js';
import { realTimers } from '../../../core/host/timers.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { hostFixture } from '../../support/host-fixture.js';
import { bar, limitIntent, marketIntent, T0 } from '../../support/market.js';

/** A plugin that records what the observing hooks saw, as short labels. */
function tracer(trace: string[]): PluginDefinition {
  return definePlugin({
    name: 'robo-plugin-tracer',
    apply(api) {
      api.hooks.beforeOrder.tap(api.name, () => { trace.push('beforeOrder'); return undefined; });
      api.hooks.afterOrder.tap(api.name, (outcome) => { trace.push(`afterOrder:${outcome.kind}`); });
      api.hooks.orderUpdate.tap(api.name, (update) => { trace.push(`orderUpdate:${update.order.state.kind}`); });
      api.hooks.afterFill.tap(api.name, () => { trace.push('afterFill'); });
    },
  });
}

/** A plugin whose onBar submits `intent` through the host on the first bar only. */
function buyOnFirstBar(submit: (intent: OrderIntent) => Promise<SubmitResult>, intent: OrderIntent, results: SubmitResult[]): PluginDefinition {
  return definePlugin({
    name: 'robo-plugin-buy-once',
    apply(api) {
      api.hooks.onBar.tapPromise(api.name, async () => {
        if (results.length === 0) results.push(await submit(intent));
      });
    },
  });
}

/** A plugin whose beforeOrder tap amends the intent with `change`. */
function amender(change: Partial<OrderIntent>): PluginDefinition {
  return definePlugin({
    name: 'robo-plugin-amender',
    apply(api) {
      api.hooks.beforeOrder.tap(api.name, (request) => {
        request.amend({ ...request.intent, ...change } as OrderIntent, api.name, 'test amendment');
        return undefined;
      });
    },
  });
}

describe('Host: the order path', () => {
  it('when a plugin submits on a bar then the order goes beforeOrder → journal → broker → submitted → afterOrder, and fills on the next bar', async () => {
    // Arrange
    const trace: string[] = [];
    const results: SubmitResult[] = [];
    const journal = { recordIntent: async () => { trace.push('journal'); } };
    const fx = await hostFixture({ journal, plugins: (host) => [tracer(trace), buyOnFirstBar((i) => host.submit(i), marketIntent('BUY', '10'), results)] });
    fx.broker.onPlace = () => { trace.push('broker'); };

    // Act
    await fx.play([bar(0, { open: 100, close: 100.5 }), bar(1, { open: 101.25, high: 102, low: 101, close: 101.5 })]);

    // Assert
    expect(trace).toEqual(['beforeOrder', 'journal', 'broker', 'orderUpdate:submitted', 'afterOrder:sent', 'orderUpdate:filled', 'afterFill']);
    expect(results).toEqual([expect.objectContaining({ kind: 'sent' })]);
  });

  it('when the journal records the intent then the broker has not received the order yet', async () => {
    // Arrange
    const receivedAtJournal: number[] = [];
    const fx = await hostFixture({ journal: { recordIntent: async () => { receivedAtJournal.push(fx.broker.placed.length); } } });

    // Act
    await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(receivedAtJournal).toEqual([0]);
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when a submitted market order fills at the next bar open then the order, position and cash are exact', async () => {
    // Arrange
    const results: SubmitResult[] = [];
    const fx = await hostFixture({ plugins: (host) => [buyOnFirstBar((i) => host.submit(i), marketIntent('BUY', '10'), results)] });

    // Act
    await fx.play([bar(0, { open: 100, close: 100.5 }), bar(1, { open: 101.25, high: 102, low: 101, close: 101.5 })]);

    // Assert
    const [result] = results;
    expect(result?.kind).toBe('sent');
    if (result?.kind !== 'sent') return;
    expect(result.order.state.kind).toBe('submitted');
    const order = fx.host.orders.get(result.order.id);
    expect(order?.state.kind).toBe('filled');
    expect(order && averageFillPrice(order)?.toString()).toBe('101.25');
    expect(fx.host.portfolio.position('AAPL')).toEqual({ symbol: 'AAPL', quantity: dec('10'), averageCost: dec('101.25') });
    expect(fx.host.portfolio.cash.toString()).toBe('98987.5');
    expect(fx.host.stats).toMatchObject({ ordersSent: 1, fills: 1, bars: 2 });
  });

  it('when a guard vetoes then the broker never receives the order and the veto is counted', async () => {
    // Arrange
    const veto = { by: 'robo-plugin-guard', reason: 'quantity 10 is over the limit of 5' };
    const guard = definePlugin({ name: 'robo-plugin-guard', apply(api) { api.hooks.beforeOrder.tap(api.name, () => veto); } });
    const fx = await hostFixture({ plugins: () => [guard] });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toEqual({ kind: 'vetoed', veto });
    expect(fx.sim.received).toEqual([]);
    expect(fx.host.stats.vetoes.get('robo-plugin-guard')?.get(veto.reason)).toBe(1);
    expect(fx.host.stats.vetoCount()).toBe(1);
    expect(fx.host.orders.all()).toEqual([]);
  });

  it('when a guard amends the intent to a smaller quantity then the broker receives the amended intent', async () => {
    // Arrange
    const fx = await hostFixture({ plugins: () => [amender({ quantity: dec('40') })] });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '100'));

    // Assert
    expect(fx.broker.placed.map((p) => p.intent.quantity.toString())).toEqual(['40']);
    expect(result.kind === 'sent' && result.order.intent.quantity.toString()).toBe('40');
  });

  it.each([
    ['a zero quantity', { quantity: dec('0') }],
    ['a fractional quantity', { quantity: dec('2.5') }],
    ['another symbol', { symbol: 'MSFT' }],
    ['another strategy', { strategyId: 'someone-else' }],
  ])('when a plugin amends the intent into %s then the host refuses it and the broker receives nothing', async (_label, change) => {
    // Arrange
    const fx = await hostFixture({ plugins: () => [amender(change)] });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '100'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a plugin amends a limit price off the tick grid then the host refuses it', async () => {
    // Arrange
    const fx = await hostFixture({ plugins: () => [amender({ limitPrice: dec('187.123') })] });

    // Act
    const result = await fx.host.submit(limitIntent('BUY', '10', '187.12'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a plugin amends a buy into a sell then the host refuses it', async () => {
    // Arrange
    const fx = await hostFixture({ plugins: () => [amender({ side: 'SELL' })] });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '100'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
    expect(fx.broker.placed).toEqual([]);
  });

  it('when the strategy itself asks for an invalid quantity then the host refuses it before the broker', async () => {
    // Arrange
    const fx = await hostFixture();

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '-5'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
    expect(fx.broker.placed).toEqual([]);
  });
});

describe('Host: executions', () => {
  it('when a large market order meets bars with little volume then it fills in parts, one afterFill per execution, and ends filled', async () => {
    // Arrange
    const fills: string[] = [];
    const counter = definePlugin({ name: 'robo-plugin-fills', apply(api) { api.hooks.afterFill.tap(api.name, (f) => { fills.push(`${f.execution.quantity.toString()}@${f.execution.price.toString()}`); }); } });
    const fx = await hostFixture({ maxShareOfBarVolume: 0.1, plugins: () => [counter] });
    const result = await fx.host.submit(marketIntent('BUY', '250'));

    // Act
    await fx.play([bar(0, { open: 100, volume: 1_000 }), bar(1, { open: 101, volume: 1_000 }), bar(2, { open: 102, volume: 1_000 }), bar(3, { open: 103, volume: 1_000 })]);

    // Assert
    expect(fills).toEqual(['100@100', '100@101', '50@102']);
    const order = result.kind === 'sent' ? fx.host.orders.get(result.order.id) : undefined;
    expect(order?.state.kind).toBe('filled');
    expect(order?.filledQuantity.toString()).toBe('250');
    expect(order && averageFillPrice(order)?.toString()).toBe('100.8'); // 25200 / 250
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('250');
    expect(fx.host.portfolio.cash.toString()).toBe('74800');
  });

  it('when the broker sends the same execution twice then it is booked once', async () => {
    // Arrange
    let afterFills = 0;
    const counter = definePlugin({ name: 'robo-plugin-fills', apply(api) { api.hooks.afterFill.tap(api.name, () => { afterFills++; }); } });
    const fx = await hostFixture({ plugins: () => [counter] });
    await fx.host.submit(marketIntent('BUY', '10'));
    await fx.play([bar(0, { open: 100 })]);
    const [execution] = fx.broker.executions();

    // Act
    fx.broker.emit(execution!);
    await fx.host.idle();

    // Assert
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('10');
    expect(fx.host.portfolio.cash.toString()).toBe('99000');
    expect(afterFills).toBe(1);
    expect(fx.host.stats).toMatchObject({ fills: 1, duplicateExecutions: 1 });
  });

  it('when an execution arrives for an order this host did not place then nothing is booked', async () => {
    // Arrange
    const fx = await hostFixture();

    // Act
    fx.broker.emit({ type: 'execution', execution: { execId: 'x-1', orderId: 999, symbol: 'AAPL', side: 'BUY', quantity: dec('10'), price: dec('100'), time: T0 } });
    await fx.host.idle();

    // Assert
    expect(fx.host.portfolio.positions()).toEqual([]);
    expect(fx.host.portfolio.cash.toString()).toBe('100000');
  });

  it('when an order is partly filled and then cancelled then it ends cancelled, the position is the partial quantity, and the rest is never filled', async () => {
    // Arrange
    const fx = await hostFixture({ maxShareOfBarVolume: 0.1 });
    const result = await fx.host.submit(marketIntent('BUY', '250'));
    const orderId = result.kind === 'sent' ? result.order.id : -1;
    await fx.play([bar(0, { open: 100, volume: 1_000 })]);

    // Act
    await fx.host.cancel(orderId, 'the signal went away');
    await fx.host.idle();
    await fx.play([bar(1, { volume: 1_000 }), bar(2, { volume: 1_000 })]);

    // Assert
    expect(fx.host.orders.get(orderId)?.state.kind).toBe('cancelled');
    expect(fx.host.orders.get(orderId)?.filledQuantity.toString()).toBe('100');
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('100');
    expect(fx.broker.executions()).toHaveLength(1);
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when executions arrive in any order with duplicates then the host books each once and ends with the same position and cash', async () => {
    const scenario = fc
      .array(fc.record({ quantity: fc.integer({ min: 1, max: 500 }), cents: fc.integer({ min: 1, max: 100_000 }) }), { minLength: 1, maxLength: 6 })
      .chain((split) =>
        fc.array(fc.nat({ max: split.length - 1 }), { maxLength: split.length }).chain((dups) => {
          const deliveries = [...split.keys(), ...dups];
          return fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }).map((order) => ({ split, order }));
        }),
      );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ split, order: deliveries }) => {
        // Arrange
        const fx = await hostFixture();
        const total = split.reduce((sum, p) => sum + p.quantity, 0);
        const result = await fx.host.submit(limitIntent('BUY', String(total), '0.01')); // rests: no bar is played
        const orderId = result.kind === 'sent' ? result.order.id : -1;
        const executions = split.map((p, i) => ({ execId: `x-${i}`, orderId, symbol: 'AAPL', side: 'BUY' as const, quantity: dec(String(p.quantity)), price: dec(String(p.cents)).div(100), time: T0 }));
        const spent = executions.reduce((sum, e) => sum.plus(e.quantity.times(e.price)), ZERO);

        // Act
        for (const index of deliveries) fx.broker.emit({ type: 'execution', execution: executions[index]! });
        await fx.host.idle();

        // Assert
        expect(fx.host.orders.get(orderId)?.state.kind).toBe('filled');
        expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe(String(total));
        expect(fx.host.portfolio.cash.eq(dec('100000').minus(spent))).toBe(true);
        expect(fx.host.stats.fills).toBe(split.length);
        expect(fx.host.stats.duplicateExecutions).toBe(deliveries.length - split.length);
      }),
      { numRuns: 50 },
    );
  });

  it('when the broker reports an execution for an order it already cancelled then the shares are still booked', async () => {
    // Arrange
    const fx = await hostFixture();
    const result = await fx.host.submit(limitIntent('BUY', '10', '90'));
    const orderId = result.kind === 'sent' ? result.order.id : -1;
    await fx.host.cancel(orderId, 'test');
    await fx.host.idle();

    // Act
    fx.broker.emit({ type: 'execution', execution: { execId: 'late-1', orderId, symbol: 'AAPL', side: 'BUY', quantity: dec('4'), price: dec('90'), time: T0 } });
    await fx.host.idle();

    // Assert
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('4');
  });
});

describe('Host: ids and rejections', () => {
  it('when several orders are submitted then their ids rise, are unique, and match what the broker received', async () => {
    // Arrange
    const fx = await hostFixture();

    // Act
    const results = [];
    for (const quantity of ['1', '2', '3', '4']) results.push(await fx.host.submit(marketIntent('BUY', quantity)));

    // Assert
    const ids = results.map((r) => (r.kind === 'sent' ? r.order.id : -1));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(fx.broker.placed.map((p) => p.orderId)).toEqual(ids);
    expect(new Set(fx.broker.placed.map((p) => p.orderRef)).size).toBe(4);
  });

  it('when the broker rejects the order then submit resolves rejected and the order ends rejected', async () => {
    // Arrange
    const trace: string[] = [];
    const fx = await hostFixture({ rejectProbability: 1, plugins: () => [tracer(trace)] });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result.kind).toBe('rejected');
    if (result.kind !== 'rejected') return;
    expect(result.order.state.kind).toBe('rejected');
    expect(result.reason).toContain('rejectProbability');
    expect(fx.host.orders.open()).toEqual([]);
    expect(fx.host.stats.ordersRejected).toBe(1);
    expect(trace).toEqual(['beforeOrder', 'orderUpdate:rejected', 'afterOrder:rejected']);
  });

  it('when an afterFill tap submits an order the broker rejects then submit resolves rejected without stalling the event queue', async () => {
    // Arrange (real timers, 100 ms tap timeout: the stall is the subject)
    const followUps: SubmitResult[] = [];
    const fx = await hostFixture({
      timers: realTimers,
      tapTimeoutMs: 100,
      plugins: (host) => [definePlugin({
        name: 'robo-plugin-follow-up',
        apply(api) { api.hooks.afterFill.tapPromise(api.name, async () => { followUps.push(await host.submit(marketIntent('SELL', '10'))); }); },
      })],
    });
    fx.broker.refuse = (request) => (request.intent.side === 'SELL' ? 'no shares to sell short' : undefined);
    await fx.host.submit(marketIntent('BUY', '10'));

    // Act
    await fx.play([bar(0)]);

    // Assert
    expect(followUps.map((r) => r.kind)).toEqual(['rejected']);
    expect(fx.host.stats.tapFailures).toEqual(new Map());
  });

  it('when the journal cannot record the intent then the order is not sent and does not stay open', async () => {
    // Arrange
    const fx = await hostFixture({ journal: { recordIntent: async () => { throw new Error('disk full'); } } });

    // Act
    await fx.host.submit(marketIntent('BUY', '10')).catch(() => undefined);

    // Assert
    expect(fx.broker.placed).toEqual([]);
    expect(fx.host.orders.open()).toEqual([]);
  });
});

describe('Host: stop', () => {
  it('when the host stops then open orders are cancelled at the broker', async () => {
    // Arrange
    const fx = await hostFixture();
    const result = await fx.host.submit(limitIntent('BUY', '10', '90'));

    // Act
    await fx.host.stop({ reason: 'signal' });

    // Assert
    const order = result.kind === 'sent' ? fx.host.orders.get(result.order.id) : undefined;
    expect(order?.state).toEqual({ kind: 'cancelled', reason: 'the host is stopping (the broker: cancelled on request)' });
    expect(fx.host.orders.open()).toEqual([]);
  });

  it('when the host stops then every subscription is released once', async () => {
    // Arrange
    let releases = 0;
    const subscriber = definePlugin({ name: 'robo-plugin-quotes', apply(api) { api.subscriptions.add('quotes AAPL', () => { releases++; }); } });
    const fx = await hostFixture({ plugins: () => [subscriber] });
    expect(fx.host.subscriptions.active().map((s) => s.owner).sort()).toEqual(['robo-plugin-quotes', 'robo:host']);

    // Act
    await fx.host.stop({ reason: 'signal' });
    await fx.host.stop({ reason: 'signal' });

    // Assert
    expect(fx.host.subscriptions.active()).toEqual([]);
    expect(releases).toBe(1);
  });

  it('when the host stops then running tasks see their signal abort and nothing is reported', async () => {
    // Arrange
    let aborted = false;
    const worker = definePlugin({
      name: 'robo-plugin-worker',
      apply(api) {
        void api.tasks.run('loop', (signal) => new Promise<void>((resolve) => { signal.addEventListener('abort', () => { aborted = true; resolve(); }); }));
      },
    });
    const fx = await hostFixture({ plugins: () => [worker] });

    // Act
    const report = await fx.host.stop({ reason: 'signal' });

    // Assert
    expect(aborted).toBe(true);
    expect(report).toEqual({ leakedTasks: [], failures: [] });
    expect(fx.host.tasks.active()).toEqual([]);
  });

  it('when a task ignores its abort signal then stop reports it by plugin and name after the grace period', async () => {
    // Arrange
    const timers = new FakeTimers();
    const stubborn = definePlugin({ name: 'robo-plugin-stubborn', apply(api) { void api.tasks.run('loop', () => new Promise<void>(() => {})); } });
    const fx = await hostFixture({ timers, plugins: () => [stubborn] });

    // Act
    const stopping = fx.host.stop({ reason: 'signal' });
    expect(await timers.waitForTimer(5_000)).toBe(true);
    await timers.advance(5_000);
    const report = await stopping;

    // Assert
    expect(report.leakedTasks).toEqual([{ owner: 'robo-plugin-stubborn', name: 'loop', kind: 'task' }]);
    expect(report.failures).toEqual(['[plugin robo-plugin-stubborn] task loop did not stop']);
    expect(fx.host.state).toBe('stopped');
  });

  it('when stop is called a second time then it returns the same report and does not stop again', async () => {
    // Arrange
    let shutdowns = 0;
    const counter = definePlugin({ name: 'robo-plugin-count', apply(api) { api.hooks.onShutdown.tap(api.name, () => { shutdowns++; }); } });
    const fx = await hostFixture({ plugins: () => [counter] });
    const first = await fx.host.stop({ reason: 'end-of-data' });

    // Act
    const second = await fx.host.stop({ reason: 'signal' });

    // Assert
    expect(second).toBe(first);
    expect(shutdowns).toBe(1);
  });

  it('when the host has stopped then submit is vetoed by robo:host and nothing reaches the broker', async () => {
    // Arrange
    const fx = await hostFixture();
    await fx.host.stop({ reason: 'signal' });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
    expect(fx.broker.placed).toEqual([]);
  });

  it('when the host has stopped then bars are ignored', async () => {
    // Arrange
    const fx = await hostFixture();
    await fx.host.stop({ reason: 'signal' });

    // Act
    await fx.host.handleBar(bar(0));

    // Assert
    expect(fx.host.stats.bars).toBe(0);
  });
});

describe('Host: lifecycle', () => {
  it('when a plugin is installed after start then ROBO_ERR_INTERNAL is thrown', async () => {
    // Arrange
    const fx = await hostFixture();

    // Act
    const installing = fx.host.install(definePlugin({ name: 'robo-plugin-late', apply() {} }), {});

    // Assert
    await expect(installing).rejects.toMatchObject({ code: 'ROBO_ERR_INTERNAL' });
  });

  it('when the same plugin is installed twice then ROBO_ERR_PLUGIN_FAILED is thrown', async () => {
    // Arrange
    const plugin = definePlugin({ name: 'robo-plugin-twice', apply() {} });
    const fx = await hostFixture({ start: false, plugins: () => [plugin] });

    // Act
    const installing = fx.host.install(plugin, {});

    // Assert
    await expect(installing).rejects.toMatchObject({ code: 'ROBO_ERR_PLUGIN_FAILED' });
  });

  it('when a plugin throws while installing then ROBO_ERR_PLUGIN_FAILED names it', async () => {
    // Arrange
    const fx = await hostFixture({ start: false });

    // Act
    const installing = fx.host.install(definePlugin({ name: 'robo-plugin-bad', apply() { throw new Error('missing option'); } }), {});

    // Assert
    await expect(installing).rejects.toMatchObject({ code: 'ROBO_ERR_PLUGIN_FAILED', message: expect.stringContaining('robo-plugin-bad') });
  });

  it('when the host is not started then submit is vetoed by robo:host', async () => {
    // Arrange
    const fx = await hostFixture({ start: false });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '10'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:host' } });
  });
});
