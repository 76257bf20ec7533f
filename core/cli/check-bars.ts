/**
 * What the data must hold before anything trades: every bar of a CSV file read and checked — the very
 * checks the replay applies, in the same pass — so a file that validates never fails mid-session, and a
 * bad last row stops `robo start` before its first order; and every strategy symbol present in the data,
 * so no strategy runs silently with no bars.
 */
import { dirname, resolve } from 'node:path';
import { configError } from '../config/load.js';
import type { LoadedConfig } from '../config/load.js';
import type { ConfigProblem } from '../config/problem.js';
import type { RoboConfig } from '../config/schema.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { csvPathSource } from '../data/csv-folder.js';
import { cacheBarSource, cachedDays, checkCachedDays } from '../data/cache-source.js';
import { cacheSelectionOf, strategySymbols } from '../data/cache-config.js';
import { excerpt } from '../quote.js';
import type { WrittenValues } from './shown-path.js';

export interface BarCheckInput extends WrittenValues {
  readonly file: string;
  readonly config: RoboConfig;
  readonly locate: LoadedConfig['locate'];
  /** The exchange calendar: a cache holds one file per session. */
  readonly calendar: ExchangeCalendar;
}

/** Returns the CSV source it read whole, for compose's `checkedBars`: its symbols are known, so the replay needs no pass to find them. */
export async function requireUsableBars(loaded: BarCheckInput): Promise<BarSource | undefined> {
  const { config } = loaded;
  const data = config.data;
  if (data.source === 'broker') return undefined; // live bars: IB says which symbols it knows when they are subscribed
  let symbols: readonly string[];
  let checked: BarSource | undefined;
  if (data.source === 'csv') {
    const path = resolve(dirname(resolve(loaded.file)), data.path);
    const source = checked = csvPathSource(path, { barSeconds: data.barSeconds, shownAs: loaded.writtenAs(['data', 'path']) ?? path });
    // Read whole a chunk at a time, in constant memory; every bad line is reported at once.
    await source.check();
    symbols = source.symbols;
  } else if (data.source === 'cache') {
    // The strategies' symbols are what the cache is read for; every session of the range must be there for each.
    const selection = cacheSelectionOf(loaded.file, data, strategySymbols(config), loaded.writtenAs(['data', 'path']));
    const days = cachedDays(selection, loaded.calendar);
    await checkCachedDays(selection, days);
    return cacheBarSource(selection, days);
  } else {
    symbols = data.symbols;
  }
  const known = new Set(symbols);
  const have = symbols.length === 0 ? 'none' : symbols.slice(0, 10).map(excerpt).join(', ') + (symbols.length > 10 ? `, and ${symbols.length - 10} more` : '');
  const problems: ConfigProblem[] = [];
  config.strategies.forEach((strategy, index) => {
    strategy.symbols.forEach((symbol, at) => {
      if (known.has(symbol)) return;
      const path = ['strategies', index, 'symbols', at];
      problems.push({ ...loaded.locate(path), path, message: `expected a symbol the data has (${have}), was ${symbol}: the strategy would run with no bars`, source: 'config' });
    });
  });
  if (problems.length > 0) throw configError(loaded.file, problems);
  return checked;
}
