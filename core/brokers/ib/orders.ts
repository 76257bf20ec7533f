/**
 * Orders at IB: `place` resolves on the first acknowledgement (openOrder or orderStatus) for that id
 * and rejects on an order error (103, 110, 201, …); when none came in time, its outcome is unknown (the
 * order stays open, in doubt, until IB says what became of it). A bracket leg sent with `transmit:
 * false` is held by TWS unanswered until its group's last leg arrives (see `place`). `modify` sends a
 * working order again under its id with a new price or quantity. IB's order statuses become the port's
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
  /**
   * Sent with transmit false: TWS holds it, and answers nothing about it, until a transmitting leg of
   * its group arrives. The group is the bracket: its entry's id (the parentId of the exits).
   */
  held?: { readonly group: number };
  /** A held leg released: by then IB must have acknowledged it, or it goes in doubt. */
  releasedUntil?: TimerHandle;
  placing?: Waiter;
  modifying?: Waiter;
  cancelling?: Waiter;
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

  /**
   * Sends the order. A leg sent with `transmit: false` resolves as soon as it is handed to the client:
   * TWS says nothing of it until the group's last leg transmits, and the host sends the legs one after
   * the other, each after the previous one resolved — waiting for an answer that cannot come would hold
   * the last leg back until the timeout and leave every held leg in doubt. Resolving on the last leg's
   * acknowledgement instead would need the host to send all legs before awaiting any. What the held
   * legs' own acknowledgements would have told is checked when they are released: each gets the
   * request timeout from the moment its transmitting leg is sent, and goes in doubt like any order that
   * IB did not answer in time. A refusal of a held leg still arrives, as an error and a status event.
   */
  place(session: IbSession, request: PlaceOrderRequest, account: string, outsideRth: boolean): Promise<void> {
    const { orderId } = request;
    if (this.#orders.has(orderId)) return Promise.reject(new BrokerRejection(`order id ${orderId} was already used in this session`));
    const order = ibOrder(session.ib, request, account, outsideRth);
    const tracked: Tracked = { orderId, ref: request.orderRef, acknowledged: false, terminal: false };
    this.#orders.set(orderId, tracked);
    const group = request.parentId ?? orderId;
    if (request.transmit === false) {
      tracked.held = { group };
      session.placeOrder(orderId, stockContract(session.ib, request.intent.symbol), order);
      return Promise.resolve();
    }
    const promise = new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        // No answer is not a refusal: the order may be working. It stays open — in doubt — so nothing is
        // sent again for it, while IB is asked what became of it (see #doubt).
        tracked.placing = undefined;
        reject(new BrokerOutcomeUnknown(`IB did not acknowledge order ${orderId} within ${this.#timeoutMs} ms; it stays open, in doubt, while Robo asks IB what became of it`));
        this.#doubt(tracked);
      }, this.#timeoutMs);
      tracked.placing = { resolve, reject, timer };
    });
    session.placeOrder(orderId, stockContract(session.ib, request.intent.symbol), order);
    this.#release(group);
    return promise;
  }

  /** The group's transmitting leg is on its way: its held legs must now be acknowledged in time too. */
  #release(group: number): void {
    for (const tracked of this.#orders.values()) {
      if (tracked.held?.group !== group) continue;
      tracked.held = undefined;
      if (tracked.acknowledged || tracked.terminal) continue;
      tracked.releasedUntil = this.#timers.setTimeout(() => {
        tracked.releasedUntil = undefined;
        if (!tracked.acknowledged && !tracked.terminal) this.#doubt(tracked);
      }, this.#timeoutMs);
    }
  }

  /**
   * A new price or quantity for a working order: the same id sent again, which IB answers with the
   * order as it now is (openOrder, orderStatus), or refuses with an error (104 for an order already
   * filled) and leaves the order as it was. Resolves on that answer; rejects on the refusal or the timeout.
   */
  modify(session: IbSession, request: PlaceOrderRequest, account: string, outsideRth: boolean): Promise<void> {
    const { orderId } = request;
    const tracked = this.#orders.get(orderId);
    if (!tracked || tracked.ref !== request.orderRef) return Promise.reject(new BrokerRejection(`order ${orderId} (${request.orderRef}) is not an order of ours at IB, so it cannot be modified`));
    if (tracked.terminal) return Promise.reject(new BrokerRejection(`order ${orderId} is no longer working, so it cannot be modified`));
    if (tracked.modifying) return Promise.reject(new BrokerRejection(`a modify of order ${orderId} is already waiting for IB's answer`));
    const order = ibOrder(session.ib, request, account, outsideRth);
    const promise = new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        tracked.modifying = undefined;
        reject(new BrokerRejection(`IB did not answer the modify of order ${orderId} within ${this.#timeoutMs} ms; the order may work at its old or its new terms until IB reports it`));
      }, this.#timeoutMs);
      tracked.modifying = { resolve, reject, timer };
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

  /**
   * A status of one of our orders, from an `orderStatus` message or from the state an `openOrder` message
   * carries (`answer`). IB answers a placeOrder — a modify too — with `openOrder`; a status alone (a
   * partial fill's, say) that crosses a modify is not its answer.
   */
  onStatus(orderId: number, status: string, answer: 'openOrder' | 'orderStatus' = 'orderStatus'): void {
    const tracked = this.#orders.get(orderId);
    if (!tracked || tracked.terminal) return;
    if (ACKNOWLEDGING.has(status)) {
      this.#acknowledge(tracked);
      // A fill that crossed the modify: IB refuses to modify a filled order, whatever it answers next.
      if (status === 'Filled') this.#settle(tracked, 'modifying', new BrokerRejection(`order ${orderId} filled before the modify reached it`));
      else if (answer === 'openOrder') this.#settle(tracked, 'modifying', undefined);
    } else if (CANCELLED.has(status)) {
      tracked.terminal = true;
      this.#settle(tracked, 'placing', undefined);
      this.#settle(tracked, 'modifying', new BrokerRejection(`order ${orderId} was cancelled before the modify reached it`));
      this.#emit({ type: 'status', orderId, status: 'cancelled', reason: tracked.lastError ?? 'cancelled at IB' });
      this.#settle(tracked, 'cancelling', undefined);
    } else if (status === 'Inactive') {
      tracked.terminal = true;
      const reason = tracked.lastError ?? 'IB made the order inactive';
      this.#emit({ type: 'status', orderId, status: 'rejected', reason });
      this.#settle(tracked, 'placing', new BrokerRejection(reason));
      this.#settle(tracked, 'modifying', new BrokerRejection(reason));
      this.#settle(tracked, 'cancelling', undefined);
    }
  }

  /** Handles an error about one of our orders; false when the id is not an order of ours. */
  onError(notice: Notice): boolean {
    const tracked = notice.reqId === undefined ? undefined : this.#orders.get(notice.reqId);
    if (!tracked) return false;
    tracked.lastError = `${notice.ibMessage} (IB ${notice.code})`;
    if (CANCEL_ANSWERS.has(notice.code)) {
      if (notice.code === 10147 && tracked.inDoubt !== undefined && !tracked.acknowledged && !tracked.terminal) {
        // The order in doubt is unknown to IB: it never arrived. Closed, so the strategy may ask again.
        tracked.terminal = true;
        this.#emit({ type: 'status', orderId: tracked.orderId, status: 'cancelled', reason: `IB has no order ${tracked.orderId}: it never arrived (${tracked.lastError}); not sent` });
      }
      this.#settle(tracked, 'cancelling', undefined);
      return true;
    }
    if (isOrderRefusal(notice) && tracked.modifying) {
      // A refused modify leaves the order working on its old terms; only the modify failed.
      this.#settle(tracked, 'modifying', new BrokerRejection(`IB refused the modify of order ${tracked.orderId}: ${tracked.lastError}`));
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
      this.#settle(tracked, 'placing', new BrokerOutcomeUnknown(`${reason} before IB answered order ${tracked.orderId}; it may be working at IB: state recovery looks for it by its orderRef when the link is back, and it is never resent`));
      this.#settle(tracked, 'modifying', new BrokerRejection(`${reason} before IB answered the modify of order ${tracked.orderId}; it may work at its old or its new terms`));
      this.#settle(tracked, 'cancelling', new BrokerRejection(`${reason} before IB confirmed the cancel of order ${tracked.orderId}`));
    }
  }

  /** Every request still waiting is refused: the broker is stopping. */
  failAll(reason: string): void {
    for (const tracked of this.#orders.values()) {
      this.#clearDoubt(tracked);
      this.#settle(tracked, 'placing', new BrokerRejection(reason));
      this.#settle(tracked, 'modifying', new BrokerRejection(reason));
      this.#settle(tracked, 'cancelling', new BrokerRejection(reason));
    }
  }

  #acknowledge(tracked: Tracked): void {
    if (tracked.acknowledged) return;
    tracked.acknowledged = true;
    if (tracked.releasedUntil !== undefined) this.#timers.clearTimeout(tracked.releasedUntil);
    tracked.releasedUntil = undefined;
    if (tracked.inDoubt !== undefined) this.#log.info({ orderId: tracked.orderId }, `order ${tracked.orderId} is no longer in doubt: IB has it (acknowledged late)`);
    this.#emit({ type: 'status', orderId: tracked.orderId, status: 'submitted' });
    this.#settle(tracked, 'placing', undefined);
  }

  #clearDoubt(tracked: Tracked): void {
    if (tracked.releasedUntil !== undefined) this.#timers.clearTimeout(tracked.releasedUntil);
    tracked.releasedUntil = undefined;
    if (tracked.inDoubt !== undefined) this.#timers.clearTimeout(tracked.inDoubt.timer);
  }

  #settle(tracked: Tracked, which: 'placing' | 'modifying' | 'cancelling', error: Error | undefined): void {
    const waiter = tracked[which];
    if (!waiter) return;
    tracked[which] = undefined;
    this.#timers.clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}
