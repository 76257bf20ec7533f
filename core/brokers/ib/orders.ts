/**
 * Orders at IB: `place` resolves on the first acknowledgement (openOrder or orderStatus) for that id
 * and rejects on an order error (103, 110, 201, …); when none came in time, its outcome is unknown (the
 * order stays open, in doubt, until IB says what became of it). IB's order statuses become the port's
 * status events, once each. Only orders placed through this broker are tracked.
 */
import type { Logger } from '../../log.js';
import type { TimerHandle, Timers } from '../../host/timers.js';
import { BrokerOutcomeUnknown, BrokerRejection, type BrokerEvent, type PlaceOrderRequest } from '../port.js';
import { isOrderRefusal, type Notice } from './codes.js';
import type { IbSession } from './connection.js';
import { ibOrder, stockContract } from './contract.js';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

interface Tracked {
  readonly orderId: number;
  /** Our orderRef: an execution of another client's order with the same id is not ours. */
  readonly ref: string;
  acknowledged: boolean;
  terminal: boolean;
  /** No answer came in time: neither working nor refused as far as we know, until IB says. */
  inDoubt?: { readonly timer: TimerHandle };
  lastError?: string;
  placing?: Waiter;
  cancelling?: Waiter;
  /** A modify sent and not yet answered: IB answers with the order's status again, or an error. */
  modifying?: Waiter;
}

const ACKNOWLEDGING = new Set(['ApiPending', 'PendingSubmit', 'PreSubmitted', 'Submitted', 'PendingCancel', 'Filled']);
const CANCELLED = new Set(['Cancelled', 'ApiCancelled']);
/** Errors that answer a cancel request: the order is already done or cannot be cancelled. */
const CANCEL_ANSWERS = new Set([161, 10147, 10148]);

export class Orders {
  readonly #orders = new Map<number, Tracked>();
  readonly #emit: (event: BrokerEvent) => void;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #current: () => IbSession | undefined;

  /** `current` is the session in use now: after a reconnect it is not the one an order was sent on. */
  constructor(emit: (event: BrokerEvent) => void, timers: Timers, log: Logger, timeoutMs: number, current: () => IbSession | undefined) {
    this.#current = current;
    this.#emit = emit;
    this.#timers = timers;
    this.#log = log;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether the order is ours: placed by this broker, or re-attached by state recovery (same id and, when IB says, same orderRef). */
  knows(orderId: number, orderRef = ''): boolean {
    const tracked = this.#orders.get(orderId);
    return tracked !== undefined && (orderRef === '' || tracked.ref === orderRef);
  }

  /**
   * Tracks an order the host placed before (in an earlier session or an earlier run), so its statuses,
   * executions and cancels are handled like any other; IB answers reqAllOpenOrders with its state.
   */
  attach(orderId: number, orderRef: string): void {
    if (!this.#orders.has(orderId)) this.#orders.set(orderId, { orderId, ref: orderRef, acknowledged: false, terminal: false });
  }

  place(session: IbSession, request: PlaceOrderRequest, account: string, outsideRth: boolean): Promise<void> {
    const { orderId } = request;
    if (this.#orders.has(orderId)) return Promise.reject(new BrokerRejection(`order id ${orderId} was already used in this session`));
    const order = ibOrder(session.ib, request.intent, request.orderRef, account, outsideRth);
    const tracked: Tracked = { orderId, ref: request.orderRef, acknowledged: false, terminal: false };
    this.#orders.set(orderId, tracked);
    const promise = new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        // No answer is not a refusal: the order may be working. It stays open — in doubt — so nothing is
        // sent again for it, while IB is asked what became of it (see #resolve).
        tracked.placing = undefined;
        reject(new BrokerOutcomeUnknown(`IB did not acknowledge order ${orderId} within ${this.#timeoutMs} ms; it stays open, in doubt, while Robo asks IB what became of it`));
        this.#doubt(tracked);
      }, this.#timeoutMs);
      tracked.placing = { resolve, reject, timer };
    });
    session.placeOrder(orderId, stockContract(session.ib, request.intent.symbol), order);
    return promise;
  }

