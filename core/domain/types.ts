/** The messages that travel through the host. All are immutable; an amended order is a new object. */
import type { Decimal } from './money.js';

export type Side = 'BUY' | 'SELL';
export type OrderType = 'MKT' | 'LMT';

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

export type OrderIntent = MarketIntent | LimitIntent;

interface IntentBase {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: Side;
  /** Always positive; the side gives the direction. */
  readonly quantity: Decimal;
  /** A free-form label the strategy chose, carried into logs and the journal. */
  readonly tag?: string;
}
export interface MarketIntent extends IntentBase {
  readonly type: 'MKT';
}
export interface LimitIntent extends IntentBase {
  readonly type: 'LMT';
  readonly limitPrice: Decimal;
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
