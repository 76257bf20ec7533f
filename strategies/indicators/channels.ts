/** `donchian`, `highest` and `lowest`: extremes of the last n bars, the current one included. */
import type { FromSchema } from 'json-schema-to-ts';
import type { BarSource } from './contract.js';
import { defineIndicator, MAIN, periodProperty, singleOutput, sourceProperty, sourceReader, unknownOutput } from './params.js';
import { WindowExtreme } from './window.js';

const donchianSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: { period: periodProperty('How many bars, the current one included, the channel spans.') },
} as const;

export type DonchianParams = FromSchema<typeof donchianSchema>;

const DONCHIAN_OUTPUTS = ['middle', 'upper', 'lower'] as const;

export const donchian = defineIndicator<DonchianParams>({
  name: 'donchian',
  description: 'Donchian channel: upper = highest high, lower = lowest low of the last `period` bars; middle (main) halfway between.',
  paramsSchema: donchianSchema,
  outputs: DONCHIAN_OUTPUTS,
  main: 'middle',
  warmupBars: ({ period }) => period - 1,
  create({ period }) {
    const highs = new WindowExtreme(period, 'highest');
    const lows = new WindowExtreme(period, 'lowest');
    let upper = Number.NaN;
    let lower = Number.NaN;
    return {
      update(bar) {
        highs.push(bar.high);
        lows.push(bar.low);
        if (!highs.full) return;
        upper = highs.value;
        lower = lows.value;
      },
      value(output = 'middle') {
        switch (output) {
          case 'middle':
            return (upper + lower) / 2;
          case 'upper':
            return upper;
          case 'lower':
            return lower;
          default:
            return unknownOutput('donchian', output, DONCHIAN_OUTPUTS);
        }
      },
    };
  },
});

function extremeSchema<const D extends BarSource>(fallback: D) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['period'],
    properties: {
      period: periodProperty('How many bars, the current one included, it looks at.'),
      source: sourceProperty(fallback),
    },
  } as const;
}

const highestSchema = extremeSchema('high');
const lowestSchema = extremeSchema('low');

export type ExtremeParams = FromSchema<typeof highestSchema, { keepDefaultedPropertiesOptional: true }>;

function extreme(kind: 'highest' | 'lowest', schema: typeof highestSchema | typeof lowestSchema, fallback: BarSource) {
  return defineIndicator<ExtremeParams>({
    name: kind,
    description: `The ${kind} value of the last \`period\` bars, the current one included.`,
    paramsSchema: schema,
    outputs: [MAIN],
    main: MAIN,
    warmupBars: ({ period }) => period - 1,
    create({ period, source = fallback }) {
      const read = sourceReader(source);
      const window = new WindowExtreme(period, kind);
      return singleOutput(kind, (bar) => {
        window.push(read(bar));
        return window.full ? window.value : Number.NaN;
      });
    },
  });
}

export const highest = extreme('highest', highestSchema, 'high');
export const lowest = extreme('lowest', lowestSchema, 'low');
