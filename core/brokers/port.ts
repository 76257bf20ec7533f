/**
 * The broker port: what the host needs from any broker, simulated or Interactive Brokers. Requests
 * are promises; everything the broker says on its own (status, executions, commissions, link loss)
 * arrives as events, in the order the broker sent them.
 */
import type { Decimal } from '../domain/money.js';
import type { Bar, Execution, OrderIntent } from '../domain/types.js';

export interface BrokerSession {
  readonly accounts: readonly string[];
  /** The broker's lowest acceptable next order id. */
  readonly nextValidId: number;
}

export interface PlaceOrderRequest {
  readonly orderId: number;
  readonly orderRef: string;
  readonly intent: OrderIntent;
}

export type BrokerEvent =
  | { readonly type: 'status'; readonly orderId: number; readonly status: 'submitted' | 'cancelled' | 'rejected'; readonly reason?: string }
  | { readonly type: 'execution'; readonly execution: Execution }
  | { readonly type: 'commission'; readonly execId: string; readonly commission: Decimal; readonly currency: string }
  | { readonly type: 'disconnected'; readonly reason: string }
  /** The link is usable again (a reconnect, or IB's own link restored); `nextValidId` is the broker's latest. */
  | { readonly type: 'reconnected'; readonly reason: string; readonly accounts: readonly string[]; readonly nextValidId: number };

export type BrokerListener = (event: BrokerEvent) => void;
export type BarListener = (bar: Bar) => void | Promise<void>;

/** Raised by `placeOrder` when the broker refused the order. */
export class BrokerRejection extends Error {
  override readonly name = 'BrokerRejection';
}

export interface BrokerPort {
  /** `sim` or `ib`, for logs and the run summary. */
  readonly kind: string;
  connect(listener: BrokerListener): Promise<BrokerSession>;
  disconnect(): Promise<void>;
  /** Resolves on the broker's first acknowledgement; rejects with BrokerRejection when refused. */
  placeOrder(request: PlaceOrderRequest): Promise<void>;
  cancelOrder(orderId: number): Promise<void>;
  /** The broker's clock in epoch milliseconds; also the heartbeat probe. */
  currentTime(): Promise<number>;
  /** Starts bars for the symbols; the returned function stops them. */
  subscribeBars(symbols: readonly string[], listener: BarListener): Promise<() => Promise<void>>;
}
