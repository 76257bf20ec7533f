/**
 * What every kind is built from: the schema pieces, so that `period` and `source` read the same in every kind;
 * the reader of a bar's `source` number, chosen once per instance rather than per bar; and the shell of a
 * one-output instance.
 */
import type { Bar } from '../../core/domain/types.js';
import type { BarSource, IndicatorInstance, IndicatorKind } from './contract.js';

export const BAR_SOURCES = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const satisfies readonly BarSource[];

/** The largest window any indicator accepts: far beyond any strategy's need, well below a memory problem. */
export const MAX_PERIOD = 100_000;

/** A window length in bars that the author must give. */
export function periodProperty(description: string) {
  return { type: 'integer', minimum: 1, maximum: MAX_PERIOD, description } as const;
}

/** A window length in bars with a default. */
export function periodWithDefault<const D extends number>(fallback: D, description: string) {
  return { type: 'integer', minimum: 1, maximum: MAX_PERIOD, default: fallback, description: `${description} Default ${fallback}.` } as const;
}

export function sourceProperty<const D extends BarSource>(fallback: D) {
  return {
    enum: BAR_SOURCES,
    default: fallback,
    description: `Which number of each bar it reads: open, high, low, close, volume, hl2 = (high + low) / 2, hlc3 = (high + low + close) / 3 or ohlc4 = (open + high + low + close) / 4. Default ${fallback}.`,
  } as const;
}

export type SourceReader = (bar: Bar) => number;

const READERS: Readonly<Record<BarSource, SourceReader>> = {
  open: (bar) => bar.open,
  high: (bar) => bar.high,
  low: (bar) => bar.low,
  close: (bar) => bar.close,
  volume: (bar) => bar.volume,
  hl2: (bar) => (bar.high + bar.low) / 2,
  hlc3: (bar) => (bar.high + bar.low + bar.close) / 3,
  ohlc4: (bar) => (bar.open + bar.high + bar.low + bar.close) / 4,
};

export function sourceReader(source: BarSource): SourceReader {
  return READERS[source];
}

/** The reading of an output that an indicator does not have: a programming error, since the language checks names. */
export function unknownOutput(indicator: string, output: string, outputs: readonly string[]): never {
  throw new RangeError(`expected an output of ${indicator} (${outputs.join(', ')}), was ${JSON.stringify(output)}`);
}

/** An instance of a one-output indicator: `step` takes a bar and returns the value after it (NaN before the first). */
export function singleOutput(indicator: string, step: (bar: Bar) => number): IndicatorInstance {
  let current = Number.NaN;
  return {
    update(bar) {
      current = step(bar);
    },
    value(output) {
      if (output !== undefined && output !== MAIN) unknownOutput(indicator, output, [MAIN]);
      return current;
    },
  };
}

/** The output name of a one-output indicator: `sma.main` is the same as `sma`. */
export const MAIN = 'main';

/** Freezes a kind; typed so that its methods' parameters are inferred from the contract. */
export function defineIndicator<Params>(kind: IndicatorKind<Params>): IndicatorKind<Params> {
  return Object.freeze(kind);
}

/** The schema of an indicator that takes no params: `obv: {}`. */
export const NO_PARAMS_SCHEMA = { type: 'object', additionalProperties: false, properties: {} } as const;
export type NoParams = Readonly<Record<string, never>>;
