/**
 * The host's one way down, in an order that loses nothing: every broker event handled, onShutdown, open
 * orders cancelled (or left working, when the config says so), subscriptions and tasks released, the
 * broker disconnected, the events it sent last handled, the journal closed last — and every step that
 * could not be done reported, never hidden behind the next one.
 */
import { messageOf } from '../domain/errors.js';
import type { OrderBook } from '../domain/order-book.js';
import type { Order } from '../domain/order.js';
import { describeOrder, isProtective } from '../domain/order-rules.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { BrokerPort } from '../brokers/port.js';
import type { Logger } from '../log.js';
import type { Books } from './books.js';
import type { EventQueue } from './event-queue.js';
import type { ShutdownInfo } from './events.js';
import type { Hooks } from './hooks.js';
import type { OrderPath } from './order-path.js';
import type { SubscriptionRegistry } from './subscriptions.js';
import type { TaskInfo, TaskRegistry } from './tasks.js';
import type { TradingGate } from './trading-gate.js';

export interface ShutdownReport {
  readonly leakedTasks: readonly TaskInfo[];
  readonly failures: readonly string[];
}

/** The host's parts the way down goes through. */
export interface ShutdownParts {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly queue: EventQueue;
  readonly orders: OrderBook;
  readonly orderPath: OrderPath;
  readonly trading: TradingGate;
  readonly subscriptions: SubscriptionRegistry;
  readonly tasks: TaskRegistry;
  readonly broker: BrokerPort;
  readonly books: Books;
  readonly portfolio: Portfolio;
  /** Checks run once everything is released (the leak check of third-party plugins); each returns what it found wrong. */
  readonly afterStop: readonly (() => Promise<readonly string[]>)[];
  /** Whether open orders are cancelled (`shutdown.cancelOpenOrders`); only a host that was trading has any to cancel. */
  readonly cancelOpenOrders: boolean;
  /** Whether orders that protect a position stay working when the others are cancelled (`shutdown.keepProtectiveExits`, at a broker whose account outlives the run). */
  readonly keepProtectiveExits: boolean;
}

/**
 * An order that protects what is held: a bracket's exit, or a stop on the other side of the position
 * no larger than it. Cancelling it at a stop would leave the position with no protection while Robo is down.
 */
function protectsPosition(order: Order, portfolio: Portfolio): boolean {
  const { intent } = order;
  if (intent.bracket !== undefined) return intent.bracket.role !== 'entry';
  if (!isProtective(intent)) return false;
  const held = portfolio.position(intent.symbol).quantity;
  return (intent.side === 'SELL' ? held.gt(0) : held.lt(0)) && intent.quantity.lte(held.abs());
}

export async function shutDown(parts: ShutdownParts, info: ShutdownInfo, wasRunning: boolean): Promise<ShutdownReport> {
  const { hooks, log, queue, orders } = parts;
  log.info({ reason: info.reason }, `stopping (${info.reason}${info.detail ? `: ${info.detail}` : ''})`);
  const failures: string[] = [];
  await queue.idle();
  await hooks.onShutdown.promise(info);
  if (wasRunning && !parts.cancelOpenOrders && orders.open().length > 0) {
    log.warn({ open: orders.open().map((o) => o.id) }, `leaving ${orders.open().length} open orders working at the broker (shutdown.cancelOpenOrders is false); the next start finds them again by orderRef`);
  } else if (wasRunning) {
    const kept = parts.keepProtectiveExits ? orders.open().filter((o) => protectsPosition(o, parts.portfolio)) : [];
    if (kept.length > 0) log.warn({ kept: kept.map((o) => o.id) }, `leaving ${kept.length} protective exits working at the broker (shutdown.keepProtectiveExits), so the position stays protected while Robo is stopped: ${kept.map((o) => `order ${o.id} ${describeOrder(o.intent)}`).join('; ')}; the next start finds them again by orderRef`);
    const open = orders.open().filter((o) => !kept.includes(o));
    const results = await Promise.allSettled(open.map((o) => parts.orderPath.cancel(o.id, 'the host is stopping')));
    results.forEach((r, i) => {
      if (r.status === 'rejected') failures.push(`cancel of order ${String(open[i]?.id)}: ${messageOf(r.reason)}`);
      else if (r.value) failures.push(`cancel of order ${String(open[i]?.id)} refused by ${r.value.by}: ${r.value.reason}`);
    });
    await queue.idle();
    // A cancel that waits for the link never went: those orders may still work at the broker. The
    // journal keeps them open, and the next start reconciles them before anything else.
    for (const order of orders.open()) {
      if (!parts.orderPath.cancelWaits(order.id)) continue;
      failures.push(`order ${order.id} (${order.intent.side} ${order.intent.quantity.toString()} ${order.intent.symbol}) may still be working at the broker: its cancel could not be sent (${parts.trading.reason}); the next robo start reconciles it first`);
    }
  }
  for (const f of await parts.subscriptions.releaseAll()) failures.push(`release of ${f.info.description} (${f.info.owner}): ${messageOf(f.error)}`);
  const leakedTasks = await parts.tasks.shutdown();
  for (const t of leakedTasks) failures.push(`[plugin ${t.owner}] ${t.kind} ${t.name} did not stop`);
  try {
    await parts.broker.disconnect();
  } catch (error) {
    failures.push(`broker disconnect: ${messageOf(error)}`);
  }
  await queue.idle();
  try {
    // Last: every event the broker sent before it went is in the journal, and the file is complete on disk.
    parts.books.journal.close();
  } catch (error) {
    failures.push(`journal close: ${messageOf(error)}`);
  }
  for (const check of parts.afterStop) failures.push(...await check());
  for (const failure of failures) log.error(failure);
  return { leakedTasks, failures };
}
