/** Answers "is the exchange open?" from dated, sourced calendar data, and refuses to guess for any date that data does not cover. */
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import { parseCalendarData, type CalendarData, type Coverage } from './calendar-data.js';
import { addDays, isCalendarDate, weekdayOf } from './civil-date.js';
import { EXCHANGE_ZONE } from './clock.js';
// tsc copies a JSON file it sees imported next to the emitted module (dist/core/market/calendars/XNYS.json),
// so this one static import works from source under vitest and from dist after `tsc -p tsconfig.build.json`.
import xnysData from './calendars/XNYS.json' with { type: 'json' };

export { EXCHANGE_ZONE };
export { CalendarDataError, type CalendarDataPath, type CalendarProblem, type Coverage } from './calendar-data.js';

/** One regular session. Instants are epoch milliseconds (UTC); `date` is the exchange-local trade date. */
export interface Session {
  readonly date: string;
  readonly openMs: number;
  readonly closeMs: number;
  readonly earlyClose: boolean;
}

export class ExchangeCalendar {
  readonly exchange: string;
  readonly zone: string;
  readonly coverage: Coverage;
  readonly #data: CalendarData;
  /**
   * Replays and guards ask for the same day's answers on every bar and order; luxon's zone arithmetic
   * costs microseconds a call. The data is immutable, so each answer is computed once: sessions by date
   * (at most one per covered day) and the span of instants of the last trade date asked for.
   */
  readonly #sessions = new Map<string, Session | null>();
  readonly #instants = new Map<string, number>();
  #lastDay: { readonly fromMs: number; readonly toMs: number; readonly date: string } | undefined;

  /**
   * `label` names the data in error messages, e.g. the file it came from. With `base`, `raw` is not a
   * whole calendar but additions to `base` (see withAdditions); otherwise it must be complete.
   * Throws a CalendarDataError listing every problem.
   */
  constructor(raw: unknown, label = 'calendar data', base?: ExchangeCalendar) {
    this.#data = parseCalendarData(raw, label, base === undefined ? undefined : base.#data);
    this.exchange = this.#data.exchange;
    this.zone = this.#data.zone;
    this.coverage = this.#data.coverage;
  }

  /**
   * This calendar with a user's additions merged in: more holidays and early closes, and a coverage that
   * may reach further (joined up with this one's, no gap). `raw` is checked by the same rules as a whole
   * calendar file, minus what only the built-in file sets (zone, session times); a date both list must
   * say the same thing in both. Throws a CalendarDataError listing every problem.
   */
  withAdditions(raw: unknown, label: string): ExchangeCalendar {
    return new ExchangeCalendar(raw, label, this);
  }

  isTradingDay(date: string): boolean {
    this.#requireCovered(date);
    return weekdayOf(date) <= 5 && !this.#data.holidays.has(date);
  }

  /** The regular session of `date`, or null on weekends and holidays. */
  session(date: string): Session | null {
    const known = this.#sessions.get(date);
    if (known !== undefined) return known;
    const early = this.#data.earlyCloses.get(date);
    const session = !this.isTradingDay(date) ? null : Object.freeze({
      date,
      openMs: this.#at(date, this.#data.sessions.open),
      closeMs: this.#at(date, early?.close ?? this.#data.sessions.close),
      earlyClose: early !== undefined,
    });
    this.#sessions.set(date, session); // only covered, valid dates get here: isTradingDay throws for the rest
    return session;
  }

  /** The exchange-local date of an instant. */
  tradeDateOf(instantMs: number): string {
    if (!Number.isFinite(instantMs)) throw new RangeError(`expected an instant in epoch milliseconds, was ${instantMs}`);
    const last = this.#lastDay;
    if (last !== undefined && instantMs >= last.fromMs && instantMs < last.toMs) return last.date;
    const local = DateTime.fromMillis(instantMs, { zone: this.zone });
    const date = isoDate(local);
    this.#requireCovered(date, instantMs);
    // Local midnight to the next local midnight: 23, 24 or 25 hours, as DST has it.
    const midnight = local.startOf('day');
    this.#lastDay = { fromMs: midnight.toMillis(), toMs: midnight.plus({ days: 1 }).toMillis(), date };
    return date;
  }

  /** Sessions are half-open: open at the opening instant, closed at the closing instant. */
  isOpen(instantMs: number, hours: 'regular' | 'extended' = 'regular'): boolean {
    const date = this.tradeDateOf(instantMs);
    const session = this.session(date);
    if (session === null) return false;
    if (hours === 'regular') return session.openMs <= instantMs && instantMs < session.closeMs;
    const postEnd = this.#data.earlyCloses.get(date)?.lateClose ?? this.#data.sessions.post;
    return this.#at(date, this.#data.sessions.pre) <= instantMs && instantMs < this.#at(date, postEnd);
  }

