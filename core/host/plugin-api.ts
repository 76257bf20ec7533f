/**
 * What a plugin may use: the hooks, read-only views of orders and positions, the clock and calendar,
 * and services owned in its name (tasks, subscriptions, a child logger). No broker handle: orders
 * reach the broker only through the host's order path and its guards.
 */
import type { Decimal } from '../domain/money.js';
import type { Order } from '../domain/order.js';
import type { PortfolioSnapshot, Position } from '../domain/portfolio.js';
import type { Side } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
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
  snapshot(): PortfolioSnapshot;
}

export interface OrdersView {
  get(id: number): Order | undefined;
  byRef(ref: string): Order | undefined;
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
  readonly orders: OrdersView;
  /** This plugin's durable state: survives a restart of `robo start` (kept in memory during a backtest). */
  readonly store: { read(): unknown; write(value: unknown): void };
  /** Adds a section to the run summary (`robo backtest --json` prints it under `sections.<name>`). */
  summary(section: string, provide: () => unknown): void;
  /** Charges a cost (commission, fee) against cash; it counts in the run's costs and net P&L. */
  charge(amount: Decimal, what: string): void;
  /**
   * Adds a note to the log line of the fill being booked (call it from an afterFill tap): the host writes
   * one line per fill after every afterFill tap has run, with each note's text appended and its fields
   * merged in. A note for any other execution is dropped.
   */
  noteFill(execId: string, note: FillNote): void;
}

/** What a plugin adds to a fill's log line: a short text for people, fields for JSON logs. */
export interface FillNote {
  readonly text: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}
