/** The payloads the host's hooks carry. Immutable, so a tap can never change what the next tap sees. */
import type { Order, OrderStateKind } from '../domain/order.js';
import type { Decimal } from '../domain/money.js';
import type { Position } from '../domain/portfolio.js';
import type { Bar, Execution, OrderIntent, Veto } from '../domain/types.js';

/**
 * What `beforeOrder` taps see: the current intent, and the one way to change it. Each amendment
 * replaces the intent with a new object and is recorded with who made it and why.
 */
export class OrderRequest {
  #intent: OrderIntent;
  readonly #amendments: { by: string; reason: string; before: OrderIntent }[] = [];

  constructor(intent: OrderIntent) {
    this.#intent = intent;
  }

  get intent(): OrderIntent {
    return this.#intent;
  }

  get amendments(): readonly { readonly by: string; readonly reason: string; readonly before: OrderIntent }[] {
    return this.#amendments;
  }

  amend(next: OrderIntent, by: string, reason: string): void {
    this.#amendments.push({ by, reason, before: this.#intent });
    this.#intent = next;
  }
}

export type OrderOutcome =
  | { readonly kind: 'vetoed'; readonly intent: OrderIntent; readonly veto: Veto }
  | { readonly kind: 'sent'; readonly order: Order }
  | { readonly kind: 'rejected'; readonly order: Order; readonly reason: string };

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

/** Every request the host sends to the broker passes `beforeBrokerRequest`, in one of three lanes. */
export type BrokerRequest =
  | { readonly kind: 'placeOrder'; readonly lane: 'order'; readonly intent: OrderIntent }
  | { readonly kind: 'cancelOrder'; readonly lane: 'cancel'; readonly orderId: number }
  | { readonly kind: 'subscribeBars'; readonly lane: 'data'; readonly symbols: readonly string[] }
  | { readonly kind: 'currentTime'; readonly lane: 'data' };

export type BrokerLane = BrokerRequest['lane'];

/** The broker's own figure for an execution's commission (IB's commission report), keyed by execution id. */
export interface CommissionReport {
  readonly execId: string;
  readonly orderId: number | undefined;
  readonly commission: Decimal;
  readonly currency: string;
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

export interface ShutdownInfo {
  readonly reason: ShutdownReason;
  readonly detail?: string;
}

export type { Bar, Veto };
