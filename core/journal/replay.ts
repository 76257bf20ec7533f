/**
 * Rebuilds a book from its journal: every order in the state its events left it in, and the portfolio
 * — positions, cash, costs — from the executions, corrections, charges and adoptions in the order they
 * were booked. A restarted host starts from exactly this, before it asks the broker anything; `robo
 * journal` prints it.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import { ExecutionLedger } from '../domain/execution-ledger.js';
import { acknowledge, applyExecution, cancel, changedIntent, correctExecution, createOrder, isTerminal, reject, withTerms, type Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { BookHistory, JournalEntry, OrderHistory } from './entries.js';

export interface ReplayedBook {
  /** Every order of the book, by id, in its last journaled state. */
  readonly orders: ReadonlyMap<number, Order>;
  /** Every booked execution by fill, for telling replays and corrections from new fills. */
  readonly ledger: ExecutionLedger;
  readonly fills: number;
}

/** Applies the book to `portfolio` (which must start with the run's starting cash and nothing else). */
export function replayBook(history: BookHistory, portfolio: Portfolio): ReplayedBook {
  const orders = new Map<number, Order>(history.orders.map((o) => [o.id, createOrder(o.id, o.ref, o.intent, o.createdAt, o.parentId)]));
  const ledger = new ExecutionLedger();
  let fills = 0;
  for (const entry of history.events) {
    try {
      if (apply(entry, orders, ledger, portfolio)) fills++;
    } catch (error) {
      throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `the journal's book ${history.book} does not replay: ${describe(entry)}: ${messageOf(error)}`, {
        details: ['  Robo refuses to trade rather than start on an empty or wrong state'],
      });
    }
  }
  return { orders, ledger, fills };
}

/**
 * One order in the state its events left it in, for an order the host let go of and the broker mentioned
 * again. Its fills are booked into `ledger`; the portfolio is not touched — it booked them long ago.
 */
export function replayOrder(history: OrderHistory, ledger: ExecutionLedger): Order {
  const { order } = history;
  const orders = new Map<number, Order>([[order.id, createOrder(order.id, order.ref, order.intent, order.createdAt, order.parentId)]]);
  for (const entry of history.events) {
    try {
      apply(entry, orders, ledger, undefined);
    } catch (error) {
      throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `the journal's order ${order.id} does not replay: ${describe(entry)}: ${messageOf(error)}`);
    }
  }
  const replayed = orders.get(order.id);
  if (replayed === undefined) throw new RoboError('ROBO_ERR_INTERNAL', `order ${order.id} vanished while it was replayed`);
  return replayed;
}

/** Applies one entry, to the portfolio too when there is one; true when it booked a fill. */
function apply(entry: JournalEntry, orders: Map<number, Order>, ledger: ExecutionLedger, portfolio: Portfolio | undefined): boolean {
  const order = (id: number): Order => {
    const found = orders.get(id);
    if (!found) throw new Error(`order ${id} has no journaled intent`);
    return found;
  };
  switch (entry.kind) {
    case 'ack': {
      const o = order(entry.orderId);
      orders.set(o.id, acknowledge(o));
      return false;
    }
    case 'cancelled':
    case 'not-sent': {
      const o = order(entry.orderId);
      if (!isTerminal(o)) orders.set(o.id, cancel(o, entry.kind === 'not-sent' ? `not sent: ${entry.reason}` : entry.reason));
      return false;
    }
    case 'rejected': {
      const o = order(entry.orderId);
      if (!isTerminal(o)) orders.set(o.id, reject(o, entry.reason));
      return false;
    }
    case 'execution': {
      const { execution } = entry;
      const outcome = applyExecution(order(execution.orderId), execution);
      if (outcome.kind === 'duplicate') return false;
      orders.set(execution.orderId, outcome.order);
      ledger.book(execution);
      portfolio?.applyFill(execution.symbol, execution.side, execution.quantity, execution.price);
      if (execution.slippage !== undefined) portfolio?.recordSlippage(execution.slippage.times(execution.quantity));
      return true;
    }
    case 'correction': {
      const { execution } = entry;
      const booked = ledger.booked(entry.replaces);
      if (!booked) throw new Error(`it corrects execution ${entry.replaces}, which was never booked`);
      orders.set(execution.orderId, correctExecution(order(execution.orderId), booked, execution));
      portfolio?.correctFill(execution.symbol, execution.side, booked, execution);
      ledger.book(execution);
      return false;
    }
    case 'modified': {
      const o = order(entry.orderId);
      const next = changedIntent(o, entry.changes);
      if (typeof next === 'string') throw new Error(`its modify of order ${o.id} does not apply: ${next}`);
      orders.set(o.id, withTerms(o, next));
      return false;
    }
    case 'charge':
      portfolio?.charge(entry.amount);
      return false;
    case 'adopt':
      portfolio?.applyFill(entry.symbol, entry.side, entry.quantity, entry.price);
      return false;
    case 'commission':
    case 'link':
    case 'anomaly':
      return false;
  }
}

function describe(entry: JournalEntry): string {
  switch (entry.kind) {
    case 'execution':
    case 'correction':
      return `${entry.kind} ${entry.execution.execId} of order ${entry.execution.orderId}`;
    case 'ack':
    case 'cancelled':
    case 'rejected':
    case 'not-sent':
    case 'modified':
    case 'anomaly':
      return `${entry.kind} of order ${entry.orderId}`;
    default:
      return entry.kind;
  }
}
