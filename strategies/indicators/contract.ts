/**
 * What the rules language needs of an indicator: its name in YAML, its parameters' JSON Schema (validated
 * with line numbers like the rest of the config), the outputs an expression may read (`macd.signal`), how
 * many bars it needs before its first value, and a fresh instance per strategy and symbol.
 */
import type { Bar } from '../../core/domain/types.js';
import type { ExchangeCalendar } from '../../core/market/calendar.js';

/** Which number of a bar an indicator over one series reads: `source: close` in YAML. */
export type BarSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';

export interface IndicatorInstance {
  /** Feeds one bar (of the strategy's timeframe), oldest first. */
  update(bar: Bar): void;
  /**
   * The current value of an output, or of the main one when `output` is absent; NaN until the indicator
   * has its first full window (no partial values) — the language treats NaN as "not ready yet".
   */
  value(output?: string): number;
}

export interface IndicatorKind<Params = Record<string, unknown>> {
  /** The key in YAML: `rsi: { period: 14 }`. Lowercase. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of its params: every property described, `additionalProperties: false`, defaults stated. */
  readonly paramsSchema: Readonly<Record<string, unknown>>;
  /**
   * Named outputs an expression may read as `<name>.<output>` (`bb.upper`); the bare name reads `main`.
   * A single-valued indicator has none besides `main`.
   */
  readonly outputs: readonly string[];
  readonly main: string;
  /** Bars of its timeframe it needs before its first value: the strategy's warm-up is the largest of these. */
  warmupBars(params: Params): number;
  /** A fresh instance; `calendar` lets a session-anchored indicator (VWAP) find the session's start. */
  create(params: Params, calendar: ExchangeCalendar): IndicatorInstance;
}
