/**
 * A strategy author's own code as a project holds it: an ES module next to the config (`module:`), or a
 * package declared in the project's package.json and installed under node_modules (`kind:`). Each kind
 * is a small ESM source whose default export has the SDK's shape, written without robo-trader's
 * imports, as plain JavaScript can.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sampleConfig, writeConfig } from './cli.js';

/**
 * A kind that buys `ctx.quantity` once per symbol, at its `afterBars`-th bar, as a bracket with a take
 * profit and a stop loss `percent` away from the close.
 */
export function strategyKindSource(fields: { robo?: string; kind?: string; paramsSchema?: object } = {}): string {
  const schema = fields.paramsSchema ?? {
    type: 'object',
    additionalProperties: false,
    properties: {
      afterBars: { type: 'integer', minimum: 1, default: 30, description: 'Bars to wait before buying.' },
      percent: { type: 'number', exclusiveMinimum: 0, maximum: 20, default: 1, description: 'Distance of the exits from the close, in percent.' },
    },
  };
  return `export default {
  kind: ${JSON.stringify(fields.kind ?? 'buy-once')},
  description: 'buys once, protected by a bracket',
  ${fields.robo === undefined ? '' : `robo: ${JSON.stringify(fields.robo)},`}
  paramsSchema: ${JSON.stringify(schema)},
  create(ctx, params) {
    const afterBars = params.afterBars ?? 30;
    const percent = params.percent ?? 1;
    const seen = new Map();
    return {
      async onBar(bar) {
        const count = (seen.get(bar.symbol) ?? 0) + 1;
        seen.set(bar.symbol, count);
        if (count !== afterBars) return;
        await ctx.submit({
          kind: 'bracket',
          entry: { symbol: bar.symbol, side: 'BUY', quantity: ctx.quantity, type: 'MKT' },
          takeProfit: { limitPrice: ctx.limitPrice(bar.close * (1 + percent / 100), 'SELL') },
          stopLoss: { stopPrice: ctx.limitPrice(bar.close * (1 - percent / 100), 'SELL') },
        });
      },
    };
  },
};
`;
}

/** The sample config with one strategy whose code is named by `naming` (`kind: …` or `module: …`), and its params. */
export function configNaming(naming: string, params = '{}'): string {
  return sampleConfig({ strategies: `strategies:\n  - id: own\n    ${naming}\n    symbols: [SPY]\n    params: ${params}\n    sizing: { quantity: 100 }` });
}

/** A project folder: the config, a package.json with `"type": "module"`, and `files` (module sources) beside it. */
export function moduleProject(config: string, files: Readonly<Record<string, string>>): string {
  const file = writeConfig(config);
  writeFileSync(join(dirname(file), 'package.json'), JSON.stringify({ name: 'my-robo', private: true, type: 'module' }));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dirname(file), name), source);
  return file;
}

/** The 1-based line of the config that first contains `text`. */
export function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}
