/**
 * Specifies the simulated broker behind the broker port: it acknowledges or (seeded) rejects orders,
 * rests them, fills them from the bars it replays — a bar's executions before any subscriber sees
 * the bar — cancels on request, and tells how a replay ended.
 */
import { describe, expect, it } from 'vitest';
import { BrokerRejection, type BrokerEvent } from '../../../../core/brokers/port.js';
import { RECENT_LIMIT, SIM_ACCOUNT, SimBroker, type SimBrokerOptions } from '../../../../core/brokers/sim/broker.js';
import type { Bar, Execution, OrderIntent } from '../../../../core/domain/types.js';
import { ManualClock } from '../../../../core/market/clock.js';
import { FakeTimers } from '../../../support/fake-timers.js';
import { bar, barSource, limitIntent, marketIntent, MINUTE, T0 } from '../../../support/market.js';

interface Harness {
  readonly broker: SimBroker;
  readonly clock: ManualClock;
  readonly events: BrokerEvent[];
  place(orderId: number, intent: OrderIntent): Promise<void>;
  replay(bars: readonly Bar[], signal?: AbortSignal): Promise<'end-of-data' | 'stopped'>;
  executions(): Execution[];
}

async function connected(options: Partial<SimBrokerOptions> = {}): Promise<Harness> {
  const clock = new ManualClock(T0);
  const broker = new SimBroker({ clock, latencyMs: 0, maxShareOfBarVolume: 1, rejectProbability: 0, seed: 1, timers: new FakeTimers(), ...options });
  const events: BrokerEvent[] = [];
  await broker.connect((event) => events.push(event));
  return {
    broker,
    clock,
    events,
    place: (orderId, intent) => broker.placeOrder({ orderId, orderRef: `robo:test:${orderId}`, intent }),
    replay: (bars, signal = new AbortController().signal) => broker.replay(barSource(bars), {}, signal),
    executions: () => events.flatMap((e) => (e.type === 'execution' ? [e.execution] : [])),
  };
}

describe('SimBroker: connection', () => {
  it('when the host connects then the session names the sim account and starts ids at 1', async () => {
    // Arrange
    const broker = new SimBroker({ clock: new ManualClock(T0), latencyMs: 0, maxShareOfBarVolume: 1, rejectProbability: 0, seed: 1 });

    // Act
    const session = await broker.connect(() => {});

    // Assert
    expect(session).toEqual({ accounts: [SIM_ACCOUNT], nextValidId: 1, fresh: true });
  });

  it('when an order is placed after disconnect then it is refused with BrokerRejection', async () => {
    // Arrange
    const { broker, place } = await connected();
    await broker.disconnect();

    // Act
    const placing = place(1, marketIntent('BUY', '10'));

    // Assert
    await expect(placing).rejects.toBeInstanceOf(BrokerRejection);
    expect(broker.received).toEqual([]);
  });

  it('when asked for the time then it answers with the clock', async () => {
    // Arrange
    const { broker, clock } = await connected();
    clock.set(T0 + 5 * MINUTE);

    // Act
    const now = await broker.currentTime();

    // Assert
    expect(now).toBe(T0 + 5 * MINUTE);
  });
});

