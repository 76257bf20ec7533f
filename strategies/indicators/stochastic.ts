/**
 * `stochastic`: the fast stochastic of the reference conventions, TA-Lib's STOCHF — %K unsmoothed, %D its
 * simple average. Written here: trading-signals' StochasticOscillator allocates arrays on every bar.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { Sma } from './averages.js';
import { defineIndicator, periodWithDefault, unknownOutput } from './params.js';
import { WindowExtreme } from './window.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    period: periodWithDefault(14, 'How many bars, the current one included, the highest high and lowest low of %K span.'),
    smooth: periodWithDefault(3, 'How many %K values the simple average %D covers.'),
  },
} as const;

export type StochasticParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

const OUTPUTS = ['k', 'd'] as const;

export const stochastic = defineIndicator<StochasticParams>({
  name: 'stochastic',
  description:
    'Stochastic oscillator, 0 to 100: k (main) = 100 × (close − lowest low) / (highest high − lowest low), 0 when they are equal; d = SMA(smooth) of k.',
  paramsSchema: schema,
  outputs: OUTPUTS,
  main: 'k',
  // Both outputs start on %D's first bar, as TA-Lib's STOCHF has them.
  warmupBars: ({ period = 14, smooth = 3 }) => period + smooth - 2,
  create({ period = 14, smooth = 3 }) {
    const highs = new WindowExtreme(period, 'highest');
    const lows = new WindowExtreme(period, 'lowest');
    const average = new Sma(smooth);
    let k = Number.NaN;
    let d = Number.NaN;
    return {
      update(bar) {
        highs.push(bar.high);
        lows.push(bar.low);
        if (!highs.full) return;
        const range = highs.value - lows.value;
        const current = range === 0 ? 0 : (100 * (bar.close - lows.value)) / range;
        const currentD = average.update(current);
        if (Number.isNaN(currentD)) return;
        k = current;
        d = currentD;
      },
      value(output = 'k') {
        switch (output) {
          case 'k':
            return k;
          case 'd':
            return d;
          default:
            return unknownOutput('stochastic', output, OUTPUTS);
        }
      },
    };
  },
});
