/**
 * The trading-signals indicators Robo's strategies use, each imported from its own module inside the
 * package: the package entry re-exports all of its ~170 modules, and loading them was a tenth of
 * `robo start`'s startup, for the one moving average a strategy needs (docs/performance.md).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as TradingSignals from 'trading-signals';

type Indicators = Pick<typeof TradingSignals, 'SMA'>;

async function load(): Promise<Indicators> {
  // The package "exports" only its entry, so its files are found from the entry's own path.
  const dist = dirname(createRequire(import.meta.url).resolve('trading-signals'));
  try {
    return (await import(pathToFileURL(join(dist, 'trend', 'SMA', 'SMA.js')).href)) as Indicators;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    // A release that moved the file: the entry has the same class, only slower to load.
    return import('trading-signals');
  }
}

export const { SMA } = await load();
export type SMA = TradingSignals.SMA;