describe('SimBroker: orders', () => {
  it('when an order is placed then it is recorded as received and acknowledged as submitted', async () => {
    // Arrange
    const { broker, events, place } = await connected();

    // Act
    await place(1, marketIntent('BUY', '10'));

    // Assert
    expect(broker.received).toEqual([{ orderId: 1, orderRef: 'robo:test:1', at: T0 }]);
    expect(events).toEqual([{ type: 'status', orderId: 1, status: 'submitted' }]);
  });

  it('when a long run places many orders then it remembers only the latest ones it received, and state recovery still lists the resting ones by reference', async () => {
    // Arrange
    const { broker, place } = await connected();

    // Act
    for (let id = 1; id <= 2 * RECENT_LIMIT + 10; id++) await place(id, limitIntent('BUY', '10', '1.00'));
    await broker.cancelOrder(1);

    // Assert
    expect(broker.received.length).toBeGreaterThanOrEqual(RECENT_LIMIT);
    expect(broker.received.length).toBeLessThan(2 * RECENT_LIMIT);
    expect(broker.received.at(-1)?.orderId).toBe(2 * RECENT_LIMIT + 10);
    expect(broker.requests.length).toBeLessThan(2 * RECENT_LIMIT);
    expect(broker.requests.at(-1)).toMatchObject({ kind: 'cancelOrder', orderId: 1 });
    const snapshot = await broker.reconcile();
    expect(snapshot.openOrders).toHaveLength(2 * RECENT_LIMIT + 9);
    expect(snapshot.openOrders[0]).toMatchObject({ orderId: 2, orderRef: 'robo:test:2' });
  });

  it('when a market order rests then it fills at the next bar open', async () => {
    // Arrange
    const { place, replay, executions } = await connected();
    await place(1, marketIntent('BUY', '10'));

    // Act
    await replay([bar(0, { open: 101.25, high: 102, low: 101, close: 101.5 })]);

    // Assert
    expect(executions()).toEqual([
      expect.objectContaining({ orderId: 1, symbol: 'AAPL', side: 'BUY', time: T0 }),
    ]);
    expect(executions()[0]?.price.toString()).toBe('101.25');
    expect(executions()[0]?.quantity.toString()).toBe('10');
  });

  it('when an order is accepted in the middle of a bar then that bar does not fill it and the next one does', async () => {
    // Arrange
    const { clock, place, replay, executions } = await connected();
    clock.set(T0 + 30_000);
    await place(1, marketIntent('BUY', '10'));

    // Act
    await replay([bar(0, { open: 100 }), bar(1, { open: 100.5 })]);

    // Assert
    expect(executions().map((e) => [e.time, e.price.toString()])).toEqual([[T0 + MINUTE, '100.5']]);
  });

  it('when a buy limit rests below the market then it fills only in the bar that trades through it, at the limit', async () => {
    // Arrange
    const { place, replay, executions } = await connected();
    await place(1, limitIntent('BUY', '10', '99.5'));

    // Act
    await replay([
      bar(0, { open: 100, high: 100.5, low: 99.6, close: 100 }),
      bar(1, { open: 100, high: 100.2, low: 99.4, close: 99.8 }),
    ]);

    // Assert
    expect(executions().map((e) => [e.time, e.price.toString()])).toEqual([[T0 + MINUTE, '99.5']]);
  });

  it('when a sell limit rests above the market then it fills only in the bar that trades through it, at the limit', async () => {
    // Arrange
    const { place, replay, executions } = await connected();
    await place(1, limitIntent('SELL', '10', '100.5'));

    // Act
    await replay([
      bar(0, { open: 100, high: 100.4, low: 99.6, close: 100 }),
      bar(1, { open: 100, high: 100.9, low: 99.8, close: 100.6 }),
    ]);

    // Assert
    expect(executions().map((e) => [e.time, e.price.toString()])).toEqual([[T0 + MINUTE, '100.5']]);
  });

  it('when an order is large for the bars then it fills in parts of at most the volume share, each with its own execution id', async () => {
    // Arrange
    const { place, replay, executions, events } = await connected({ maxShareOfBarVolume: 0.1 });
    await place(1, marketIntent('BUY', '250'));

    // Act
    await replay([bar(0, { volume: 1_000 }), bar(1, { volume: 1_000 }), bar(2, { volume: 1_000 }), bar(3, { volume: 1_000 })]);

    // Assert
    expect(executions().map((e) => e.quantity.toString())).toEqual(['100', '100', '50']);
    expect(new Set(executions().map((e) => e.execId)).size).toBe(3);
    expect(events.filter((e) => e.type === 'execution')).toHaveLength(3);
  });

  it('when a resting order is cancelled then it is removed, cancelled is emitted, and later bars do not fill it', async () => {
    // Arrange
    const { broker, events, place, replay, executions } = await connected();
    await place(1, limitIntent('BUY', '10', '90'));

    // Act
    await broker.cancelOrder(1);
    await replay([bar(0, { open: 89, high: 89, low: 85, close: 86 })]);

    // Assert
    expect(events).toContainEqual({ type: 'status', orderId: 1, status: 'cancelled', reason: 'cancelled on request' });
    expect(executions()).toEqual([]);
  });

  it('when an unknown or finished order is cancelled then nothing is emitted', async () => {
    // Arrange
    const { broker, events } = await connected();

    // Act
    await broker.cancelOrder(99);

    // Assert
    expect(events).toEqual([]);
  });
});

