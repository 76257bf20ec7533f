/** The payloads the host's hooks carry. Immutable, so a tap can never change what the next tap sees. */
import { RoboError } from '../domain/errors.js';
import type { Order, OrderStateKind } from '../domain/order.js';
import type { Decimal } from '../domain/money.js';
import type { Position } from '../domain/portfolio.js';
import type { Bar, Execution, OrderIntent, Veto } from '../domain/types.js';

/**
 * What `beforeOrder` taps see: the current intent, and the one way to change it. Each amendment
 * replaces the intent with a new object and is recorded with who made it and why. Once the mandatory
 * guards have seen the final intent the host seals the request, so nothing can change it on its way
 * to the broker — not even a plugin that kept a reference and amends later.
 */
export class OrderRequest {
  #intent: OrderIntent;
  #sealed = false;
  readonly #amendments: { by: string; reason: string; before: OrderIntent }[] = [];
  /**
   * A modify: the working order whose new terms this is. Guards judge the new terms in its place — what
   * the order commits is counted once, at its new terms.
   */
  readonly replaces: Order | undefined;

  constructor(intent: OrderIntent, replaces?: Order) {
    this.#intent = intent;
    this.replaces = replaces;
  }

  get intent(): OrderIntent {
    return this.#intent;
  }

  get amendments(): readonly { readonly by: string; readonly reason: string; readonly before: OrderIntent }[] {
    return this.#amendments;
  }

  get sealed(): boolean {
    return this.#sealed;
  }

  amend(next: OrderIntent, by: string, reason: string): void {
    if (this.#sealed) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `${by} tried to amend an order after the guards checked it (${reason}); amend only inside a beforeOrder tap`);
    this.#amendments.push({ by, reason, before: this.#intent });
    this.#intent = next;
  }

  /** Called by the host once the guards judged the final intent; from then on `amend` throws. */
  seal(): void {
    this.#sealed = true;
  }
}

export type OrderOutcome =
  | { readonly kind: 'vetoed'; readonly intent: OrderIntent; readonly veto: Veto }
  | { readonly kind: 'sent'; readonly order: Order }
  /** Sent, but the link died before any answer: neither a success nor a failure until state recovery settles it. */
  | { readonly kind: 'unknown'; readonly order: Order; readonly reason: string }
  | { readonly kind: 'rejected'; readonly order: Order; readonly reason: string }
  /** A modify the broker accepted: the order works on new terms (`order.intent`) instead of `previous`. */
  | { readonly kind: 'modified'; readonly order: Order; readonly previous: OrderIntent };

export interface OrderUpdate {
  readonly order: Order;
  readonly previous: OrderStateKind;
}

export interface Fill {
  readonly execution: Execution;
  /** The order after this execution was applied. */
  readonly order: Order;
  readonly strategyId: string;
  /** The position after this fill. */
  readonly position: Position;
  /** P&L this fill realized, before costs. */
  readonly realized: Decimal;
}

export interface ConnectInfo {
  readonly broker: string;
  readonly accounts: readonly string[];
  readonly nextValidId: number;
}

export interface DisconnectInfo {
  readonly reason: string;
}

/** Why the host is about to let orders through again. */
export interface TradingResumeInfo {
  readonly reason: 'start' | 'reconnect';
  readonly broker: string;
}

/** Every request the host sends to the broker passes `beforeBrokerRequest`, in one of three lanes. */
export type BrokerRequest =
  | { readonly kind: 'placeOrder'; readonly lane: 'order'; readonly intent: OrderIntent }
  | { readonly kind: 'cancelOrder'; readonly lane: 'cancel'; readonly orderId: number }
  | { readonly kind: 'subscribeBars'; readonly lane: 'data'; readonly symbols: readonly string[] }
  | { readonly kind: 'currentTime'; readonly lane: 'data' };

export type BrokerLane = BrokerRequest['lane'];

/**
 * What became of a request at the broker gate: `sent` — handed to the broker, in the same step as this
 * event, so a rate limiter can count the message when it leaves rather than when it was allowed — or refused.
 */
export interface BrokerRequestOutcome {
  readonly request: BrokerRequest;
  readonly sent: boolean;
}

/** The broker's own figure for an execution's commission (IB's commission report), keyed by execution id. */
export interface CommissionReport {
  readonly execId: string;
  readonly orderId: number | undefined;
  readonly commission: Decimal;
  readonly currency: string;
  /**
   * The fill the report is for, as booked — in this run or, for a report that comes after a restart, in
   * an earlier one (its estimate was charged then; a cost plugin that keeps estimates in memory works it out again).
   */
  readonly execution?: Execution;
}

/** The trading states a guard can put the host in; never a bag of booleans. */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStateChange {
  readonly from: TradingState;
  readonly to: TradingState;
  /** The plugin that changed it. */
  readonly by: string;
  readonly reason: string;
}

export type ShutdownReason = 'signal' | 'end-of-data' | 'error';

/**
 * Something the books hold that could not be accounted for the normal way — more shares executed than
 * ordered, a fill whose costs could not be computed. Booked all the same (the broker is the truth),
 * journaled, shown in the summary, and announced on onAnomaly for the guards.
 */
export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly orderId: number;
  readonly execId: string;
  readonly symbol: string;
  readonly message: string;
}

export type AnomalyKind = 'overfill' | 'cost-unknown';

/** An error that escaped every hook, task and await: the process's last-resort handlers caught it. */
export interface FaultInfo {
  readonly kind: 'rejection' | 'exception';
  /** Whose code it came from, as a reader names it: "plugin robo-plugin-x", "the ib broker adapter", "Robo itself". */
  readonly owner: string;
  readonly message: string;
}

export interface ShutdownInfo {
  readonly reason: ShutdownReason;
  readonly detail?: string;
}

export type { Bar, Veto };
