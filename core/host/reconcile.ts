/**
 * The mechanism of state recovery, shared by start and every reconnect: ask the broker what it holds,
 * book what it reported meanwhile through the host's one event path (so each execution is booked once,
 * by id), find our orders by orderRef, close the ones it has no trace of — never resending them — and
 * list what the broker holds that the journal does not know. What to do about that list is policy: the
 * state-recovery plugin decides.
 */
import type { BrokerEvent, BrokerPort } from '../brokers/port.js';
import type { OrderBook } from '../domain/order-book.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { Journal } from '../journal/journal.js';
import type { PositionDifference, ReconcileReport } from './plugin-api.js';

export interface ReconcileContext {
  readonly broker: BrokerPort;
  readonly orders: OrderBook;
  readonly portfolio: Portfolio;
  readonly journal: Journal;
  /** Applies one broker event exactly as if it had arrived on its own. */
  apply(event: BrokerEvent): Promise<void>;
  /** Closes an order the broker no longer works on: `not-sent` when it never saw it, `cancelled` when it went away with fills. */
  close(orderId: number, kind: 'not-sent' | 'cancelled', reason: string): Promise<void>;
  /** Executions booked so far in this run, to count what recovery booked. */
  fills(): number;
}

export async function reconcileWithBroker(ctx: ReconcileContext): Promise<ReconcileReport> {
  // Every order of the book, not only the open ones: a late fill of one Robo gave up on is still Robo's, and booked.
  const snapshot = await ctx.broker.reconcile({
    orders: ctx.orders.all().filter((o) => o.state.kind !== 'filled').map((o) => ({ orderId: o.id, orderRef: o.ref })),
    sinceMs: ctx.journal.lastExecutionTime(),
  });
  const fillsBefore = ctx.fills();
  for (const event of snapshot.events) await ctx.apply(event);
  const booked = ctx.fills() - fillsBefore;

  const atBroker = new Map(snapshot.openOrders.map((o) => [o.orderRef, o]));
  const reattached: number[] = [];
  const notSent: number[] = [];
  const closedAway: number[] = [];
  for (const order of ctx.orders.open()) {
    if (atBroker.has(order.ref)) {
      if (order.state.kind === 'pending') await ctx.apply({ type: 'status', orderId: order.id, status: 'submitted' });
      reattached.push(order.id);
    } else if (order.state.kind === 'pending' && order.filledQuantity.isZero()) {
      // Never acknowledged and no trace now: it never reached the broker. It is closed, never resent.
      await ctx.close(order.id, 'not-sent', 'the broker has no trace of it (not working, no executions): it never reached the broker, and it is never resent');
      notSent.push(order.id);
    } else {
      await ctx.close(order.id, 'cancelled', `no longer working at the broker after ${order.filledQuantity.toString()} of ${order.intent.quantity.toString()} filled: cancelled or expired while Robo was away`);
      closedAway.push(order.id);
    }
  }

  const unknownOrders = snapshot.openOrders.filter((o) => ctx.orders.byRef(o.orderRef) === undefined);
  const brokerPositions = new Map(snapshot.positions.map((p) => [p.symbol, p]));
  const symbols = new Set([...brokerPositions.keys(), ...ctx.portfolio.positions().map((p) => p.symbol)]);
  const positionDifferences: PositionDifference[] = [];
  for (const symbol of [...symbols].sort()) {
    const broker = brokerPositions.get(symbol);
    const journal = ctx.portfolio.position(symbol).quantity;
    const held = broker?.quantity ?? journal.minus(journal);
    if (!held.eq(journal)) positionDifferences.push({ symbol, broker: held, journal, averageCost: broker?.averageCost ?? ctx.portfolio.position(symbol).averageCost });
  }
  return { booked, reattached, notSent, closedAway, unknownOrders, positionDifferences, positions: snapshot.positions };
}
