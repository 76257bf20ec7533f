/**
 * The broker port: what the host needs from any broker, simulated or Interactive Brokers. Requests
 * are promises; everything the broker says on its own (status, executions, commissions, link loss)
 * arrives as events, in the order the broker sent them.
 */
import type { Decimal } from '../domain/money.js';
import type { Bar, Execution, OrderIntent, Side } from '../domain/types.js';

export interface BrokerSession {
  readonly accounts: readonly string[];
  /** The broker's lowest acceptable next order id. */
  readonly nextValidId: number;
  /**
   * True when the broker's account starts empty on every connect (the simulated broker): nothing an earlier
   * run journaled is at this broker, so the journal opens a new book instead of continuing the last one.
   */
  readonly fresh?: boolean;
}

export interface PlaceOrderRequest {
  readonly orderId: number;
  readonly orderRef: string;
  readonly intent: OrderIntent;
  /** A bracket's exit: the order id of its entry, which the broker fills first (IB's `parentId`). */
  readonly parentId?: number;
  /**
   * False for every leg of a bracket but the last: the broker holds them until the last one arrives and
   * then works the group together (IB's `transmit`). Absent: true.
   */
  readonly transmit?: boolean;
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

/**
 * Raised by `placeOrder` when the order was handed to the broker but the link was lost before any answer:
 * it may or may not be working there. The order stays open (never rejected, never resent) until state
 * recovery finds it by its orderRef — or finds no trace of it and marks it not sent.
 */
export class BrokerOutcomeUnknown extends Error {
  override readonly name = 'BrokerOutcomeUnknown';
}

/** An order working at the broker, as state recovery sees it: any client's, ours or not. */
export interface BrokerOrder {
  readonly orderId: number;
  readonly orderRef: string;
  /** The API client that placed it, when the broker says. */
  readonly clientId?: number;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly filled: Decimal;
  readonly status: string;
}

/** A position at the broker; `quantity` is signed (negative: short). */
export interface BrokerPosition {
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly averageCost: Decimal;
}

export interface ReconcileRequest {
  /** The host's orders that may still be working or filling (all but the filled ones), so a broker that restarted with us tracks them again. */
  readonly orders: readonly { readonly orderId: number; readonly orderRef: string }[];
  /** Executions from this broker time on (epoch ms); undefined: every execution the broker still has. */
  readonly sinceMs: number | undefined;
}

/** Bars wanted from the broker's history, to warm indicators up before trading starts. */
export interface HistoryRequest {
  readonly symbol: string;
  /** Length of one bar in seconds (60: one minute, 86400: one day). */
  readonly barSeconds: number;
  /** How many bars, at most: the most recent ones that ended by `endMs`. */
  readonly count: number;
  /** Epoch ms, exclusive: only bars complete by then are returned (a bar still forming is left out). */
  readonly endMs: number;
  /** true: bars of regular trading hours only (09:30 to 16:00 New York). */
  readonly useRth: boolean;
  readonly whatToShow: 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK';
}

/** What the broker holds now. `events` are the status, execution and commission events it reported while answering, in order. */
export interface BrokerSnapshot {
  readonly openOrders: readonly BrokerOrder[];
  readonly events: readonly BrokerEvent[];
  readonly positions: readonly BrokerPosition[];
}

export interface BrokerPort {
  /** `sim` or `ib`, for logs and the run summary. */
  readonly kind: string;
  /**
   * `journaled` answers whether an order id (with its orderRef) is one the host journaled — placed in an
   * earlier run and closed since — so its late executions and corrections reach the host, which books
   * them through the journal, instead of being dropped as another client's.
   */
  connect(listener: BrokerListener, journaled?: (orderId: number, orderRef: string) => boolean): Promise<BrokerSession>;
  disconnect(): Promise<void>;
  /** Resolves on the broker's first acknowledgement; rejects with BrokerRejection when refused. */
  placeOrder(request: PlaceOrderRequest): Promise<void>;
  cancelOrder(orderId: number): Promise<void>;
  /**
   * New terms (quantity, prices) for a working order, under the same id — IB's `placeOrder` again.
   * Resolves when the broker accepts them; rejects with BrokerRejection when it refuses (the order is
   * filled or cancelled already, say), and the order keeps its old terms.
   */
  modifyOrder(request: PlaceOrderRequest): Promise<void>;
  /**
   * The broker's clock in epoch milliseconds; also the heartbeat probe, which says how long it waits
   * (`timeoutMs`) — its own timeout, not the broker's request timeout. Rejects when no answer came in time.
   */
  currentTime(timeoutMs?: number): Promise<number>;
  /**
   * Past bars of one symbol, oldest first, at most `count` (the most recent ones), each complete by
   * `endMs`. Optional: a broker without history (the simulated one, whose replays warm up from the data
   * itself) leaves it out. Rejects with BrokerRejection when the broker refuses or cannot answer in time.
   */
  historicalBars?(request: HistoryRequest): Promise<readonly Bar[]>;
  /** Starts bars for the symbols; the returned function stops them. */
  subscribeBars(symbols: readonly string[], listener: BarListener): Promise<() => Promise<void>>;
  /**
   * State recovery's questions, answered together: open orders of every client, executions since
   * `sinceMs`, positions. While it runs, the broker's own events are collected into the answer instead of
   * being emitted, so the host books them in one step; it rejects when the link is lost meanwhile.
   */
  reconcile(request: ReconcileRequest): Promise<BrokerSnapshot>;
  /**
   * The link is dead though the broker may not know it (the heartbeat got no answer): drop it, emit
   * `disconnected`, and reconnect as after any other loss.
   */
  dropLink(reason: string): void;
}
