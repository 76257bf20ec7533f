/**
 * `obv` and `roc`. Written here: trading-signals' OBV starts from 0 a bar late and its ROC is a ratio, where
 * TA-Lib's OBV starts at the first bar's volume and its ROC is in percent.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { defineIndicator, MAIN, NO_PARAMS_SCHEMA, type NoParams, periodProperty, singleOutput, sourceProperty, sourceReader } from './params.js';
import { Window } from './window.js';


export const obv = defineIndicator<NoParams>({
  name: 'obv',
  description:
    "On-balance volume: starts at the first bar's volume, then adds the volume of a bar that closes up, subtracts that of one that closes down.",
  paramsSchema: NO_PARAMS_SCHEMA,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: () => 0,
  create() {
    let previousClose = Number.NaN;
    let total = 0;
    return singleOutput('obv', (bar) => {
      if (Number.isNaN(previousClose) || bar.close > previousClose) total += bar.volume;
      else if (bar.close < previousClose) total -= bar.volume;
      previousClose = bar.close;
      return total;
    });
  },
});

const rocSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: periodProperty('How many bars back the value it compares with is.'),
    source: sourceProperty('close'),
  },
} as const;

export type RocParams = FromSchema<typeof rocSchema, { keepDefaultedPropertiesOptional: true }>;

export const roc = defineIndicator<RocParams>({
  name: 'roc',
  description: 'Rate of change in percent: 100 × (value / value `period` bars ago − 1); 0 when that value was 0, as TA-Lib has it.',
  paramsSchema: rocSchema,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: ({ period }) => period,
  create({ period, source = 'close' }) {
    const read = sourceReader(source);
    const window = new Window(period + 1);
    return singleOutput('roc', (bar) => {
      const x = read(bar);
      window.push(x);
      if (!window.full) return Number.NaN;
      const then = window.at(0);
      return then === 0 ? 0 : 100 * (x / then - 1);
    });
  },
});
