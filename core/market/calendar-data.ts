/**
 * Calendar data as a file holds it, checked: the built-in XNYS.json or a user's additions file, every
 * mistake listed at once with its path, so one edit fixes the file. ExchangeCalendar answers from it.
 */
import { IANAZone } from 'luxon';
import { formatPath } from '../config/problem.js';
import { addDays, isCalendarDate, weekdayOf } from './civil-date.js';

export interface Coverage {
  readonly from: string;
  readonly to: string;
}

export interface SessionTimes {
  readonly pre: string;
  readonly open: string;
  readonly close: string;
  readonly post: string;
}

export interface EarlyClose {
  readonly close: string;
  /** When the extended (post-market) session ends on that day. */
  readonly lateClose: string;
}

export interface CalendarData {
  readonly exchange: string;
  readonly zone: string;
  readonly coverage: Coverage;
  readonly sessions: SessionTimes;
  readonly holidays: ReadonlyMap<string, string>;
  readonly earlyCloses: ReadonlyMap<string, EarlyClose>;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Keys and list indexes from the root of calendar data down to a value, e.g. `['holidays', 3, 'date']`. */
export type CalendarDataPath = readonly (string | number)[];

/** One mistake in calendar data: where it is, and what was expected instead. */
export interface CalendarProblem {
  readonly path: CalendarDataPath;
  readonly message: string;
}

/** Calendar data that cannot be trusted; `problems` lists every mistake at once, so one edit fixes the file. */
export class CalendarDataError extends Error {
  readonly problems: readonly CalendarProblem[];

