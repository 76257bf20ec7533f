/** Bollinger band mean reversion: buy a close below the lower band, sell when the close is back at the middle. */
import { definePreset } from './preset.js';

export interface BollingerReversionParams {
  readonly period?: number;
  readonly stddev?: number;
  readonly allowShort?: boolean;
}

export const bollingerReversion = definePreset<BollingerReversionParams>({
  kind: 'bollinger-reversion',
  description: 'Buys a close below the lower Bollinger band and sells a close at or above the middle band; with allowShort, the mirror image above the upper band.',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      period: { type: 'integer', minimum: 2, maximum: 5000, default: 20, description: 'Bars in the middle band (a simple moving average) and its standard deviation. Default 20.' },
      stddev: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 2, description: 'How many (population) standard deviations the bands are from the middle. Default 2.' },
      allowShort: { type: 'boolean', default: false, description: 'Also sell short a close above the upper band, and cover at the middle.' },
    },
  },
  rules(params) {
    return {
      indicators: { bb: { bollinger: { period: params.period ?? 20, stddev: params.stddev ?? 2 } } },
      entry: { long: 'close < bb.lower', ...(params.allowShort === true ? { short: 'close > bb.upper' } : {}) },
      exit: { long: 'close >= bb.middle', ...(params.allowShort === true ? { short: 'close <= bb.middle' } : {}) },
    };
  },
});
