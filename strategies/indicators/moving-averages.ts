/** `sma`, `ema` and `wma` over one number of each bar. */
import type { FromSchema } from 'json-schema-to-ts';
import { Ema, Sma, Wma } from './averages.js';
import type { IndicatorKind } from './contract.js';
import { defineIndicator, MAIN, periodProperty, singleOutput, sourceProperty, sourceReader } from './params.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: periodProperty('How many bars it averages.'),
    source: sourceProperty('close'),
  },
} as const;

export type MovingAverageParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

function movingAverage(name: string, description: string, Average: new (period: number) => { update(x: number): number }): IndicatorKind<MovingAverageParams> {
  return defineIndicator<MovingAverageParams>({
    name,
    description,
    paramsSchema: schema,
    outputs: [MAIN],
    main: MAIN,
    warmupBars: ({ period }) => period - 1,
    create({ period, source = 'close' }) {
      const read = sourceReader(source);
      const average = new Average(period);
      return singleOutput(name, (bar) => average.update(read(bar)));
    },
  });
}

export const sma = movingAverage('sma', 'Simple moving average: the mean of the last `period` values.', Sma);
export const ema = movingAverage(
  'ema',
  'Exponential moving average, α = 2 / (period + 1), seeded with the simple average of the first `period` values.',
  Ema,
);
export const wma = movingAverage('wma', 'Weighted moving average: weights 1 to `period`, the newest heaviest.', Wma);
