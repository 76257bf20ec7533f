/**
 * `macd`: EMA(fast) − EMA(slow), its signal line EMA(signal) of it, and their difference, as TA-Lib's MACD
 * computes them — including where TA-Lib seeds the fast EMA (below), which a plain EMA(fast) would not match.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { Ema } from './averages.js';
import { defineIndicator, periodWithDefault, sourceProperty, sourceReader, unknownOutput } from './params.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fast: periodWithDefault(12, 'Period of the fast EMA.'),
    slow: periodWithDefault(26, 'Period of the slow EMA; when smaller than fast the two are swapped, as TA-Lib does.'),
    signal: periodWithDefault(9, 'Period of the EMA of the MACD line that makes the signal line.'),
    source: sourceProperty('close'),
  },
} as const;

export type MacdParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

const OUTPUTS = ['macd', 'signal', 'histogram'] as const;

function periods({ fast = 12, slow = 26, signal = 9 }: MacdParams): { fast: number; slow: number; signal: number } {
  return fast <= slow ? { fast, slow, signal } : { fast: slow, slow: fast, signal };
}

export const macd = defineIndicator<MacdParams>({
  name: 'macd',
  description: 'Moving average convergence/divergence: outputs macd (main), signal and histogram = macd − signal.',
  paramsSchema: schema,
  outputs: OUTPUTS,
  main: 'macd',
  // Every output starts on the same bar, the signal line's first, as in TA-Lib.
  warmupBars: (params: MacdParams) => {
    const { slow, signal } = periods(params);
    return slow + signal - 2;
  },
  create(params: MacdParams) {
    const { fast, slow, signal } = periods(params);
    const read = sourceReader(params.source ?? 'close');
    const fastEma = new Ema(fast);
    const slowEma = new Ema(slow);
    const signalEma = new Ema(signal);
    // TA-Lib starts both EMAs on the slow one's first bar (slow − 1): the fast EMA is seeded with the mean of
    // the `fast` values ending there, so it is fed from bar slow − fast on, not from the first bar.
    let skipFast = slow - fast;
    let line = Number.NaN;
    let signalLine = Number.NaN;
    return {
      update(bar) {
        const x = read(bar);
        const slowValue = slowEma.update(x);
        if (skipFast > 0) {
          skipFast--;
          return;
        }
        const fastValue = fastEma.update(x);
        if (Number.isNaN(slowValue)) return;
        const current = fastValue - slowValue;
        const currentSignal = signalEma.update(current);
        if (Number.isNaN(currentSignal)) return;
        line = current;
        signalLine = currentSignal;
      },
      value(output = 'macd') {
        switch (output) {
          case 'macd':
            return line;
          case 'signal':
            return signalLine;
          case 'histogram':
            return line - signalLine;
          default:
            return unknownOutput('macd', output, OUTPUTS);
        }
      },
    };
  },
});
