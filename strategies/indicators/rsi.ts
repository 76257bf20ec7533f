/**
 * `rsi`: Wilder's relative strength index, as TA-Lib computes it. Written here rather than taken from
 * trading-signals: its RSI has the same definition but keeps its prices in an array it shifts every bar.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { WilderMean } from './wilder.js';
import { defineIndicator, MAIN, periodWithDefault, singleOutput, sourceProperty, sourceReader } from './params.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    period: periodWithDefault(14, 'How many changes (bar to bar) its averages cover.'),
    source: sourceProperty('close'),
  },
} as const;

export type RsiParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

/**
 * The first average gain and loss are the plain means of the first n changes (n + 1 values), then each is
 * (previous × (n − 1) + current) / n. RSI = 100 − 100 / (1 + avgGain / avgLoss), and 100 when avgLoss is 0
 * (TA-Lib gives 0 when both averages are 0, which only a series flat from its first bar can reach).
 */
export class WilderRsi {
  readonly #gain: WilderMean;
  readonly #loss: WilderMean;
  #previous = Number.NaN;
  value = Number.NaN;

  constructor(period: number) {
    this.#gain = new WilderMean(period);
    this.#loss = new WilderMean(period);
  }

  update(x: number): number {
    const previous = this.#previous;
    this.#previous = x;
    if (Number.isNaN(previous)) return this.value;
    const change = x - previous;
    const gain = this.#gain.update(change > 0 ? change : 0);
    const loss = this.#loss.update(change < 0 ? -change : 0);
    if (Number.isNaN(loss)) return this.value;
    this.value = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
    return this.value;
  }
}

export const rsi = defineIndicator<RsiParams>({
  name: 'rsi',
  description: "Wilder's relative strength index, 0 to 100.",
  paramsSchema: schema,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: ({ period = 14 }: RsiParams) => period,
  create({ period = 14, source = 'close' }: RsiParams) {
    const read = sourceReader(source);
    const rsi = new WilderRsi(period);
    return singleOutput('rsi', (bar) => rsi.update(read(bar)));
  },
});
