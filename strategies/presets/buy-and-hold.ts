/** Buy and hold, the benchmark: buys each symbol once, at the first bar it may trade, and holds it. */
import { definePreset } from './preset.js';

export const buyAndHold = definePreset<Record<string, never>>({
  kind: 'buy-and-hold',
  description: 'Buys each symbol at its first bar, sized by sizing, and holds it: the benchmark other strategies are judged against.',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {}, description: 'Buy-and-hold takes no params; sizing says how much it buys.' },
  rules() {
    return { indicators: {}, entry: { long: 'true' } };
  },
});
