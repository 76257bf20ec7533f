/**
 * `vwap`: the volume-weighted average price since the session began, anchored to New York trade dates.
 *
 * A bar belongs to the trade date (exchange-local date, from the calendar) of its start: pre-market bars
 * before 09:30 open their date's session and after-hours bars close it, so the average restarts with the
 * first bar of each new date, whatever the hours of the data. An early close changes nothing but the hours.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { defineIndicator, MAIN, singleOutput, sourceProperty, sourceReader } from './params.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { source: sourceProperty('hlc3') },
} as const;

export type VwapParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

export const vwap = defineIndicator<VwapParams>({
  name: 'vwap',
  description:
    'Volume-weighted average price of the session so far: Σ(price × volume) / Σ volume, price the typical (high + low + close) / 3 by default; restarts at each New York trade date. NaN while the session has traded no volume.',
  paramsSchema: schema,
  outputs: [MAIN],
  main: MAIN,
  warmupBars: () => 0,
  create({ source = 'hlc3' }, calendar) {
    const read = sourceReader(source);
    let date = '';
    let priceVolume = 0;
    let volume = 0;
    return singleOutput('vwap', (bar) => {
      const barDate = calendar.tradeDateOf(bar.time);
      if (barDate !== date) {
        date = barDate;
        priceVolume = 0;
        volume = 0;
      }
      priceVolume += read(bar) * bar.volume;
      volume += bar.volume;
      return priceVolume / volume;
    });
  },
});