  constructor(label: string, what: string, problems: readonly CalendarProblem[]) {
    super(`${label} is not ${what} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n  - ')}`);
    this.name = 'CalendarDataError';
    this.problems = problems;
  }
}

/** The keys of an additions file: the zone and the session times are the built-in calendar's alone. */
const ADDITIONS_KEYS: ReadonlySet<string> = new Set(['schemaVersion', 'exchange', 'sources', 'coverage', 'holidays', 'earlyCloses']);

/**
 * Checks the whole shape at once and lists every problem, so one edit fixes the file. With `base`, `raw`
 * holds additions to it (only ADDITIONS_KEYS; coverage, holidays and earlyCloses optional) and the
 * result is the two merged.
 */
export function parseCalendarData(raw: unknown, label: string, base?: CalendarData): CalendarData {
  const check = new Checker();
  const root = check.record(raw, []);
  if (base !== undefined) {
    for (const key of Object.keys(root).filter((k) => !ADDITIONS_KEYS.has(k))) {
      check.problem([key], `is not a key of a calendar additions file: expected only ${[...ADDITIONS_KEYS].join(', ')} (the zone and the session times are the built-in calendar's)`);
    }
  }
  if (root['schemaVersion'] !== 1) check.fail(['schemaVersion'], 'the number 1', root['schemaVersion']);
  const exchange = check.text(root, 'exchange', [], 'a non-empty exchange code');
  if (base !== undefined && exchange !== '' && exchange !== base.exchange) check.fail(['exchange'], `${base.exchange}, the exchange of the calendar it adds to`, exchange);
  const zone = base?.zone ?? check.text(root, 'zone', [], 'an IANA time zone such as America/New_York', (z) => IANAZone.isValidZone(z));
  // Optional parts of an additions file: absent, they add nothing.
  const optional = (key: string): boolean => base !== undefined && root[key] === undefined;

  const sources = check.list(root['sources'], ['sources']).map((item, i) => {
    const path = ['sources', i];
    const source = check.record(item, path);
    check.text(source, 'title', path, 'a non-empty title');
    check.text(source, 'url', path, 'an https:// address', (url) => url.startsWith('https://'));
    check.text(source, 'retrievedAt', path, 'a date as yyyy-MM-dd', isCalendarDate);
    return check.range(source['covers'], [...path, 'covers']);
  });
  if (Array.isArray(root['sources']) && sources.length === 0) check.fail(['sources'], 'at least one source', []);

  const ownCoverage = optional('coverage') ? undefined : check.range(root['coverage'], ['coverage']);
  const coverage = base === undefined ? ownCoverage ?? { from: '', to: '' } : joinCoverage(check, base.coverage, ownCoverage, sources);

  const sessions: SessionTimes = base?.sessions ?? parseSessions(check, root['sessions']);
  const sessionsRead = Object.values(sessions).every((time) => time !== '');

  // Every closure or short day must trace back to a published source, and fall on a weekday inside coverage.
  const checkDay = (date: string, path: CalendarDataPath, seen: ReadonlyMap<string, unknown>): void => {
    if (date === '') return;
    if (date < coverage.from || date > coverage.to) check.fail(path, `a date between ${coverage.from} and ${coverage.to}`, date);
    if (weekdayOf(date) > 5) check.fail(path, 'a weekday', date);
    if (seen.has(date)) check.fail(path, 'a date listed only once', date);
    if (!sources.some((s) => s.from <= date && date <= s.to)) check.fail(path, 'a date covered by one of the sources', date);
  };

  // A date the base lists too is accepted when both say the same thing (a holiday, or the same early
  // close), so a file keeps working once the built-in calendar catches up with it; otherwise it is an error.
  const ownHolidays = new Map<string, string>();
  const holidays = new Map<string, string>(base?.holidays);
  (optional('holidays') ? [] : check.list(root['holidays'], ['holidays'])).forEach((item, i) => {
    const path = ['holidays', i];
    const holiday = check.record(item, path);
    const date = check.date(holiday, 'date', path);
    const name = check.text(holiday, 'name', path, 'a non-empty name');
    checkDay(date, [...path, 'date'], ownHolidays);
    const baseEarly = base?.earlyCloses.get(date);
    if (baseEarly !== undefined) check.fail([...path, 'date'], `a day the built-in calendar does not list as an early close (it closes at ${baseEarly.close} that day)`, date);
    ownHolidays.set(date, name);
    if (!holidays.has(date)) holidays.set(date, name);
  });

  const ownEarlyCloses = new Map<string, EarlyClose>();
  const earlyCloses = new Map<string, EarlyClose>(base?.earlyCloses);
  (optional('earlyCloses') ? [] : check.list(root['earlyCloses'], ['earlyCloses'])).forEach((item, i) => {
    const path = ['earlyCloses', i];
    const early = check.record(item, path);
    const date = check.date(early, 'date', path);
    const shortClose = check.time(early, 'close', path);
    const lateClose = check.time(early, 'lateClose', path);
    checkDay(date, [...path, 'date'], ownEarlyCloses);
    const baseHoliday = base?.holidays.get(date);
    if (baseHoliday !== undefined) check.fail([...path, 'date'], `a day the built-in calendar does not list as a holiday (it lists ${baseHoliday})`, date);
    else if (holidays.has(date)) check.fail([...path, 'date'], 'a day that is not also a holiday', date);
    if (sessionsRead && shortClose !== '' && !(sessions.open < shortClose && shortClose < sessions.close)) {
      check.fail([...path, 'close'], `a time after ${sessions.open} and before ${sessions.close}`, shortClose);
    }
    if (sessionsRead && shortClose !== '' && lateClose !== '' && !(shortClose < lateClose && lateClose <= sessions.post)) {
      check.fail([...path, 'lateClose'], `a time after the early close and no later than ${sessions.post}`, lateClose);
    }
    const baseEarly = base?.earlyCloses.get(date);
    if (baseEarly !== undefined && shortClose !== '' && baseEarly.close !== shortClose) {
      check.fail([...path, 'close'], `${baseEarly.close}, the built-in calendar's early close that day (or no entry for the day)`, shortClose);
    }
    if (baseEarly !== undefined && lateClose !== '' && baseEarly.lateClose !== lateClose) {
      check.fail([...path, 'lateClose'], `${baseEarly.lateClose}, the built-in calendar's late close that day (or no entry for the day)`, lateClose);
    }
    ownEarlyCloses.set(date, { close: shortClose, lateClose });
    earlyCloses.set(date, { close: shortClose, lateClose });
  });

  if (check.problems.length > 0) {
    throw new CalendarDataError(label, base === undefined ? 'a valid exchange calendar' : 'a valid calendar additions file', check.problems);
  }
  return { exchange: base?.exchange ?? exchange, zone, coverage, sessions, holidays, earlyCloses };
}

function parseSessions(check: Checker, raw: unknown): SessionTimes {
  const path = ['sessions'];
  const rawSessions = check.record(raw, path);
  const sessions: SessionTimes = {
    pre: check.time(rawSessions, 'pre', path),
    open: check.time(rawSessions, 'open', path),
    close: check.time(rawSessions, 'close', path),
    post: check.time(rawSessions, 'post', path),
  };
  const read = Object.values(sessions).every((time) => time !== '');
  if (read && !(sessions.pre < sessions.open && sessions.open < sessions.close && sessions.close <= sessions.post)) {
    check.fail(path, 'pre < open < close <= post', rawSessions);
  }
  return sessions;
}

/**
 * The base coverage, stretched by an additions file's own: the two must overlap or meet (a gap would be
 * days nobody vouched for), and every added day must be covered by one of the file's sources, because
 * a covered day without a listed holiday is a claim that the market is open.
 */
function joinCoverage(check: Checker, base: Coverage, own: Coverage | undefined, sources: readonly Coverage[]): Coverage {
  if (own === undefined || own.from === '' || own.to === '' || own.from > own.to) return base;
  if (own.from > addDays(base.to, 1) || own.to < addDays(base.from, -1)) {
    check.fail(['coverage'], `a range that overlaps or meets the built-in coverage, ${base.from} to ${base.to}, with no gap`, own);
    return base;
  }
  const added: Coverage[] = [];
  if (own.from < base.from) added.push({ from: own.from, to: addDays(base.from, -1) });
  if (own.to > base.to) added.push({ from: addDays(base.to, 1), to: own.to });
  const readSources = sources.filter((s) => s.from !== '' && s.to !== '' && s.from <= s.to);
  for (const range of added) {
    const gap = firstUncovered(range, readSources);
    if (gap !== undefined) check.problem(['coverage'], `expected every day it adds to the built-in coverage to be covered by one of the sources, was ${gap} covered by none`);
  }
  return { from: own.from < base.from ? own.from : base.from, to: own.to > base.to ? own.to : base.to };
}

/** The first day of `range` that none of `ranges` contains, or undefined. */
function firstUncovered(range: Coverage, ranges: readonly Coverage[]): string | undefined {
  let day = range.from;
  while (day <= range.to) {
    const reach = ranges.filter((r) => r.from <= day && day <= r.to).reduce<string | undefined>((far, r) => (far === undefined || r.to > far ? r.to : far), undefined);
    if (reach === undefined) return day;
    day = addDays(reach, 1);
  }
  return undefined;
}

/** Collects shape problems instead of stopping at the first; failed reads return '' so checking can go on. */
class Checker {
  readonly problems: CalendarProblem[] = [];

