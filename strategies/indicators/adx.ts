/**
 * `adx`: Wilder's directional movement, step for step as TA-Lib's ADX, PLUS_DI and MINUS_DI compute it.
 * Written here: trading-signals' ADX starts its smoothing on the first bar (with that bar's high − low as a true
 * range) rather than TA-Lib's sums from the second bar, so its first values differ for a long while.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { defineIndicator, periodWithDefault, unknownOutput } from './params.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { period: periodWithDefault(14, 'How many bars the smoothing of +DM, −DM, TR and DX covers.') },
} as const;

export type AdxParams = FromSchema<typeof schema, { keepDefaultedPropertiesOptional: true }>;

const OUTPUTS = ['adx', 'plus_di', 'minus_di'] as const;

export const adx = defineIndicator<AdxParams>({
  name: 'adx',
  description: 'Average directional index, 0 to 100: adx (main), plus_di and minus_di.',
  paramsSchema: schema,
  outputs: OUTPUTS,
  main: 'adx',
  // All outputs start with the ADX, on bar 2n − 1 (the DIs alone would start on bar n).
  warmupBars: ({ period = 14 }) => 2 * period - 1,
  create({ period = 14 }) {
    const n = period;
    let bars = 0;
    let previousHigh = Number.NaN;
    let previousLow = Number.NaN;
    let previousClose = Number.NaN;
    // Wilder's running sums (not averages): seeded with the sum of the first n − 1 values (bars 1…n − 1),
    // then sum − sum / n + value from bar n on.
    let plusDm = 0;
    let minusDm = 0;
    let tr = 0;
    let dxSum = 0;
    let adxValue = Number.NaN;
    let plusDi = Number.NaN;
    let minusDi = Number.NaN;
    let ready = false;
    return {
      update(bar) {
        const index = bars++;
        const up = bar.high - previousHigh;
        const down = previousLow - bar.low;
        const range = Math.max(bar.high - bar.low, Math.abs(bar.high - previousClose), Math.abs(bar.low - previousClose));
        previousHigh = bar.high;
        previousLow = bar.low;
        previousClose = bar.close;
        if (index === 0) return;
        if (index >= n) {
          plusDm -= plusDm / n;
          minusDm -= minusDm / n;
          tr -= tr / n;
        }
        if (down > 0 && up < down) minusDm += down;
        else if (up > 0 && up > down) plusDm += up;
        tr += range;
        if (index < n) return;
        // With no range at all the DIs are 0 and DX is undefined: it adds 0 to the first sum and leaves the ADX as it was after.
        plusDi = tr === 0 ? 0 : (100 * plusDm) / tr;
        minusDi = tr === 0 ? 0 : (100 * minusDm) / tr;
        const diSum = plusDi + minusDi;
        const dx = diSum === 0 ? Number.NaN : (100 * Math.abs(plusDi - minusDi)) / diSum;
        if (index < 2 * n - 1) {
          if (!Number.isNaN(dx)) dxSum += dx;
          return;
        }
        if (index === 2 * n - 1) {
          if (!Number.isNaN(dx)) dxSum += dx;
          adxValue = dxSum / n;
          ready = true;
        } else if (!Number.isNaN(dx)) {
          adxValue = (adxValue * (n - 1) + dx) / n;
        }
      },
      value(output = 'adx') {
        switch (output) {
          case 'adx':
            return adxValue;
          case 'plus_di':
            return ready ? plusDi : Number.NaN;
          case 'minus_di':
            return ready ? minusDi : Number.NaN;
          default:
            return unknownOutput('adx', output, OUTPUTS);
        }
      },
    };
  },
});
