/**
 * What the journal holds, as the host writes it and replay reads it back: order intents, then every
 * event after them in order. Amounts are Decimals here; the journal stores them as fixed-scale text.
 */
import type { Decimal } from '../domain/money.js';
import type { Execution, OrderIntent, Side } from '../domain/types.js';
import type { AnomalyKind } from '../host/events.js';
import type { OrderChanges } from '../domain/order.js';

/** The broker account a book belongs to; `fresh` brokers (the simulated one) start empty on every connect. */
export interface BookAccount {
  readonly broker: string;
  readonly account: string;
  readonly fresh: boolean;
}

export interface JournaledOrder {
  readonly id: number;
  readonly ref: string;
  readonly intent: OrderIntent;
  readonly createdAt: number;
  /** A bracket's exit: its entry's order id. */
  readonly parentId?: number;
}

/** One event after an intent. `at` is the host clock when it was written. */
export type JournalEntry =
  /** The broker acknowledged the order. */
  | { readonly kind: 'ack'; readonly at: number; readonly orderId: number }
  | { readonly kind: 'cancelled' | 'rejected'; readonly at: number; readonly orderId: number; readonly reason: string }
  /** State recovery found no trace of the order at the broker: it was never sent, and never will be. */
  | { readonly kind: 'not-sent'; readonly at: number; readonly orderId: number; readonly reason: string }
  /** An execution booked into its order and the portfolio; `late` when the order was already cancelled or rejected. */
  | { readonly kind: 'execution'; readonly at: number; readonly execution: Execution; readonly late: boolean }
  /** The broker replaced a booked execution (`replaces`) by a corrected one. */
  | { readonly kind: 'correction'; readonly at: number; readonly execution: Execution; readonly replaces: string }
  /** The broker's actual commission for an execution, taken once. */
  | { readonly kind: 'commission'; readonly at: number; readonly execId: string; readonly commission: Decimal; readonly currency: string }
  /** A cost charged to cash (negative: refunded), with what it was for. */
  | { readonly kind: 'charge'; readonly at: number; readonly amount: Decimal; readonly what: string }
  /** A position found at the broker and taken into Robo's books at the broker's average cost. */
  | { readonly kind: 'adopt'; readonly at: number; readonly symbol: string; readonly side: Side; readonly quantity: Decimal; readonly price: Decimal; readonly reason: string }
  /** The broker accepted new terms for a working order (a modify): its quantity and prices from now on. */
  | { readonly kind: 'modified'; readonly at: number; readonly orderId: number; readonly changes: OrderChanges }
  /** The link went down or came back; kept for the audit trail. */
  | { readonly kind: 'link'; readonly at: number; readonly text: string }
  /** Something booked that could not be accounted for the normal way (see Anomaly); it changes nothing on replay. */
  | { readonly kind: 'anomaly'; readonly at: number; readonly anomaly: AnomalyKind; readonly orderId: number; readonly execId: string; readonly symbol: string; readonly text: string };

export type JournalEntryKind = JournalEntry['kind'];

/** Everything journaled in one book, in the order it happened. */
export interface BookHistory {
  readonly book: number;
  readonly broker: string;
  readonly account: string;
  readonly openedAt: number;
  /** Whether this run continues a book an earlier run opened (same broker and account). */
  readonly continued: boolean;
  /** The highest order id ever journaled in this book (0 when none). */
  readonly highWaterId: number;
  readonly orders: readonly JournaledOrder[];
  readonly events: readonly JournalEntry[];
}

/** One order as journaled: its intent and every event that names it, in order. */
export interface OrderHistory {
  readonly order: JournaledOrder;
  readonly events: readonly JournalEntry[];
}

/** The journaled executions and corrections of one fill (the revisions of one execution id), in order. */
export type FillEntry = Extract<JournalEntry, { kind: 'execution' | 'correction' }>;
