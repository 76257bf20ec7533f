/**
 * What a plugin may use: the hooks, read-only views of orders and positions, the clock and calendar,
 * and services owned in its name (tasks, subscriptions, a child logger). No broker handle: orders
 * reach the broker only through the host's order path and its guards.
 */
import type { BrokerOrder, BrokerPosition } from '../brokers/port.js';
import { RoboError } from '../domain/errors.js';
import type { Decimal } from '../domain/money.js';
import type { Order } from '../domain/order.js';
import type { PortfolioSnapshot, Position } from '../domain/portfolio.js';
import type { OrderIntent, Side, Veto } from '../domain/types.js';
import type { Valuation } from '../domain/valuation.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import type { Anomaly } from './events.js';
import type { Staleness } from './price-marks.js';
import type { PluginHooks } from './plugin-hooks.js';
import type { Subscription } from './subscriptions.js';

export interface PortfolioView {
  readonly cash: Decimal;
  readonly realizedPnl: Decimal;
  readonly costs: Decimal;
  position(symbol: string): Position;
  positions(): readonly Position[];
  lastPrice(symbol: string): number | undefined;
  equity(): Decimal;
  /** Equity estimated at once and exact on demand, with exact comparisons against levels: for checks on every bar. */
  valuation(): Valuation;
  snapshot(): PortfolioSnapshot;
}

export interface PricesView {
  /** The symbol's staleness now; undefined when its price is fresh enough or the market is not in regular session. */
  staleness(symbol: string): Staleness | undefined;
}

export interface OrdersView {
  /** Any order of the book: one closed long ago is read back from the journal. */
  get(id: number): Order | undefined;
  byRef(ref: string): Order | undefined;
  /** The orders in memory: the open ones and the most recently closed (the host keeps 1,000; `get` finds any). */
  all(): readonly Order[];
  open(filter?: { symbol?: string; side?: Side; strategyId?: string }): readonly Order[];
}

export interface OwnedTasks {
  timeout(name: string, ms: number, fn: () => void): () => void;
  interval(name: string, ms: number, fn: () => void | Promise<void>): () => void;
  sleep(ms: number): Promise<void>;
  run(name: string, work: (signal: AbortSignal) => Promise<void>): Promise<void>;
}

export interface OwnedSubscriptions {
  add(description: string, release: () => Promise<void> | void): Subscription;
}

export interface PluginApi {
  readonly name: string;
  /** Tap-only, in the plugin's own name; a plugin that is not mandatory always runs after the safety guards. */
  readonly hooks: PluginHooks;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly tasks: OwnedTasks;
  readonly subscriptions: OwnedSubscriptions;
  readonly portfolio: PortfolioView;
  /** Whether a symbol's last price is too old to judge risk by (see PriceMarks). */
  readonly prices: PricesView;
  readonly orders: OrdersView;
  /** This plugin's durable state: survives a restart of `robo start` (kept in memory during a backtest). */
  readonly store: { read(): unknown; write(value: unknown): void };
  /** Adds a section to the run summary (`robo backtest --json` prints it under `sections.<name>`). */
  summary(section: string, provide: () => unknown): void;
  /**
   * Adds lines a reader must see first: printed at the top of the run summary (and under `notices` in
   * `--json`), for what changes how the rest is read — say, costs estimated from rates nobody verified.
   */
  summaryNotices(provide: () => readonly string[]): void;
  /** Charges a cost (commission, fee) against cash; it counts in the run's costs and net P&L. */
  charge(amount: Decimal, what: string): void;
  /**
   * The broker link, for built-in plugins only (undefined for every other plugin): the heartbeat probes
   * and drops it, state recovery reconciles the books with the broker.
   */
  readonly link: LinkControl | undefined;
  /**
   * Adds a note to the log line of the fill being booked (call it from an afterFill tap): the host writes
   * one line per fill after every afterFill tap has run, with each note's text appended and its fields
   * merged in. A note for any other execution is dropped.
   */
  noteFill(execId: string, note: FillNote): void;
  /**
   * Adds a check the host runs on every order in the same synchronous step as its send to the broker —
   * after every wait (the rate limiter's) and after the journal write — for what time changes: whether
   * the market is open, how far the price moved, the trading state. Built-in plugins only (undefined for
   * every other plugin). A check that vetoes or throws keeps the order from the broker; one already
   * journaled is recorded as not sent.
   */
  readonly atSend: ((check: SendCheck) => void) | undefined;
  /**
   * Reports something booked that could not be accounted for the normal way (a fill whose costs are
   * unknown): the host journals it, counts it in the summary and announces it on onAnomaly. Built-in
   * plugins only (undefined for every other plugin).
   */
  readonly reportAnomaly: ((anomaly: Anomaly) => Promise<void>) | undefined;
}

/** A last look at an order as it leaves: synchronous, so nothing can happen between it and the send. */
export type SendCheck = (intent: OrderIntent) => Veto | undefined;

/** The send-time registration of a guard that cannot do its job without one: installed other than as mandatory, it refuses to install. */
export function requireAtSend(atSend: PluginApi['atSend'], plugin: string): (check: SendCheck) => void {
  if (atSend === undefined) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `${plugin} checks orders as they are sent, which only a mandatory built-in plugin may do`);
  return atSend;
}

/** What built-in plugins may do with the broker link. */
export interface LinkControl {
  /** Asks the broker for its time through the same gate as every request, waiting up to `timeoutMs` (default the broker's request timeout); the heartbeat's probe. */
  probe(timeoutMs?: number): Promise<number>;
  /** Declares the link dead: the broker drops it, `onDisconnect` fires, and it reconnects with backoff. */
  drop(reason: string): void;
  /**
   * Asks the broker what it holds and brings the host's books in line: what it reported meanwhile is
   * booked once, our orders are re-attached by orderRef, orders it has no trace of are marked not sent
   * (never resent). Returns what differs that the journal does not know. Only inside `beforeTrading`.
   */
  reconcile(): Promise<ReconcileReport>;
  /** Takes a position the journal did not know into the books, at the broker's average cost. Only inside `beforeTrading`. */
  adopt(difference: PositionDifference): void;
}

/** A symbol whose position at the broker is not the one the journal rebuilt. */
export interface PositionDifference {
  readonly symbol: string;
  readonly broker: Decimal;
  readonly journal: Decimal;
  /** The broker's average cost per share. */
  readonly averageCost: Decimal;
}

export interface ReconcileReport {
  /** Executions the broker reported that the journal did not have, now booked. */
  readonly booked: number;
  /** Our orders still working at the broker, found by orderRef. */
  readonly reattached: readonly number[];
  /** Our orders of which the broker has no trace: never sent, and never resent. */
  readonly notSent: readonly number[];
  /** Our orders with fills that are no longer working at the broker (cancelled or expired while away). */
  readonly closedAway: readonly number[];
  /** Open orders at the broker that are not ours. */
  readonly unknownOrders: readonly BrokerOrder[];
  readonly positionDifferences: readonly PositionDifference[];
  /** The positions the broker reported, for the log. */
  readonly positions: readonly BrokerPosition[];
}

/** What a plugin adds to a fill's log line: a short text for people, fields for JSON logs. */
export interface FillNote {
  readonly text: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}
