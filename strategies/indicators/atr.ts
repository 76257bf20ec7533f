/**
 * `atr` and `true_range`. Written here rather than taken from trading-signals: its TR counts the first bar's
 * high − low, so its first ATR window differs from TA-Lib's, whose true ranges start at the second bar.
 */
import { WilderMean } from './wilder.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { Bar } from '../../core/domain/types.js';
import { defineIndicator, MAIN, NO_PARAMS_SCHEMA, type NoParams, periodWithDefault, singleOutput } from './params.js';

/** max(high − low, |high − prevClose|, |low − prevClose|); NaN on the first bar, which has no previous close. */
export class TrueRange {
  #previousClose = Number.NaN;
  value = Number.NaN;

  update(bar: Bar): number {
    const previous = this.#previousClose;
    this.#previousClose = bar.close;
    if (Number.isNaN(previous)) return this.value;
    this.value = Math.max(bar.high - bar.low, Math.abs(bar.high - previous), Math.abs(bar.low - previous));
    return this.value;
  }
}

/** The mean of the first n true ranges (bars 1…n), then (previous × (n − 1) + TR) / n. */
export class WilderAtr {
  readonly #tr = new TrueRange();
  readonly #mean: WilderMean;
  value = Number.NaN;

  constructor(period: number) {
    this.#mean = new WilderMean(period);
  }

  update(bar: Bar): number {
    const tr = this.#tr.update(bar);
    if (Number.isNaN(tr)) return this.value;
    this.value = this.#mean.update(tr);
    return this.value;
  }
}

const atrSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { period: periodWithDefault(14, 'How many true ranges the average covers.') },
} as const;

export type AtrParams = FromSchema<typeof atrSchema, { keepDefaultedPropertiesOptional: true }>;

export const atr = defineIndicator<AtrParams>({
  name: 'atr',
  description: "Average true range, Wilder's smoothing; in price units.",
  paramsSchema: atrSchema,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: ({ period = 14 }) => period,
  create({ period = 14 }) {
    const atr = new WilderAtr(period);
    return singleOutput('atr', (bar) => atr.update(bar));
  },
});


export const trueRange = defineIndicator<NoParams>({
  name: 'true_range',
  description: "One bar's true range: max(high − low, |high − previous close|, |low − previous close|).",
  paramsSchema: NO_PARAMS_SCHEMA,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: () => 1,
  create() {
    const tr = new TrueRange();
    return singleOutput('true_range', (bar) => tr.update(bar));
  },
});
