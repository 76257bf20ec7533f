/**
 * Says before a run what its cost estimates will assume: which fee tables will carry their last rate
 * forward past the date they were verified through (or the IBKR plans' oldest rates back), and what a user
 * can do about it. `robo validate` prints it on stderr; `robo start` and `robo backtest` log it once.
 */
import type { Logger } from '../log.js';
import { configError } from '../config/load.js';
import type { Position } from '../config/locate.js';
import type { YamlPath } from '../config/problem.js';
import type { RoboConfig } from '../config/schema.js';
import type { DataRange } from './data-range.js';
import { describeStale, remedyFor, staleRatesAhead } from '../../plugins/costs/stale-rates.js';
import type { RateBook } from '../../plugins/costs/tables.js';

export interface RateNotice {
  readonly table: string;
  readonly status: 'carried-forward' | 'carried-back';
  readonly message: string;
}

/** The notices for a run over the New York trade dates `from`..`to`. */
export function rateNotices(book: RateBook, config: RoboConfig, range: { readonly from: string; readonly to: string }): RateNotice[] {
  const refuse = config.safety.costs.staleRates === 'refuse';
  return staleRatesAhead(book, config.safety.costs.plan, range.from, range.to).map(({ lookup, date }) => {
    const consequence = lookup.status === 'carried-back'
      ? 'the estimates say so'
      : refuse ? 'safety.costs.staleRates is refuse, so orders that open or add to a position are vetoed from then on' : 'the estimates say so (safety.costs.staleRates: warn)';
    return { table: lookup.table.name, status: lookup.status as RateNotice['status'], message: `${describeStale(lookup, date)}; ${consequence}` };
  });
}

/** `robo validate`: `robo: note: <message>` and what to do, on stderr. */
export function printRateNotices(notices: readonly RateNotice[]): void {
  for (const n of notices) process.stderr.write(`robo: note: ${n.message}\n  -> ${remedyFor(n.status)}\n`);
}

export function logRateNotices(log: Logger, notices: readonly RateNotice[]): void {
  for (const n of notices) log.warn({ costs: { table: n.table, status: n.status } }, `${n.message}. What to do: ${remedyFor(n.status)}`);
}

/** What to do about a run that starts before a fee table's first row, shown under the error. */
export const RATES_BEFORE_FIRST_ROW_REMEDY = 'Robo never guesses a fee it has no source for. Start the data on or after that date, add the rates of those dates (with their sources) under safety.costs.rates or in a file named by safety.costs.ratesFiles (docs/costs.md), or use safety.costs.plan: zero for a run without costs.';

/**
 * Refuses, as a config error (exit 2) at the key that sets the run's first date, a run that starts before
 * the first row of a fee table that cannot be carried back (the SEC, FINRA and CAT tables): its sales would
 * be vetoed with ROBO_ERR_COST_COVERAGE, so it is said before anything runs.
 */
export function requireRatedDates(loaded: { readonly file: string; readonly config: RoboConfig; readonly rateBook: RateBook; readonly locate: (path: YamlPath) => Position }, range: DataRange): void {
  if (loaded.config.safety.costs.plan === 'zero') return;
  const late = loaded.rateBook.tables().filter((table) => table.beforeFirstRow === 'refuse' && range.from < table.firstDate);
  if (late.length === 0) return;
  const path = range.fromPath;
  throw configError(loaded.file, late.map((table) => ({
    ...loaded.locate(path),
    path,
    message: `expected a run on or after ${table.firstDate}, the first date the ${table.name} fee table has a rate for, was one from ${range.from}`,
    hint: RATES_BEFORE_FIRST_ROW_REMEDY,
    source: 'config' as const,
  })));
}
