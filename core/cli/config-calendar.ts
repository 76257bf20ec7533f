/**
 * The exchange calendar a config's run trades by — the built-in one, plus the file `calendar.additionsFile`
 * names — and the check that the run's dates lie inside it. The calendar fails closed past its coverage,
 * so a run outside it is refused as invalid input, at the config key that sets the dates, before anything runs.
 */
import { dirname, resolve } from 'node:path';
import { configError } from '../config/load.js';
import { shownPath, type WrittenValues } from './shown-path.js';
import type { Position } from '../config/locate.js';
import { parseYaml } from '../config/parse-yaml.js';
import type { ConfigProblem, YamlPath } from '../config/problem.js';
import { readSmallText } from '../config/read-text.js';
import type { RoboConfig } from '../config/schema.js';
import { CalendarDataError, loadExchangeCalendar, type ExchangeCalendar } from '../market/calendar.js';
import { strategySymbols } from '../data/cache-config.js';
import { dataRangeOf, uncoveredEnd, type DataRange } from './data-range.js';
import { narrowRange, type TradeDateWindow } from './trade-window.js';

/** An additions file holds a few years of holidays; anything larger is a mistake. */
export const MAX_CALENDAR_ADDITIONS_BYTES = 256 * 1024;

const CALENDAR = 'the XNYS (NYSE) calendar';

/** What to do about a date outside the calendar, shown under the error. */
export const CALENDAR_COVERAGE_REMEDY = 'The calendar fails closed outside its coverage: Robo cannot know which days the market is open there, and never guesses. Add the missing dates with calendar.additionsFile (holidays and early closes with their sources; see docs/config.md), or use dates inside the coverage.';

type Locate = (path: YamlPath) => Position;

/**
 * The built-in calendar (parsed once per process), or a new one with the config's additions file merged
 * in. `configFile` as the user named it (messages show paths the way they wrote them). A file that
 * cannot be read is reported at `calendar.additionsFile`; a mistake inside it at its own line and column.
 */
export async function calendarFor(configFile: string, calendar: RoboConfig['calendar'], loaded: { readonly locate: Locate } & WrittenValues): Promise<ExchangeCalendar> {
  const builtIn = loadExchangeCalendar('XNYS');
  const entry = calendar?.additionsFile;
  if (entry === undefined) return builtIn;
  const at: YamlPath = ['calendar', 'additionsFile'];
  const shown = shownPath(configFile, entry, at, loaded);
  const read = await readSmallText(resolve(dirname(resolve(configFile)), entry), MAX_CALENDAR_ADDITIONS_BYTES);
  if (!read.ok) {
    throw configError(configFile, [{ ...loaded.locate(at), path: at, message: `the calendar additions file ${shown} ${read.reason}`, source: 'config' }]);
  }
  if (read.text.trim() === '') {
    throw configError(shown, [{ line: 1, col: 1, path: [], message: 'the file is empty; a calendar additions file needs schemaVersion: 1, exchange: XNYS and sources', source: 'config' }]);
  }
  const parsed = parseYaml(read.text);
  if (!parsed.ok) throw configError(shown, parsed.problems);
  try {
    return builtIn.withAdditions(parsed.value, shown);
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    throw configError(shown, error.problems.map((p): ConfigProblem => ({ ...parsed.locator.value(p.path), path: p.path, message: p.message, source: 'config' })));
  }
}

/** What the check needs of a loaded config (a CliConfig has it all). */
export interface CalendarCheckInput extends WrittenValues {
  readonly file: string;
  readonly config: RoboConfig;
  readonly calendar: ExchangeCalendar;
  readonly locate: Locate;
}

/**
 * Refuses, as a config error (exit 2) at the key that sets the dates, a run whose dates the calendar
 * does not cover; `today` is the New York date live bars trade on. Returns the run's dates, for the
 * other dated tables to be checked against.
 */
export function requireCoveredDates(loaded: CalendarCheckInput, today: string, window: TradeDateWindow = {}): DataRange {
  const { config, calendar } = loaded;
  const data = config.data;
  // data.start is a real date here: the schema's pattern is exact to the day (core/config/calendar-date.ts).
  const problem = (path: YamlPath, message: string): never => {
    throw configError(loaded.file, [{ ...loaded.locate(path), path, message, hint: CALENDAR_COVERAGE_REMEDY, source: 'config' }]);
  };

  // Only the dates the run replays must be covered: `--from` / `--to` narrow the data's own range first.
  const range = narrowRange(dataRangeOf(data, { dir: dirname(resolve(loaded.file)), calendar, today, dataPathWritten: loaded.writtenAs(['data', 'path']), symbols: strategySymbols(config), configFile: loaded.file }), window);
  const outside = uncoveredEnd(range, calendar.coverage);
  if (outside === undefined) return range;
  const { from, to } = calendar.coverage;
  const coverage = `${CALENDAR}'s coverage, ${from} to ${to}`;
  switch (data.source) {
    case 'generated': {
      if (outside.path.at(-1) === 'days') {
        const fit = calendar.sessionsFrom(range.from, data.days).length; // range.from is covered here
        return problem(outside.path, `expected at most ${fit} trading days from ${data.start} (${CALENDAR}'s coverage ends on ${to}), was ${data.days}, which would run to ${range.to} or later`);
      }
      const startCovered = from <= data.start && data.start <= to;
      return problem(outside.path, startCovered
        ? `expected a start with a trading day before the end of ${coverage}, was ${data.start}`
        : `expected a start inside ${coverage}, was ${data.start}`);
    }
    case 'csv':
      return problem(outside.path, `expected bars inside ${coverage}, was bars from ${range.from} to ${range.to} (New York trade dates) in ${loaded.writtenAs(['data', 'path']) ?? data.path}`);
    case 'cache':
      return problem(outside.path, `expected days inside ${coverage}, was ${range.from} to ${range.to}`);
    case 'broker':
      return problem(outside.path, `expected today inside ${coverage}, was ${today}: live bars trade on today's date`);
  }
}
