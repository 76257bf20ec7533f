/**
 * What the broker tells the host, applied in arrival order: an order's status through its state machine,
 * executions and commission reports to the fills, and the link going down (new orders refused) and coming
 * back (state recovery before trading resumes) — each journaled before anything acts on it.
 */
import type { OrderIds } from '../domain/ids.js';
import { acknowledge, cancel, isTerminal, reject, type Order } from '../domain/order.js';
import type { OrderBook } from '../domain/order-book.js';
import type { BrokerEvent, BrokerPort } from '../brokers/port.js';
import type { Logger } from '../log.js';
import type { Clock } from '../market/clock.js';
import type { Books } from './books.js';
import type { Fills } from './fills.js';
import type { Hooks } from './hooks.js';
import type { LinkRecovery } from './link-recovery.js';
import type { TradingGate } from './trading-gate.js';

/** What applying broker events needs of the host. */
export interface BrokerEventsHost {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly clock: Clock;
  readonly broker: BrokerPort;
  readonly orders: OrderBook;
  readonly ids: OrderIds;
  readonly books: Books;
  readonly fills: Fills;
  readonly trading: TradingGate;
  readonly recovery: LinkRecovery;
  /** Why a cancel of the order was asked for, if it was: the order closes with that reason, the broker's words after it. */
  cancelReason(orderId: number): string | undefined;
  /** Whether the host trades: a reconnect before it started (or while it stops) resumes nothing. */
  running(): boolean;
  setOrder(next: Order, previous: Order): Promise<void>;
}

export class BrokerEvents {
  readonly #host: BrokerEventsHost;

  constructor(host: BrokerEventsHost) {
    this.#host = host;
  }

  async apply(event: BrokerEvent): Promise<void> {
    const { books, clock, log, hooks } = this.#host;
    switch (event.type) {
      case 'status': return this.#onStatus(event.orderId, event.status, event.reason);
      case 'execution': return this.#host.fills.onExecution(event);
      case 'commission': return this.#host.fills.onCommission(event);
      case 'disconnected':
        this.#host.trading.down(event.reason);
        books.record({ kind: 'link', at: clock.nowMs(), text: `lost: ${event.reason}` });
        log.warn({ reason: event.reason }, `broker link lost: ${event.reason}; new orders are refused until it is back and reconciled`);
        await hooks.onDisconnect.promise({ reason: event.reason });
        return;
      case 'reconnected':
        this.#host.ids.observe(event.nextValidId);
        books.record({ kind: 'link', at: clock.nowMs(), text: `restored: ${event.reason}` });
        log.info({ reason: event.reason }, `broker link restored: ${event.reason}`);
        await hooks.onReconnect.promise({ broker: this.#host.broker.kind, accounts: event.accounts, nextValidId: event.nextValidId });
        if (this.#host.running()) await this.#host.recovery.resume('reconnect');
        return;
    }
  }

  async #onStatus(orderId: number, status: 'submitted' | 'cancelled' | 'rejected', brokerReason?: string): Promise<void> {
    const { orders, books, clock, log } = this.#host;
    const asked = status === 'cancelled' ? this.#host.cancelReason(orderId) : undefined;
    const reason = asked === undefined ? brokerReason : `${asked}${brokerReason === undefined || brokerReason === '' ? '' : ` (the broker: ${brokerReason})`}`;
    const order = orders.get(orderId);
    if (!order) {
      log.warn({ orderId, status }, `status ${status} for order ${orderId}, which this host did not place`);
      return;
    }
    if (isTerminal(order)) return;
    const next = status === 'submitted' ? acknowledge(order)
      : status === 'cancelled' ? cancel(order, reason ?? 'cancelled by the broker')
      : reject(order, reason ?? 'rejected by the broker');
    if (next === order) return;
    books.record(status === 'submitted' ? { kind: 'ack', at: clock.nowMs(), orderId } : { kind: status, at: clock.nowMs(), orderId, reason: reason ?? '' });
    if (status !== 'submitted') log.info({ orderId, reason }, `order ${orderId} ${next.state.kind}${reason ? `: ${reason}` : ''}`);
    await this.#host.setOrder(next, order);
  }
}
