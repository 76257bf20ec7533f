/**
 * One state-recovery round with TWS: every client's open orders (ended by OPEN_ORDER_END), the
 * executions since a time (ended by EXECUTION_DATA_END for our request id), the account's positions
 * (ended by POSITION_END) — each step answered within a time limit, or the round fails. Quantities and
 * prices come from the wire text as Decimals. The broker events the round provokes (acknowledgements of
 * re-attached orders, replayed executions, commissions) are collected with it, in arrival order.
 */
import { ZERO } from '../../domain/money.js';
import { BrokerRejection, type BrokerEvent, type BrokerOrder, type BrokerPosition, type BrokerSnapshot } from '../port.js';
import type { TimerHandle, Timers } from '../../host/timers.js';
import { OPEN_ORDER, OPEN_ORDER_END, ORDER_STATUS, POSITION_DATA, POSITION_END, executionEndReqId, parseOpenOrder, parseOrderStatus, parsePosition, type WireOpenOrder, type WireOrderStatus } from './wire.js';

export type ReconcileStep = 'open orders' | 'executions' | 'positions';

interface Waiter {
  readonly step: ReconcileStep;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

export class Reconciliation {
  readonly reqId: number;
  readonly #account: string;
  readonly #timers: Timers;
  readonly #timeoutMs: number;
  readonly #orders = new Map<string, WireOpenOrder>();
  readonly #statuses = new Map<string, WireOrderStatus>();
  readonly #positions: BrokerPosition[] = [];
  readonly #events: BrokerEvent[] = [];
  #waiter: Waiter | undefined;
  #failure: Error | undefined;

  constructor(options: { reqId: number; account: string; timers: Timers; timeoutMs: number }) {
    this.reqId = options.reqId;
    this.#account = options.account;
    this.#timers = options.timers;
    this.#timeoutMs = options.timeoutMs;
  }

  /** Resolves when TWS has finished answering `step`; call it right after sending the step's request. */
  until(step: ReconcileStep): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#waiter = undefined;
        reject(new BrokerRejection(`TWS did not finish answering the request for ${step} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#waiter = { step, resolve, reject, timer };
    });
  }

  /** Every raw message while the round runs. */
  onMessage(tokens: readonly string[]): void {
    const id = tokens[0];
    if (id === OPEN_ORDER) {
      const order = parseOpenOrder(tokens);
      this.#orders.set(key(order.clientId, order.orderId), order);
    } else if (id === ORDER_STATUS && tokens.length >= 10) {
      this.#statuses.set(key(Number(tokens[9]), Number(tokens[1])), parseOrderStatus(tokens));
    } else if (id === POSITION_DATA) {
      const position = parsePosition(tokens);
      if (position.account === this.#account || this.#account === '') this.#positions.push({ symbol: position.symbol, quantity: position.quantity, averageCost: position.averageCost });
    } else if (id === OPEN_ORDER_END) {
      this.#finish('open orders');
    } else if (executionEndReqId(tokens) === this.reqId) {
      this.#finish('executions');
    } else if (id === POSITION_END) {
      this.#finish('positions');
    }
  }

  collect(event: BrokerEvent): void {
    this.#events.push(event);
  }

  /** The round cannot finish (the link was lost): the step waiting now fails with `error`. */
  fail(error: Error): void {
    this.#failure = error;
    const waiter = this.#waiter;
    if (!waiter) return;
    this.#waiter = undefined;
    this.#timers.clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  snapshot(): BrokerSnapshot {
    const openOrders: BrokerOrder[] = [];
    for (const [k, order] of this.#orders) {
      const status = this.#statuses.get(k);
      if (status?.status === 'Filled' || status?.status === 'Cancelled' || status?.status === 'ApiCancelled' || status?.status === 'Inactive') continue;
      openOrders.push({ orderId: order.orderId, orderRef: order.orderRef, clientId: order.clientId, symbol: order.symbol, side: order.side, quantity: order.quantity, filled: status?.filled ?? ZERO, status: status?.status ?? 'Submitted' });
    }
    return { openOrders, events: [...this.#events], positions: [...this.#positions] };
  }

  #finish(step: ReconcileStep): void {
    const waiter = this.#waiter;
    if (waiter?.step !== step) return;
    this.#waiter = undefined;
    this.#timers.clearTimeout(waiter.timer);
    waiter.resolve();
  }
}

function key(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}