  problem(path: CalendarDataPath, message: string): void {
    this.problems.push({ path, message });
  }

  fail(path: CalendarDataPath, expected: string, value: unknown): void {
    this.problem(path, `expected ${expected}, was ${describeValue(value)}`);
  }

  record(value: unknown, path: CalendarDataPath): Readonly<Record<string, unknown>> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(path, 'an object', value);
    return {};
  }

  list(value: unknown, path: CalendarDataPath): readonly unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(path, 'an array', value);
    return [];
  }

  text(obj: Readonly<Record<string, unknown>>, key: string, path: CalendarDataPath, expected: string, ok: (value: string) => boolean = (v) => v.length > 0): string {
    const value = obj[key];
    if (typeof value === 'string' && ok(value)) return value;
    this.fail([...path, key], expected, value);
    return '';
  }

  date(obj: Readonly<Record<string, unknown>>, key: string, path: CalendarDataPath): string {
    return this.text(obj, key, path, 'a date as yyyy-MM-dd', isCalendarDate);
  }

  time(obj: Readonly<Record<string, unknown>>, key: string, path: CalendarDataPath): string {
    return this.text(obj, key, path, 'a 24-hour time as HH:mm', (v) => TIME_PATTERN.test(v));
  }

  range(value: unknown, path: CalendarDataPath): Coverage {
    const range = this.record(value, path);
    const from = this.date(range, 'from', path);
    const to = this.date(range, 'to', path);
    if (from !== '' && to !== '' && from > to) this.fail(path, 'from on or before to', range);
    return { from, to };
  }
}

const MAX_SHOWN_CHARS = 80;

/**
 * The offending value as JSON when it is short; otherwise only its kind. A user's file may hold
 * anything, and an error message should show the mistake, not the file.
 */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify returns undefined for functions and symbols, though typed string
  if (json !== undefined && json.length <= MAX_SHOWN_CHARS) return json;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'string') return `a text of ${value.length} characters`;
  return typeof value === 'object' && value !== null ? 'an object' : `a ${typeof value}`;
}