  /**
   * An order IB did not answer in time. First IB is asked for this client's open orders: if it lists the
   * order, it is working (acknowledged, as late as it is). If one more timeout passes with no word of it,
   * a cancel is sent, whose answer settles it for good — cancelled, already filled, or "not found" (IB
   * never had it: closed, and free to be asked for again). Executions arrive on their own either way.
   */
  #doubt(tracked: Tracked): void {
    const session = this.#current();
    this.#log.warn({ orderId: tracked.orderId }, `order ${tracked.orderId} is in doubt: IB did not answer within ${this.#timeoutMs} ms; asking IB for its open orders`);
    session?.reqOpenOrders();
    const timer = this.#timers.setTimeout(() => {
      if (tracked.acknowledged || tracked.terminal) return;
      this.#log.warn({ orderId: tracked.orderId }, `order ${tracked.orderId}: IB still says nothing of it; asking IB to cancel it, so it cannot trade unseen, and following IB's answer`);
      this.#current()?.cancelOrder(tracked.orderId);
    }, this.#timeoutMs);
    tracked.inDoubt = { timer };
  }

  /**
   * New terms for a working order: the same id placed again, as IB modifies. Resolves on IB's next
   * status for it; rejects on an error about it (the order keeps its old terms) or after the timeout.
   */
  modify(session: IbSession, request: PlaceOrderRequest, account: string, outsideRth: boolean): Promise<void> {
    const tracked = this.#orders.get(request.orderId);
    if (!tracked || tracked.terminal) return Promise.reject(new BrokerRejection(`order ${request.orderId} is not working at IB, so it cannot be modified`));
    if (tracked.modifying) return Promise.reject(new BrokerRejection(`a modify of order ${request.orderId} is already waiting for IB's answer`));
    const promise = new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        tracked.modifying = undefined;
        reject(new BrokerRejection(`IB did not answer the modify of order ${request.orderId} within ${this.#timeoutMs} ms; it may work on either terms until IB reports it`));
      }, this.#timeoutMs);
      tracked.modifying = { resolve, reject, timer };
    });
    session.placeOrder(request.orderId, stockContract(session.ib, request.intent.symbol), ibOrder(session.ib, request.intent, request.orderRef, account, outsideRth));
    return promise;
  }

  /** Resolves when IB confirms the cancel (or says the order is already done); rejects after the timeout. */
  cancel(session: IbSession, orderId: number): Promise<void> {
    const tracked = this.#orders.get(orderId);
    if (!tracked || tracked.terminal) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        tracked.cancelling = undefined;
        reject(new BrokerRejection(`IB did not confirm the cancel of order ${orderId} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      tracked.cancelling = { resolve, reject, timer };
    });
    session.cancelOrder(orderId);
    return promise;
  }

  onStatus(orderId: number, status: string): void {
    const tracked = this.#orders.get(orderId);
    if (!tracked || tracked.terminal) return;
    if (ACKNOWLEDGING.has(status)) {
      this.#acknowledge(tracked);
      this.#settle(tracked, 'modifying', undefined);
    } else if (CANCELLED.has(status)) {
      tracked.terminal = true;
      this.#settle(tracked, 'placing', undefined);
      this.#emit({ type: 'status', orderId, status: 'cancelled', reason: tracked.lastError ?? 'cancelled at IB' });
      this.#settle(tracked, 'cancelling', undefined);
    } else if (status === 'Inactive') {
      tracked.terminal = true;
      const reason = tracked.lastError ?? 'IB made the order inactive';
      this.#emit({ type: 'status', orderId, status: 'rejected', reason });
      this.#settle(tracked, 'placing', new BrokerRejection(reason));
      this.#settle(tracked, 'cancelling', undefined);
    }
  }

  /** Handles an error about one of our orders; false when the id is not an order of ours. */
  onError(notice: Notice): boolean {
    const tracked = notice.reqId === undefined ? undefined : this.#orders.get(notice.reqId);
    if (!tracked) return false;
    tracked.lastError = `${notice.ibMessage} (IB ${notice.code})`;
    if (tracked.modifying !== undefined && tracked.acknowledged) {
      // An answer to the modify, not to the order: it keeps working on its old terms.
      this.#settle(tracked, 'modifying', new BrokerRejection(`IB refused the modify of order ${tracked.orderId}: ${tracked.lastError}`));
      return true;
    }
    if (CANCEL_ANSWERS.has(notice.code)) {
      if (notice.code === 10147 && tracked.inDoubt !== undefined && !tracked.acknowledged && !tracked.terminal) {
        // The order in doubt is unknown to IB: it never arrived. Closed, so the strategy may ask again.
        tracked.terminal = true;
        this.#emit({ type: 'status', orderId: tracked.orderId, status: 'cancelled', reason: `IB has no order ${tracked.orderId}: it never arrived (${tracked.lastError}); not sent` });
      }
      this.#settle(tracked, 'cancelling', undefined);
      return true;
    }
    if (isOrderRefusal(notice) && !tracked.acknowledged && !tracked.terminal) {
      tracked.terminal = true;
      this.#emit({ type: 'status', orderId: tracked.orderId, status: 'rejected', reason: tracked.lastError });
      this.#settle(tracked, 'placing', new BrokerRejection(`IB refused order ${tracked.orderId}: ${tracked.lastError}`));
    }
    return true;
  }

  /**
   * The socket died under requests waiting for IB: an order already sent may or may not be working
   * there (its outcome is unknown, never a rejection, and it is never resent); a cancel is not confirmed.
   */
  linkLost(reason: string): void {
    for (const tracked of this.#orders.values()) {
      // State recovery settles an order in doubt after the reconnect, by its orderRef.
      this.#clearDoubt(tracked);
      this.#settle(tracked, 'modifying', new BrokerRejection(`${reason} before IB answered the modify of order ${tracked.orderId}`));
      this.#settle(tracked, 'placing', new BrokerOutcomeUnknown(`${reason} before IB answered order ${tracked.orderId}; it may be working at IB: state recovery looks for it by its orderRef when the link is back, and it is never resent`));
      this.#settle(tracked, 'cancelling', new BrokerRejection(`${reason} before IB confirmed the cancel of order ${tracked.orderId}`));
    }
  }

  /** Every request still waiting is refused: the broker is stopping. */
  failAll(reason: string): void {
    for (const tracked of this.#orders.values()) {
      this.#clearDoubt(tracked);
      this.#settle(tracked, 'placing', new BrokerRejection(reason));
      this.#settle(tracked, 'cancelling', new BrokerRejection(reason));
      this.#settle(tracked, 'modifying', new BrokerRejection(reason));
    }
  }

  #acknowledge(tracked: Tracked): void {
    if (tracked.acknowledged) return;
    tracked.acknowledged = true;
    if (tracked.inDoubt !== undefined) this.#log.info({ orderId: tracked.orderId }, `order ${tracked.orderId} is no longer in doubt: IB has it (acknowledged late)`);
    this.#emit({ type: 'status', orderId: tracked.orderId, status: 'submitted' });
    this.#settle(tracked, 'placing', undefined);
  }

  #clearDoubt(tracked: Tracked): void {
    if (tracked.inDoubt !== undefined) this.#timers.clearTimeout(tracked.inDoubt.timer);
  }

  #settle(tracked: Tracked, which: 'placing' | 'cancelling' | 'modifying', error: Error | undefined): void {
    const waiter = tracked[which];
    if (!waiter) return;
    tracked[which] = undefined;
    this.#timers.clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}
