/**
 * The New York trade dates a config's run spans, and the config key that sets each end: what the
 * calendar, and any other dated table, must cover before anything runs.
 */
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import { scanBarTimes, type DataFile } from '../brokers/sim/data/csv-scan.js';
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
}

/**
 * - generated: the first and the last of the `data.days` sessions from `data.start`, by the calendar.
 *   Where the calendar has no data, every weekday counts as a session, so `to` is then the earliest the
 *   last session could fall on (a run past the coverage is refused anyway).
 * - csv: the trade dates of the first and the last bar, read from the head and tail of the file; the
 *   bars are in time order, which the replay checks line by line. Throws ROBO_ERR_DATA_INVALID for an
 *   unreadable file, one without its header, a first or last bar without a valid time, or no bars.
 * - broker: today.
 *
 * `data.start` is a real date: the config schema's pattern is exact to the day.
 */
export function dataRangeOf(data: ResolvedConfig['data'], context: DataRangeContext): DataRange {
  switch (data.source) {
    case 'generated':
      return generatedRange(data.start, data.days, context.calendar);
    case 'csv':
      return csvRange({ path: resolve(context.dir, data.path), name: context.dataPathWritten ?? resolve(context.dir, data.path) }, context.calendar.zone);
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

function csvRange(file: DataFile, zone: string): DataRange {
  const times = scanBarTimes(file);
  if (times === undefined) throw new RoboError('ROBO_ERR_DATA_INVALID', `${file.name}: expected bars after the header line, was none`);
  const at: YamlPath = ['data', 'path'];
  return { from: tradeDate(times.firstMs, zone), to: tradeDate(times.lastMs, zone), fromPath: at, toPath: at };
}

function tradeDate(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).toFormat('yyyy-MM-dd');
}
