/** Donchian channel breakout (the turtle rule): buy a close above the highest high of the last entryPeriod bars, sell a close below the lowest low of the last exitPeriod bars. */
import { definePreset } from './preset.js';

export interface DonchianBreakoutParams {
  readonly entryPeriod?: number;
  readonly exitPeriod?: number;
  readonly allowShort?: boolean;
}

export const donchianBreakout = definePreset<DonchianBreakoutParams>({
  kind: 'donchian-breakout',
  description: 'Buys a close above the highest high of the previous entryPeriod bars and sells a close below the lowest low of the previous exitPeriod bars; with allowShort, the mirror image.',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      entryPeriod: { type: 'integer', minimum: 2, maximum: 5000, default: 20, description: 'Bars whose highest high (lowest low) a close must break to enter. Default 20.' },
      exitPeriod: { type: 'integer', minimum: 2, maximum: 5000, default: 10, description: 'Bars whose lowest low (highest high) a close must break to exit. Default 10.' },
      allowShort: { type: 'boolean', default: false, description: 'Also sell short a close below the lowest low of entryPeriod bars.' },
    },
  },
  rules(params) {
    return {
      // The channels of the bars before this one: a close cannot break a channel that includes its own bar.
      indicators: { breakout: { donchian: { period: params.entryPeriod ?? 20 } }, stop: { donchian: { period: params.exitPeriod ?? 10 } } },
      entry: { long: 'close > breakout.upper[1]', ...(params.allowShort === true ? { short: 'close < breakout.lower[1]' } : {}) },
      exit: { long: 'close < stop.lower[1]', ...(params.allowShort === true ? { short: 'close > stop.upper[1]' } : {}) },
    };
  },
});
