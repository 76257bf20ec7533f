/** `bollinger`: bands k population standard deviations either side of the simple average, as TA-Lib's BBANDS. */
import type { FromSchema } from 'json-schema-to-ts';
import { defineIndicator, periodWithDefault, sourceProperty, sourceReader, unknownOutput } from './params.js';
import { Window } from './window.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    period: periodWithDefault(20, 'How many bars the average and the deviation cover.'),
    stddev: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100,
      default: 2,
      description: 'How many standard deviations the upper and lower bands lie from the middle. Default 2.',
    },
    source: sourceProperty('close'),
  },
} as const;

export type BollingerParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

const OUTPUTS = ['middle', 'upper', 'lower', 'width', 'percent_b'] as const;

export const bollinger = defineIndicator<BollingerParams>({
  name: 'bollinger',
  description:
    'Bollinger bands: middle = SMA(period), upper/lower = middle ± stddev × σ (population σ); width = (upper − lower) / middle; percent_b = (value − lower) / (upper − lower), NaN while the bands have no width.',
  paramsSchema: schema,
  outputs: OUTPUTS,
  main: 'middle',
  warmupBars: ({ period = 20 }) => period - 1,
  create({ period = 20, stddev = 2, source = 'close' }) {
    const read = sourceReader(source);
    const window = new Window(period);
    let x = Number.NaN;
    let middle = Number.NaN;
    let deviation = Number.NaN;
    return {
      update(bar) {
        x = read(bar);
        window.push(x);
        if (!window.full) return;
        // Two passes over the window, O(period) a bar: a running sum of squares loses the digits of a narrow
        // band to cancellation, and a flat window must come out exactly 0 wide, not 1e-7.
        let sum = 0;
        for (let i = 0; i < period; i++) sum += window.at(i);
        middle = sum / period;
        let squares = 0;
        for (let i = 0; i < period; i++) {
          const d = window.at(i) - middle;
          squares += d * d;
        }
        deviation = stddev * Math.sqrt(squares / period);
      },
      value(output = 'middle') {
        switch (output) {
          case 'middle':
            return middle;
          case 'upper':
            return middle + deviation;
          case 'lower':
            return middle - deviation;
          case 'width':
            return (2 * deviation) / middle;
          case 'percent_b':
            return deviation === 0 ? Number.NaN : (x - (middle - deviation)) / (2 * deviation);
          default:
            return unknownOutput('bollinger', output, OUTPUTS);
        }
      },
    };
  },
});