  /**
   * When the trading that a DAY order placed at `instantMs` may take part in ends: the close of the
   * session it is placed in, or of the next one when placed after it (its extended session's end with
   * `extended`). An early close ends it early.
   */
  dayOrderEnd(instantMs: number, hours: 'regular' | 'extended' = 'regular'): number {
    for (let date = this.tradeDateOf(instantMs); ; date = addDays(date, 1)) {
      const session = this.session(date);
      if (session === null) continue;
      const end = hours === 'regular' ? session.closeMs : this.#at(date, this.#data.earlyCloses.get(date)?.lateClose ?? this.#data.sessions.post);
      if (end > instantMs) return end;
    }
  }

  /** The first regular open strictly after `instantMs` (today's, if called before it). */
  nextOpen(instantMs: number): number {
    // session() throws once the walk leaves coverage, so an open past the data is never invented.
    for (let date = this.tradeDateOf(instantMs); ; date = addDays(date, 1)) {
      const session = this.session(date);
      if (session !== null && session.openMs > instantMs) return session.openMs;
    }
  }

  /** The last regular close strictly before `instantMs` (today's, if called after it). */
  previousClose(instantMs: number): number {
    for (let date = this.tradeDateOf(instantMs); ; date = addDays(date, -1)) {
      const session = this.session(date);
      if (session !== null && session.closeMs < instantMs) return session.closeMs;
    }
  }

  /** Milliseconds until the regular close, or null when the regular session is not open. */
  msToClose(instantMs: number): number | null {
    const session = this.session(this.tradeDateOf(instantMs));
    if (session === null || instantMs < session.openMs || instantMs >= session.closeMs) return null;
    return session.closeMs - instantMs;
  }

  /** Every regular session from `fromDate` to `toDate`, both included, in order. */
  sessionsBetween(fromDate: string, toDate: string): Session[] {
    this.#requireCovered(fromDate);
    this.#requireCovered(toDate);
    if (fromDate > toDate) throw new RangeError(`expected the first date on or before the last, was ${fromDate} after ${toDate}`);
    const sessions: Session[] = [];
    for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
      const session = this.session(date);
      if (session !== null) sessions.push(session);
    }
    return sessions;
  }

  /** The first `count` regular sessions on or after `fromDate`, in order; fewer when the coverage ends first. */
  sessionsFrom(fromDate: string, count: number): Session[] {
    this.#requireCovered(fromDate);
    const sessions: Session[] = [];
    for (let date = fromDate; sessions.length < count && date <= this.coverage.to; date = addDays(date, 1)) {
      const session = this.session(date);
      if (session !== null) sessions.push(session);
    }
    return sessions;
  }

  #requireCovered(date: string, instantMs?: number): void {
    if (!isCalendarDate(date)) throw new RangeError(`expected a trade date as yyyy-MM-dd, was ${JSON.stringify(date)}`);
    const { from, to } = this.coverage;
    if (date >= from && date <= to) return;
    const instant = instantMs === undefined ? '' : ` (the ${this.exchange} date of ${DateTime.fromMillis(instantMs, { zone: 'utc' }).toISO() ?? instantMs})`;
    throw new RoboError('ROBO_ERR_CALENDAR_COVERAGE', `expected a date between ${from} and ${to}, was ${date}${instant}`);
  }

  /** Local wall time on `date` as an instant; building it in the exchange zone keeps DST right. */
  #at(date: string, time: string): number {
    const key = `${date}T${time}`;
    const known = this.#instants.get(key);
    if (known !== undefined) return known;
    const local = DateTime.fromISO(key, { zone: this.zone });
    // A time inside a DST gap would silently shift by an hour; no session time should ever be there.
    if (!local.isValid || local.toFormat('HH:mm') !== time) {
      throw new Error(`${this.exchange} calendar: expected ${date} ${time} to exist in ${this.zone}, but it falls in a daylight-saving gap`);
    }
    this.#instants.set(key, local.toMillis());
    return local.toMillis();
  }
}

const CALENDAR_FILES = {
  XNYS: { path: 'core/market/calendars/XNYS.json', data: xnysData },
} as const;

export type ExchangeId = keyof typeof CALENDAR_FILES;

/** The data file of `exchange`'s calendar, relative to the repository root: where a new year is added. */
export function calendarFileOf(exchange: ExchangeId): string {
  return CALENDAR_FILES[exchange].path;
}

const loaded = new Map<ExchangeId, ExchangeCalendar>();

/** The calendar of `exchange`, parsed and validated once per process. */
export function loadExchangeCalendar(exchange: ExchangeId): ExchangeCalendar {
  const cached = loaded.get(exchange);
  if (cached !== undefined) return cached;
  const file = CALENDAR_FILES[exchange];
  const calendar = new ExchangeCalendar(file.data, file.path);
  // Clock.now() and every trade date are read in EXCHANGE_ZONE; a calendar in another zone would disagree with them.
  if (calendar.exchange !== exchange || calendar.zone !== EXCHANGE_ZONE) {
    throw new Error(`${file.path}: expected exchange ${exchange} in ${EXCHANGE_ZONE}, was ${calendar.exchange} in ${calendar.zone}`);
  }
  loaded.set(exchange, calendar);
  return calendar;
}

function isoDate(dateTime: DateTime): string {
  const date = dateTime.toISODate();
  if (date === null) throw new RangeError(`expected a valid date, was ${dateTime.invalidExplanation ?? 'invalid'}`);
  return date;
}
