/**
 * Property: the order in which the broker's messages arrive, and how often, does not change the books.
 * For any set of orders, any split of them into executions (some later corrected), with commission
 * reports, every reordering and duplication of those messages ends in the same positions and cash —
 * the ones the executions add up to — with every order's filled quantity the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../core/brokers/port.js';
import { SimBroker } from '../../core/brokers/sim/broker.js';
import { ZERO, dec, type Decimal } from '../../core/domain/money.js';
import type { Side } from '../../core/domain/types.js';
import { Host } from '../../core/host/host.js';
import { silentLogger } from '../../core/log.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { ManualClock } from '../../core/market/clock.js';
import { costAccounting } from '../../plugins/costs/plugin.js';
import { FakeTimers } from '../support/fake-timers.js';
import { T0, limitIntent } from '../support/market.js';
import { RecordingBroker } from '../support/recording-broker.js';

interface Part {
  readonly quantity: number;
  readonly cents: number;
  /** A correction of this execution's price (a `.02` revision), if any. */
  readonly correctedCents: number | undefined;
  readonly commissionCents: number | undefined;
}

interface OrderSpec {
  readonly symbol: 'AAPL' | 'MSFT';
  readonly side: Side;
  readonly quantity: number;
  readonly parts: readonly Part[];
}

const part = fc.record({
  quantity: fc.integer({ min: 1, max: 200 }),
  cents: fc.integer({ min: 5_000, max: 20_000 }),
  correctedCents: fc.option(fc.integer({ min: 5_000, max: 20_000 }), { nil: undefined }),
  commissionCents: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
});

const order = fc.record({
  symbol: fc.constantFrom('AAPL' as const, 'MSFT' as const),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  quantity: fc.integer({ min: 1, max: 400 }),
  parts: fc.array(part, { maxLength: 3 }),
}).map((o): OrderSpec => {
  // Executions never add up to more than the order.
  let left = o.quantity;
  const parts: Part[] = [];
  for (const p of o.parts) {
    if (p.quantity > left) break;
    left -= p.quantity;
    parts.push(p);
  }
  return { ...o, parts };
});

const money = (cents: number): Decimal => dec(String(cents)).div(100);

/** Every message the broker sends for the orders (ids 1…n, in submit order), in one canonical order. */
function messages(orders: readonly OrderSpec[]): BrokerEvent[] {
  const events: BrokerEvent[] = [];
  orders.forEach((o, i) => {
    const orderId = i + 1;
    o.parts.forEach((p, j) => {
      const base = `x-${orderId}-${j}`;
      const execution = { orderId, symbol: o.symbol, side: o.side, quantity: dec(String(p.quantity)), time: T0 };
      events.push({ type: 'execution', execution: { ...execution, execId: `${base}.01`, price: money(p.cents) } });
      const last = p.correctedCents === undefined ? `${base}.01` : `${base}.02`;
      if (p.correctedCents !== undefined) events.push({ type: 'execution', execution: { ...execution, execId: last, price: money(p.correctedCents) } });
      if (p.commissionCents !== undefined) events.push({ type: 'commission', execId: last, commission: money(p.commissionCents), currency: 'USD' });
    });
  });
  return events;
}

/** What the executions add up to: each fill at its last price, each commission once. */
function expected(orders: readonly OrderSpec[]): { cash: Decimal; positions: Map<string, Decimal> } {
  let cash = dec('100000');
  const positions = new Map<string, Decimal>();
  for (const o of orders) {
    for (const p of o.parts) {
      const value = dec(String(p.quantity)).times(money(p.correctedCents ?? p.cents));
      cash = o.side === 'BUY' ? cash.minus(value) : cash.plus(value);
      cash = cash.minus(p.commissionCents === undefined ? ZERO : money(p.commissionCents));
      const signed = o.side === 'BUY' ? dec(String(p.quantity)) : dec(String(-p.quantity));
      positions.set(o.symbol, (positions.get(o.symbol) ?? ZERO).plus(signed));
    }
  }
  return { cash, positions };
}

async function play(orders: readonly OrderSpec[], arrival: readonly BrokerEvent[]): Promise<Host> {
  const clock = new ManualClock(T0);
  const timers = new FakeTimers();
  const broker = new RecordingBroker(new SimBroker({ clock, latencyMs: 0, maxShareOfBarVolume: 1, rejectProbability: 0, seed: 1, timers }));
  const host = new Host({ broker, clock, calendar: loadExchangeCalendar('XNYS'), log: silentLogger(), startingCash: dec('100000'), timers });
  await host.install(costAccounting, { plan: 'zero' });
  await host.start();
  // Limit orders far from any market: they rest at the simulated broker, which never fills them itself here.
  for (const o of orders) await host.submit(limitIntent(o.side, String(o.quantity), o.side === 'BUY' ? '1.00' : '9999.00', o.symbol));
  for (const event of arrival) broker.emit(event);
  await host.idle();
  return host;
}

describe('reordered and duplicated broker messages', () => {
  it('when the messages for a set of orders arrive in any order, any of them any number of times, then positions and cash are the same', async () => {
    const scenario = fc.array(order, { minLength: 1, maxLength: 4 }).chain((orders) => {
      const canonical = messages(orders);
      // Each message at least once, some twice or three times, all shuffled together.
      const arrival = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: canonical.length, maxLength: canonical.length })
        .chain((copies) => fc.shuffledSubarray(canonical.flatMap((m, i) => Array.from({ length: copies[i] ?? 1 }, () => m)), { minLength: copies.reduce((a, b) => a + b, 0) }));
      return fc.tuple(fc.constant(orders), arrival);
    });

    await fc.assert(fc.asyncProperty(scenario, async ([orders, arrival]) => {
      const host = await play(orders, arrival);
      const want = expected(orders);

      expect(host.portfolio.cash.toString()).toBe(want.cash.toString());
      for (const [symbol, quantity] of want.positions) expect(host.portfolio.position(symbol).quantity.toString()).toBe(quantity.toString());
      orders.forEach((o, i) => {
        const filled = o.parts.reduce((sum, p) => sum + p.quantity, 0);
        expect(host.orders.get(i + 1)?.filledQuantity.toString()).toBe(String(filled));
        expect(host.orders.get(i + 1)?.filledQuantity.lte(o.quantity)).toBe(true);
      });
      await host.stop({ reason: 'end-of-data' });
    }), { numRuns: 150 });
  });
});
