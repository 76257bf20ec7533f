/**
 * The strategy SDK: a strategy kind declares its parameters' JSON Schema (validated with the rest of the
 * config, with line numbers) and creates a strategy that sees bars and fills and places orders only
 * through the host's order path, so every guard applies to it.
 */
import type { Decimal } from '../core/domain/money.js';
import type { Order, OrderChanges } from '../core/domain/order.js';
import type { Bar, OrderIntent, RestingTimeInForce, Side, Trail, Veto } from '../core/domain/types.js';
import type { Fill } from '../core/host/events.js';
import type { ModifyResult, SubmitResult } from '../core/host/host.js';
import type { Logger } from '../core/log.js';
import type { Clock } from '../core/market/clock.js';
import { checkStrategyShape } from './contract.js';
import type { RoboConfig, RULES_KEYS } from '../core/config/schema.js';
import type { ExchangeCalendar } from '../core/market/calendar.js';
import type { Size } from './sizing.js';

/** An order as a strategy asks for it: any OrderIntent without the strategy's id (the host adds it) and without a bracket link. */
export type IntentDraft = OrderIntent extends infer I ? (I extends OrderIntent ? Omit<I, 'strategyId' | 'bracket'> : never) : never;

/** A bracket's stop loss: a stop, a stop limit, or a trailing stop, for the entry's shares on the other side. */
export type StopLossDraft =
  | { readonly stopPrice: Decimal; readonly limitPrice?: Decimal }
  | { readonly trail: Trail; readonly initialStop?: Decimal };

/**
 * A bracket as a strategy writes it (build it with `bracket()`): the entry, and its exits as prices only —
 * their side, quantity and symbol follow from the entry, so a bracket whose exits do not fit it cannot be
 * written. Exits are GTC unless `exitTif` says DAY: a position outlives the day it was opened.
 */
export interface BracketDraft {
  readonly kind: 'bracket';
  readonly entry: IntentDraft;
  readonly takeProfit?: { readonly limitPrice: Decimal };
  readonly stopLoss?: StopLossDraft;
  readonly exitTif?: RestingTimeInForce;
  readonly outsideRth?: boolean;
}

export function bracket(legs: Omit<BracketDraft, 'kind'>): BracketDraft {
  return { kind: 'bracket', ...legs };
}

/** How a bracket ended, leg by leg; an exit is absent when the bracket has none of that kind. */
export interface BracketResult {
  readonly entry: SubmitResult;
  readonly takeProfit?: SubmitResult;
  readonly stopLoss?: SubmitResult;
}

export interface StrategyContext {
  readonly id: string;
  readonly symbols: readonly string[];
  /** Shares per trade when the config sizes by `sizing.quantity`; for every sizing, use `size()`. */
  readonly quantity?: Decimal;
  readonly log: Logger;
  readonly clock: Clock;
  /** The exchange's sessions: early closes, holidays, the New York zone. */
  readonly calendar: ExchangeCalendar;
  /** Signed position in shares. */
  position(symbol: string): Decimal;
  /** Average cost per share of the open position in `symbol`; zero when flat. */
  averageCost(symbol: string): Decimal;
  /** The account's equity now: cash plus positions at their last prices. */
  equity(): Decimal;
  /**
   * The shares a new position gets by the config's `sizing`, bought at `price`, with `stopDistance`
   * dollars per share to its stop (riskPercent needs it): whole shares, capped, with the reason in words.
   */
  size(price: Decimal, stopDistance?: Decimal): Size;
  openOrders(symbol: string): readonly Order[];
  /** Sends an order through beforeOrder and every guard; resolves when it is vetoed, acknowledged or rejected. */
  submit(draft: IntentDraft): Promise<SubmitResult>;
  /** Sends a bracket: every leg through every guard, all sent or none (see `bracket()`). */
  submit(draft: BracketDraft): Promise<BracketResult>;
  /**
   * New terms for one of its working orders — quantity, limit or stop price, trail — judged by every guard
   * and sent under the same id (IB's modify); the order keeps its old terms when refused.
   */
  modify(orderId: number, changes: OrderChanges): Promise<ModifyResult>;
  /** Asks the broker to cancel; resolves with the veto if a guard refused to send it. */
  cancel(orderId: number, reason: string): Promise<Veto | undefined>;
  /** A limit price from a market-data number, snapped to the tick on the side that never pays more. */
  limitPrice(price: number, side: Side): Decimal;
}

export interface Strategy {
  /** A bar of the strategy's timeframe (the feed's own bars when it has none). */
  onBar(bar: Bar): void | Promise<void>;
  /**
   * Every bar of the feed for its symbols, before the timeframe combines it: for a strategy that acts
   * between its own bars — a daily strategy's signal at the close, traded at the next session's first bar.
   */
  onFeedBar?(bar: Bar): void | Promise<void>;
  onFill?(fill: Fill): void | Promise<void>;
}

/** What a kind's `check` reports through: problems located in the YAML, with every other config error. */
export interface EntryChecker {
  /** Validates `value`, found at `path` under the strategy's entry, against a JSON Schema; false when it does not fit. */
  schema(schema: object, value: unknown, path: readonly (string | number)[], owner: string): boolean;
  /** A problem at `path` under the entry; `inside` points at characters of a string value (a rule's text). */
  problem(path: readonly (string | number)[], message: string, options?: { readonly inside?: number; readonly hint?: string }): void;
}

export interface StrategyKind<Params = unknown> {
  /** The kind's name in logs and errors; a built-in kind's is what `strategies[].kind` names it by. */
  readonly kind: string;
  readonly description: string;
  /**
   * The range of the Robo strategy API (ROBO_STRATEGY_API) this kind was written for, semver (`^1.0.0`);
   * checked when a kind from a package or a module loads, which is refused when this Robo's does not satisfy it.
   */
  readonly robo?: string;
  /** JSON Schema of `params`; every property described, `additionalProperties: false`. */
  readonly paramsSchema: Readonly<Record<string, unknown>>;
  /** The rules keys of a strategy entry this kind reads (`exits`, `indicators`…); a key it does not read is a config error. */
  readonly reads?: readonly RulesKey[];
  /**
   * What the schemas cannot say, checked at `robo validate` before anything trades: `entry` is the
   * strategy's whole YAML entry as written, which may be malformed where the config schema reports it.
   */
  check?(entry: Readonly<Record<string, unknown>>, checker: EntryChecker): void;
  /** Bars of its timeframe the strategy must see before it may trade (its indicators' warm-up); none when absent. */
  warmupBars?(params: Params, entry: StrategyEntry): number;
  /** `entry` is the strategy's validated config entry (id, symbols, sizing, timeframe, and a rules kind's own keys). */
  create(context: StrategyContext, params: Params, entry: StrategyEntry): Strategy;
}

/** The keys of a strategy entry that only some kinds read. */
export type RulesKey = (typeof RULES_KEYS)[number];

/** A strategy's entry in the config, as validated. */
export type StrategyEntry = RoboConfig['strategies'][number];

export function defineStrategy<Params>(kind: StrategyKind<Params>): StrategyKind<Params> {
  const problem = checkStrategyShape(kind);
  // Thrown when the kind's module is imported, so its author sees it in their own tests first.
  if (problem !== undefined) throw new TypeError(`defineStrategy: ${problem}`);
  return Object.freeze({ ...kind });
}

export type { ModifyResult, OrderChanges, OrderIntent, Size };
