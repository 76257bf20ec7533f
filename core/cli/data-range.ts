/**
 * The New York trade dates a config's run spans, and the config key that sets each end: what the
 * calendar, and any other dated table, must cover before anything runs.
 */
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import { csvPathTimes } from '../data/csv-folder.js';
import { cachedDays } from '../data/cache-source.js';
import { cacheSelectionOf } from '../data/cache-config.js';
import type { ResolvedConfig } from '../config/defaults.js';
import type { YamlPath } from '../config/problem.js';
import { addDays, weekdayOf } from '../market/civil-date.js';
import type { Coverage, ExchangeCalendar } from '../market/calendar.js';

export interface DataRange {
  /** The first New York trade date of the run, yyyy-MM-dd. */
  readonly from: string;
  /** The last, on or after `from`. */
  readonly to: string;
  /** The config key to blame when `from` is not covered: `data.start`, `data.path` or `data.source`. */
  readonly fromPath: YamlPath;
  /** The same for `to`; for generated data `data.days`, because the start is `from`'s. */
  readonly toPath: YamlPath;
}

export interface DataRangeContext {
  /** The config's folder: `data.path` is relative to it. */
  readonly dir: string;
  /** Counts the generated sessions, skipping weekends and holidays. */
  readonly calendar: ExchangeCalendar;
  /** Today's New York date, yyyy-MM-dd: the date live bars (`data.source: broker`) trade on. */
  readonly today: string;
  /** `data.path` as the config writes it, when the environment built it: messages print this, never the value. */
  readonly dataPathWritten?: string | undefined;
  /** The strategies' symbols: the ones a cache run replays. */
  readonly symbols?: readonly string[];
  /** The config file, for `data.source: cache`, whose folder is relative to it. */
  readonly configFile?: string;
}

/**
 * - generated: the first and the last of the `data.days` sessions from `data.start`, by the calendar.
 *   Where the calendar has no data, every weekday counts as a session, so `to` is then the earliest the
 *   last session could fall on (a run past the coverage is refused anyway).
 * - csv: the trade dates of the first and the last bar, read from the head and tail of the file (of each
 *   file, for a folder); the bars are in time order, which the replay checks line by line. Throws
 *   ROBO_ERR_DATA_INVALID for an unreadable file, one without its header, a first or last bar without a
 *   valid time, or no bars.
 * - cache: `data.from` and `data.to`, or the first and the last day cached; throws ROBO_ERR_DATA_MISSING
 *   when a session between them is not cached for every symbol.
 * - broker: today.
 *
 * `data.start` is a real date: the config schema's pattern is exact to the day.
 */
export function dataRangeOf(data: ResolvedConfig['data'], context: DataRangeContext): DataRange {
  switch (data.source) {
    case 'generated':
      return generatedRange(data.start, data.days, context.calendar);
    case 'csv':
      return csvRange(resolve(context.dir, data.path), context.dataPathWritten ?? resolve(context.dir, data.path), context.calendar.zone);
    case 'cache': {
      const selection = cacheSelectionOf(context.configFile ?? join(context.dir, 'robo.config.yaml'), data, context.symbols ?? [], context.dataPathWritten);
      const days = cachedDays(selection, context.calendar);
      return { from: days.from, to: days.to, fromPath: ['data', data.from === undefined ? 'path' : 'from'], toPath: ['data', data.to === undefined ? 'path' : 'to'] };
    }
    case 'broker':
      return { from: context.today, to: context.today, fromPath: ['data', 'source'], toPath: ['data', 'source'] };
  }
}

/** The end of `range` that lies outside `coverage` (`from` first) and the key to blame; undefined when both are inside. */
export function uncoveredEnd(range: DataRange, coverage: Coverage): { readonly date: string; readonly path: YamlPath } | undefined {
  const inside = (date: string): boolean => coverage.from <= date && date <= coverage.to;
  if (!inside(range.from)) return { date: range.from, path: range.fromPath };
  if (!inside(range.to)) return { date: range.to, path: range.toPath };
  return undefined;
}

function generatedRange(start: string, days: number, calendar: ExchangeCalendar): DataRange {
  const { from: first, to: last } = calendar.coverage;
  const isSession = (date: string): boolean => (first <= date && date <= last ? calendar.session(date) !== null : weekdayOf(date) <= 5);
  let from: string | undefined;
  let to = start;
  for (let date = start, count = 0; count < days; date = addDays(date, 1)) {
    if (!isSession(date)) continue;
    from ??= date;
    to = date;
    count++;
  }
  return { from: from ?? start, to, fromPath: ['data', 'start'], toPath: ['data', 'days'] };
}

function csvRange(path: string, name: string, zone: string): DataRange {
  const times = csvPathTimes(path, name);
  if (times === undefined) throw new RoboError('ROBO_ERR_DATA_INVALID', `${name}: expected bars after the header line, was none`);
  const at: YamlPath = ['data', 'path'];
  return { from: tradeDate(times.firstMs, zone), to: tradeDate(times.lastMs, zone), fromPath: at, toPath: at };
}

function tradeDate(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).toFormat('yyyy-MM-dd');
}
