/** What a config with `data.source: cache` selects from the cache: its folder, the strategies' symbols, the bar length and the dates. */
import { dirname, isAbsolute, resolve } from 'node:path';
import { shownFromHere } from '../cli/shown-path.js';
import type { ResolvedConfig } from '../config/defaults.js';
import type { CacheSelection } from './cache-source.js';

type CacheData = Extract<ResolvedConfig['data'], { source: 'cache' }>;

/** Every strategy symbol once, in the order the strategies list them: the order of bars of one time. */
export function strategySymbols(config: Pick<ResolvedConfig, 'strategies'>): readonly string[] {
  return [...new Set(config.strategies.flatMap((strategy) => strategy.symbols))];
}

/** `shownAs`: data.path as the config writes it, when the environment built it (it is printed instead of the value). */
export function cacheSelectionOf(configFile: string, data: CacheData, symbols: readonly string[], shownAs?: string): CacheSelection {
  const root = resolve(dirname(resolve(configFile)), data.path);
  // As the config writes it when the environment built it; else from here, so the printed fetch command's --cache works as typed.
  const shownRoot = shownAs ?? (isAbsolute(data.path) ? data.path : shownFromHere(root));
  return { root, shownRoot, symbols, barSeconds: data.barSeconds, from: data.from, to: data.to };
}
