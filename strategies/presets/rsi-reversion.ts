/** RSI mean reversion: buy when the RSI is oversold, sell when it has recovered; optionally only above a trend average, and short the mirror image. */
import { definePreset } from './preset.js';

export interface RsiReversionParams {
  readonly period?: number;
  readonly oversold?: number;
  readonly exitAbove?: number;
  readonly trendPeriod?: number;
  readonly allowShort?: boolean;
}

export const rsiReversion = definePreset<RsiReversionParams>({
  kind: 'rsi-reversion',
  description: 'Buys when the RSI falls below oversold and sells when it rises above exitAbove; with allowShort, the mirror image (100 − each level).',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      period: { type: 'integer', minimum: 2, maximum: 500, default: 14, description: 'Bars in the RSI (Wilder). Default 14.' },
      oversold: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 50, default: 30, description: 'Enter long when the RSI is below this. Default 30.' },
      exitAbove: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, default: 50, description: 'Close the long position when the RSI is above this. Default 50.' },
      trendPeriod: { type: 'integer', minimum: 2, maximum: 5000, description: 'Only enter long above (short below) the simple moving average of this many closes. Optional.' },
      allowShort: { type: 'boolean', default: false, description: 'Also sell short when the RSI is above 100 − oversold, and cover below 100 − exitAbove.' },
    },
  },
  checkParams(params, checker) {
    const oversold = params.oversold ?? 30;
    const exitAbove = params.exitAbove ?? 50;
    if (exitAbove <= oversold) checker.problem(['params', 'exitAbove'], `exitAbove ${exitAbove} must be above oversold ${oversold}: a position bought under RSI ${oversold} would be sold at once, its RSI already over ${exitAbove}`);
  },
  rules(params) {
    const oversold = params.oversold ?? 30;
    const exitAbove = params.exitAbove ?? 50;
    const trend = params.trendPeriod;
    const long = `rsi < ${oversold}${trend === undefined ? '' : ' and close > trend'}`;
    const short = `rsi > ${100 - oversold}${trend === undefined ? '' : ' and close < trend'}`;
    return {
      indicators: { rsi: { rsi: { period: params.period ?? 14 } }, ...(trend === undefined ? {} : { trend: { sma: { period: trend } } }) },
      entry: { long, ...(params.allowShort === true ? { short } : {}) },
      exit: { long: `rsi > ${exitAbove}`, ...(params.allowShort === true ? { short: `rsi < ${100 - exitAbove}` } : {}) },
    };
  },
});