describe('SimBroker: seeded rejections', () => {
  async function outcomes(seed: number): Promise<string[]> {
    const { place } = await connected({ rejectProbability: 0.5, seed });
    const result: string[] = [];
    for (let id = 1; id <= 20; id++) {
      result.push(await place(id, marketIntent('BUY', '1')).then(() => 'accepted', (error: unknown) => (error instanceof BrokerRejection ? 'rejected' : 'other')));
    }
    return result;
  }

  it('when two brokers have the same seed then they accept and reject the same orders', async () => {
    // Act
    const first = await outcomes(42);
    const second = await outcomes(42);

    // Assert
    expect(second).toEqual(first);
    expect(first).toContain('accepted');
    expect(first).toContain('rejected');
  });

  it('when an order is rejected then a rejected status is emitted, placeOrder throws BrokerRejection and the order never rests', async () => {
    // Arrange
    const { events, place, replay, executions } = await connected({ rejectProbability: 1 });

    // Act
    const placing = place(1, marketIntent('BUY', '10'));

    // Assert
    await expect(placing).rejects.toBeInstanceOf(BrokerRejection);
    expect(events).toEqual([expect.objectContaining({ type: 'status', orderId: 1, status: 'rejected' })]);
    await replay([bar(0)]);
    expect(executions()).toEqual([]);
  });
});

describe('SimBroker: replay', () => {
  it('when the bars run out then replay returns end-of-data and the clock stands at the last bar close', async () => {
    // Arrange
    const { clock, replay } = await connected();

    // Act
    const end = await replay([bar(0), bar(1)]);

    // Assert
    expect(end).toBe('end-of-data');
    expect(clock.nowMs()).toBe(T0 + 2 * MINUTE);
  });

  it('when the signal aborts during the replay then replay returns stopped and no later bar is delivered', async () => {
    // Arrange
    const { broker, replay } = await connected();
    const controller = new AbortController();
    const seen: number[] = [];
    await broker.subscribeBars(['AAPL'], (b) => {
      seen.push(b.time);
      controller.abort();
    });

    // Act
    const end = await replay([bar(0), bar(1), bar(2)], controller.signal);

    // Assert
    expect(end).toBe('stopped');
    expect(seen).toEqual([T0]);
  });

  it('when the signal is already aborted then replay returns stopped and delivers nothing', async () => {
    // Arrange
    const { broker, replay } = await connected();
    const controller = new AbortController();
    controller.abort();
    const seen: Bar[] = [];
    await broker.subscribeBars(['AAPL'], (b) => { seen.push(b); });

    // Act
    const end = await replay([bar(0)], controller.signal);

    // Assert
    expect(end).toBe('stopped');
    expect(seen).toEqual([]);
  });

  it('when bars share a time then every one of them is matched before any subscriber sees one', async () => {
    // Arrange
    const { broker, events, place, replay } = await connected();
    await place(1, marketIntent('BUY', '10', 'MSFT'));
    const executionsSeenWithAapl: number[] = [];
    await broker.subscribeBars(['AAPL'], () => { executionsSeenWithAapl.push(events.filter((e) => e.type === 'execution').length); });

    // Act
    await replay([bar(0, { symbol: 'AAPL' }), bar(0, { symbol: 'MSFT' })]);

    // Assert
    expect(executionsSeenWithAapl).toEqual([1]);
  });

  it('when a subscriber sees a bar then the clock already stands at the bar close', async () => {
    // Arrange
    const { broker, clock, replay } = await connected();
    const clockSeen: number[] = [];
    await broker.subscribeBars(['AAPL'], () => { clockSeen.push(clock.nowMs()); });

    // Act
    await replay([bar(0), bar(1)]);

    // Assert
    expect(clockSeen).toEqual([T0 + MINUTE, T0 + 2 * MINUTE]);
  });

  it('when a subscriber stops its subscription then it sees no more bars, and other symbols never reach it', async () => {
    // Arrange
    const { broker, replay } = await connected();
    const seen: string[] = [];
    const stop = await broker.subscribeBars(['AAPL'], (b) => { seen.push(`${b.symbol}@${(b.time - T0) / MINUTE}`); });
    await replay([bar(0), bar(0, { symbol: 'MSFT' })]);

    // Act
    await stop();
    await replay([bar(1)]);

    // Assert
    expect(seen).toEqual(['AAPL@0']);
  });
});
