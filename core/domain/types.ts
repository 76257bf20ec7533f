/** The messages that travel through the host. All are immutable; an amended order is a new object. */
import type { Decimal } from './money.js';

export type Side = 'BUY' | 'SELL';
/**
 * The order types Robo sends, as IB names them: market, limit, stop (a market order once the stop price
 * trades), stop limit, trailing stop, and market or limit on close (the closing auction).
 */
export type OrderType = 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL' | 'MOC' | 'LOC';
export const ORDER_TYPES: readonly OrderType[] = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL', 'MOC', 'LOC'];

/**
 * Time in force. DAY ends at the session's close (the extended session's with `outsideRth`), GTC stays
 * until filled or cancelled, IOC takes what the market gives at once and cancels the rest, OPG trades
 * in the opening auction only.
 */
export type TimeInForce = 'DAY' | 'GTC' | 'IOC' | 'OPG';
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['DAY', 'GTC', 'IOC', 'OPG'];
/** What an order that rests until a price is reached may be: IOC and OPG are for orders that trade at once. */
export type RestingTimeInForce = 'DAY' | 'GTC';

/**
 * IB's one-cancels-all types: 1 cancels the other members when one fills (with overfill protection), 2
 * reduces them by the filled quantity with the same protection, 3 reduces them without it.
 */
export type OcaType = 1 | 2 | 3;
export interface OcaMembership {
  readonly group: string;
  readonly type: OcaType;
}

/**
 * A leg of a bracket: the entry, and the exits that protect what it opens. The exits are held by the
 * broker until the entry fills, work only for what it filled, and reduce each other as they fill.
 */
export type BracketRole = 'entry' | 'take-profit' | 'stop-loss';
export interface BracketLeg {
  /** The bracket's own name, shared by its legs: `robo:<strategy>:b<entry order id>`. */
  readonly id: string;
  readonly role: BracketRole;
}

/** A trailing stop's distance from the best price since it started: an amount in dollars, or a percent of the price. */
export type Trail = { readonly amount: Decimal } | { readonly percent: Decimal };

/**
 * One OHLCV bar. Prices stay JS numbers on purpose: they feed indicator math. The moment a value
 * becomes an order price or quantity it is turned into a Decimal snapped to the tick.
 * `time` is the bar's opening instant in epoch milliseconds (UTC); `durationMs` its length.
 */
export interface Bar {
  readonly symbol: string;
  readonly time: number;
  readonly durationMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type OrderIntent = MarketIntent | LimitIntent | StopIntent | StopLimitIntent | TrailIntent | MarketOnCloseIntent | LimitOnCloseIntent;

interface IntentBase {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: Side;
  /** Always positive; the side gives the direction. */
  readonly quantity: Decimal;
  /** A free-form label the strategy chose, carried into logs and the journal. */
  readonly tag?: string;
  /** Absent: DAY. */
  readonly tif?: TimeInForce;
  /** May trigger and fill outside 09:30–16:00 New York (the extended session); absent: regular hours only. */
  readonly outsideRth?: boolean;
  readonly oca?: OcaMembership;
  readonly bracket?: BracketLeg;
}
export interface MarketIntent extends IntentBase {
  readonly type: 'MKT';
}
export interface LimitIntent extends IntentBase {
  readonly type: 'LMT';
  readonly limitPrice: Decimal;
}
/** Becomes a market order once the market trades at or through `stopPrice` (up for a buy, down for a sell). */
export interface StopIntent extends IntentBase {
  readonly type: 'STP';
  readonly stopPrice: Decimal;
  readonly tif?: RestingTimeInForce;
}
/** Becomes a limit order at `limitPrice` once the market trades at or through `stopPrice`. */
export interface StopLimitIntent extends IntentBase {
  readonly type: 'STP LMT';
  readonly stopPrice: Decimal;
  readonly limitPrice: Decimal;
  readonly tif?: RestingTimeInForce;
}
/**
 * A stop that follows the market: for a sell, `trail` below the highest price since it started (for a
 * buy, above the lowest), never moving back. `initialStop` is where it starts; absent, the last price
 * minus (plus) the trail.
 */
export interface TrailIntent extends IntentBase {
  readonly type: 'TRAIL';
  readonly trail: Trail;
  readonly initialStop?: Decimal;
  readonly tif?: RestingTimeInForce;
}
/** Trades in the closing auction at its price; DAY only, entered before the exchange's cut-off. */
export interface MarketOnCloseIntent extends IntentBase {
  readonly type: 'MOC';
  readonly tif?: 'DAY';
  readonly outsideRth?: false;
}
/** Trades in the closing auction when its price is at `limitPrice` or better. */
export interface LimitOnCloseIntent extends IntentBase {
  readonly type: 'LOC';
  readonly limitPrice: Decimal;
  readonly tif?: 'DAY';
  readonly outsideRth?: false;
}

/**
 * A guard's refusal, in full words: `{ by: 'robo:risk-limits', code: 'RISK_MAX_QUANTITY', reason: 'quantity 500 is over
 * the limit of 100' }`. `code` is optional and stable (capital letters, digits, underscores) so refusals can be
 * counted by kind — the run summary groups by it — while the reason, with its numbers, goes to the log.
 */
export interface Veto {
  readonly by: string;
  readonly reason: string;
  readonly code?: string;
}

/** One execution reported by the broker. `execId` is unique per partial fill. */
export interface Execution {
  readonly execId: string;
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly price: Decimal;
  /** Epoch milliseconds, UTC. */
  readonly time: number;
  /**
   * Simulated brokers only: how much worse than the market's price this fill is, per share, because of
   * the configured slippage model (never negative). It is already in `price`; live brokers leave it out.
   */
  readonly slippage?: Decimal;
}
