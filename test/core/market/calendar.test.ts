/** Specifies the NYSE calendar: holidays, early closes, DST, open/close search, fail-closed coverage, and that the data file agrees with the published rules. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { isRoboError } from '../../../core/domain/errors.js';
import { ExchangeCalendar, loadExchangeCalendar } from '../../../core/market/calendar.js';
import xnys from '../../../core/market/calendars/XNYS.json' with { type: 'json' };
import { thrownBy } from '../../support/thrown.js';

const calendar = loadExchangeCalendar('XNYS');

/** A wall time in New York, e.g. ny('2026-11-27T12:30'). */
const ny = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();
/** An instant written in UTC, e.g. utc('2026-11-27T18:00:00Z'). */
const utc = (iso: string): number => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
const MINUTE = 60_000;
// ISO weekdays, as luxon numbers them.
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;
const SUNDAY = 7;

describe('ExchangeCalendar XNYS: holidays', () => {
  it.each([
    ['2026-01-01', "New Year's Day", '2025-12-31', '2026-01-02'],
    ['2026-01-19', 'Martin Luther King, Jr. Day', '2026-01-16', '2026-01-20'],
    ['2026-02-16', "Washington's Birthday", '2026-02-13', '2026-02-17'],
    ['2026-04-03', 'Good Friday', '2026-04-02', '2026-04-06'],
    ['2026-05-25', 'Memorial Day', '2026-05-22', '2026-05-26'],
    ['2026-06-19', 'Juneteenth', '2026-06-18', '2026-06-22'],
    ['2026-07-03', 'Independence Day (observed, Jul 4 is a Saturday)', '2026-07-02', '2026-07-06'],
    ['2026-09-07', 'Labor Day', '2026-09-04', '2026-09-08'],
    ['2026-11-26', 'Thanksgiving Day', '2026-11-25', '2026-11-27'],
    ['2026-12-25', 'Christmas Day', '2026-12-24', '2026-12-28'],
    ['2028-01-17', 'Martin Luther King, Jr. Day', '2028-01-14', '2028-01-18'],
    ['2028-02-21', "Washington's Birthday", '2028-02-18', '2028-02-22'],
    ['2028-04-14', 'Good Friday', '2028-04-13', '2028-04-17'],
    ['2028-05-29', 'Memorial Day', '2028-05-26', '2028-05-30'],
    ['2028-06-19', 'Juneteenth', '2028-06-16', '2028-06-20'],
    ['2028-07-04', 'Independence Day (a Tuesday; Monday Jul 3 is an early close)', '2028-07-03', '2028-07-05'],
    ['2028-09-04', 'Labor Day', '2028-09-01', '2028-09-05'],
    ['2028-11-23', 'Thanksgiving Day', '2028-11-22', '2028-11-24'],
    ['2028-12-25', 'Christmas Day', '2028-12-22', '2028-12-26'],
    ['2012-04-06', 'Good Friday, the day of a jobs report: still closed', '2012-04-05', '2012-04-09'],
    ['2012-10-29', 'Hurricane Sandy, first day', '2012-10-26', '2012-10-31'],
    ['2012-10-30', 'Hurricane Sandy, second day', '2012-10-26', '2012-10-31'],
  ])('when the date is %s (%s) then the market is closed and the trading days either side are open', (holiday, _name, before, after) => {
    // Act
    const sessionsAround = calendar.sessionsBetween(before, after).map((s) => s.date);

    // Assert
    expect(calendar.isTradingDay(holiday)).toBe(false);
    expect(calendar.session(holiday)).toBeNull();
    expect(calendar.isOpen(ny(`${holiday}T12:00`))).toBe(false);
    expect(calendar.isOpen(ny(`${holiday}T12:00`), 'extended')).toBe(false);
    expect(sessionsAround).toEqual([before, after]);
  });

  it.each([
    ['2026', 261, 10],
    ['2028', 260, 9],
    ['2012', 261, 11], // nine holidays plus the two Hurricane Sandy days: 250 sessions
  ])('when listing every session of %s then there are %i weekdays less %i holidays', (year, weekdays, holidays) => {
    // Act
    const sessions = calendar.sessionsBetween(`${year}-01-01`, `${year}-12-31`);

    // Assert
    expect(sessions).toHaveLength(weekdays - holidays);
  });

  it('when New Year 2028 falls on a Saturday then no day is closed for it: Friday 2027-12-31 is a full session and Monday 2028-01-03 opens', () => {
    // Act
    const sessions = calendar.sessionsBetween('2027-12-30', '2028-01-04');

    // Assert
    expect(sessions.map((s) => s.date)).toEqual(['2027-12-30', '2027-12-31', '2028-01-03', '2028-01-04']);
    expect(sessions[1]).toEqual({ date: '2027-12-31', openMs: utc('2027-12-31T14:30:00Z'), closeMs: utc('2027-12-31T21:00:00Z'), earlyClose: false });
    expect(calendar.isTradingDay('2028-01-01')).toBe(false);
  });

  it('when Christmas 2027 falls on a Saturday then Friday 2027-12-24 is closed and Thursday is a full session', () => {
    // Act
    const observed = calendar.session('2027-12-24');
    const dayBefore = calendar.session('2027-12-23');

    // Assert
    expect(observed).toBeNull();
    expect(dayBefore).toEqual({ date: '2027-12-23', openMs: utc('2027-12-23T14:30:00Z'), closeMs: utc('2027-12-23T21:00:00Z'), earlyClose: false });
  });

  it('when the date is 2025-01-09, the national day of mourning, then the market is closed and the days around it are open', () => {
    // Act
    const sessions = calendar.sessionsBetween('2025-01-08', '2025-01-10').map((s) => s.date);

    // Assert
    expect(calendar.isTradingDay('2025-01-09')).toBe(false);
    expect(sessions).toEqual(['2025-01-08', '2025-01-10']);
  });

  it('when the first sessions from a date are asked for then they are the first of sessionsBetween, and fewer where the coverage ends', () => {
    // Act
    const first = calendar.sessionsFrom('2026-11-25', 3).map((s) => s.date);
    const atTheEnd = calendar.sessionsFrom('2028-12-27', 10).map((s) => s.date);

    // Assert
    expect(first).toEqual(['2026-11-25', '2026-11-27', '2026-11-30']);
    expect(atTheEnd).toEqual(['2028-12-27', '2028-12-28', '2028-12-29']);
  });

  it('when the date is a weekend then there is no session', () => {
    // Act
    const saturday = calendar.session('2026-11-28');
    const sunday = calendar.session('2026-11-29');

    // Assert
    expect(saturday).toBeNull();
    expect(sunday).toBeNull();
    expect(calendar.isOpen(ny('2026-11-28T12:00'), 'extended')).toBe(false);
  });

  it('when every day of the coverage is walked then sessions fall on weekdays only, in order, one a day', () => {
    // Arrange
    const days: string[] = [];
    for (let d = DateTime.fromISO(calendar.coverage.from, { zone: 'utc' }); d.toISODate()! <= calendar.coverage.to; d = d.plus({ days: 1 })) days.push(d.toISODate()!);

    // Act
    const sessions = calendar.sessionsBetween(calendar.coverage.from, calendar.coverage.to).map((s) => s.date);

    // Assert
    expect(sessions).toEqual(days.filter((d) => calendar.session(d) !== null));
    expect(sessions.every((d) => DateTime.fromISO(d, { zone: 'utc' }).weekday <= 5)).toBe(true);
    expect(days.filter((d) => DateTime.fromISO(d, { zone: 'utc' }).weekday <= 5 && calendar.session(d) === null)).toEqual(xnys.holidays.map((h) => h.date)); // holidays only
  });
});

describe('ExchangeCalendar XNYS: early closes', () => {
  it('when the day after Thanksgiving 2026 then the session closes at 13:00 New York, which is 18:00Z', () => {
    // Act
    const session = calendar.session('2026-11-27');

    // Assert
    expect(session).toEqual({ date: '2026-11-27', openMs: utc('2026-11-27T14:30:00Z'), closeMs: utc('2026-11-27T18:00:00Z'), earlyClose: true });
  });

  it.each([
    ['2028-07-03', 'the Monday before Independence Day, in daylight time', '2028-07-03T13:30:00Z', '2028-07-03T17:00:00Z'],
    ['2028-11-24', 'the day after Thanksgiving, in standard time', '2028-11-24T14:30:00Z', '2028-11-24T18:00:00Z'],
    ['2012-07-03', 'the Tuesday before Independence Day, in daylight time', '2012-07-03T13:30:00Z', '2012-07-03T17:00:00Z'],
    ['2012-11-23', 'the day after Thanksgiving, in standard time', '2012-11-23T14:30:00Z', '2012-11-23T18:00:00Z'],
    ['2012-12-24', 'Christmas Eve, a Monday', '2012-12-24T14:30:00Z', '2012-12-24T18:00:00Z'],
  ])('when the date is %s (%s) then the session opens 09:30 and closes early at 13:00 New York', (date, _why, openUtc, closeUtc) => {
    // Act
    const session = calendar.session(date);

    // Assert
    expect(session).toEqual({ date, openMs: utc(openUtc), closeMs: utc(closeUtc), earlyClose: true });
    expect(calendar.isOpen(ny(`${date}T12:59`))).toBe(true);
    expect(calendar.isOpen(ny(`${date}T13:00`))).toBe(false);
  });

  it('when Christmas Eve 2028 falls on a Sunday then there is no early close that week: Friday 2028-12-22 is a full session', () => {
    // Act
    const friday = calendar.session('2028-12-22');
    const sunday = calendar.session('2028-12-24');

    // Assert
    expect(friday).toEqual({ date: '2028-12-22', openMs: utc('2028-12-22T14:30:00Z'), closeMs: utc('2028-12-22T21:00:00Z'), earlyClose: false });
    expect(sunday).toBeNull();
  });

  it('when July 4 2002 fell on a Thursday then Wednesday 2002-07-03 was a full session and Friday 2002-07-05 closed at 13:00 (the rule before 2013)', () => {
    // Act
    const sessions = calendar.sessionsBetween('2002-07-03', '2002-07-05');

    // Assert
    expect(sessions).toEqual([
      { date: '2002-07-03', openMs: utc('2002-07-03T13:30:00Z'), closeMs: utc('2002-07-03T20:00:00Z'), earlyClose: false },
      { date: '2002-07-05', openMs: utc('2002-07-05T13:30:00Z'), closeMs: utc('2002-07-05T17:00:00Z'), earlyClose: true },
    ]);
  });

  it('when it is 12:30 New York on an early-close day then 30 minutes remain', () => {
    // Act
    const remaining = calendar.msToClose(ny('2026-11-27T12:30'));

    // Assert
    expect(remaining).toBe(30 * MINUTE);
  });

  it('when it is 13:30 New York on an early-close day then the regular session is closed but the post session runs until 17:00', () => {
    // Act
    const regular = calendar.isOpen(ny('2026-11-27T13:30'));
    const extended = calendar.isOpen(ny('2026-11-27T13:30'), 'extended');
    const extendedLast = calendar.isOpen(ny('2026-11-27T16:59'), 'extended');
    const extendedAfter = calendar.isOpen(ny('2026-11-27T17:00'), 'extended');

    // Assert
    expect(regular).toBe(false);
    expect(calendar.msToClose(ny('2026-11-27T13:30'))).toBeNull();
    expect([extended, extendedLast, extendedAfter]).toEqual([true, true, false]);
  });
});

describe('ExchangeCalendar XNYS: session hours', () => {
  it.each(['2026-11-24', '2028-06-20'])('when %s, a regular day, then the session is open from 09:30 up to but not including 16:00', (date) => {
    // Act
    const probes = ['09:29', '09:30', '15:59', '16:00'].map((time) => calendar.isOpen(ny(`${date}T${time}`)));

    // Assert
    expect(probes).toEqual([false, true, true, false]);
    expect(calendar.session(date)).toMatchObject({ openMs: ny(`${date}T09:30`), closeMs: ny(`${date}T16:00`), earlyClose: false });
  });

  it('when a regular day then the extended session is open from 04:00 up to but not including 20:00', () => {
    // Act
    const probes = ['03:59', '04:00', '19:59', '20:00'].map((time) => calendar.isOpen(ny(`2026-11-24T${time}`), 'extended'));

    // Assert
    expect(probes).toEqual([false, true, true, false]);
  });

  it('when an instant is late evening in New York but already the next day in UTC then its trade date is the New York date', () => {
    // Act
    const date = calendar.tradeDateOf(utc('2026-11-25T03:00:00Z'));

    // Assert
    expect(date).toBe('2026-11-24');
  });

  it('when trade dates are asked minute by minute across both daylight-saving changes then each is the New York date (the day cache never leaks)', () => {
    // Arrange
    const spans = [
      [utc('2026-03-07T00:00:00Z'), utc('2026-03-10T12:00:00Z')], [utc('2026-10-31T00:00:00Z'), utc('2026-11-03T12:00:00Z')],
      [utc('2028-03-11T00:00:00Z'), utc('2028-03-14T12:00:00Z')], [utc('2028-11-04T00:00:00Z'), utc('2028-11-07T12:00:00Z')],
    ] as const;

    for (const [from, to] of spans) {
      for (let t = from; t < to; t += 7 * MINUTE) {
        // Act
        const date = calendar.tradeDateOf(t);

        // Assert
        expect(date).toBe(DateTime.fromMillis(t, { zone: 'America/New_York' }).toISODate());
      }
    }
  });

  it.each([
    ['2026-03-06', 'Friday before the spring change', '2026-03-06T14:30:00Z'],
    ['2026-03-09', 'Monday after the spring change', '2026-03-09T13:30:00Z'],
    ['2026-10-30', 'Friday before the autumn change', '2026-10-30T13:30:00Z'],
    ['2026-11-02', 'Monday after the autumn change', '2026-11-02T14:30:00Z'],
    ['2028-03-10', 'Friday before the spring change (Sunday 2028-03-12)', '2028-03-10T14:30:00Z'],
    ['2028-03-13', 'Monday after the spring change', '2028-03-13T13:30:00Z'],
    ['2028-11-03', 'Friday before the autumn change (Sunday 2028-11-05)', '2028-11-03T13:30:00Z'],
    ['2028-11-06', 'Monday after the autumn change', '2028-11-06T14:30:00Z'],
  ])('when the date is %s (%s) then the 09:30 open is %s', (date, _why, openUtc) => {
    // Act
    const session = calendar.session(date);

    // Assert
    expect(session?.openMs).toBe(utc(openUtc));
  });
});

describe('ExchangeCalendar XNYS: nextOpen, previousClose, msToClose', () => {
  it('when after the close on a Friday then the next open is Monday 09:30', () => {
    // Act
    const next = calendar.nextOpen(ny('2026-11-20T16:00'));

    // Assert
    expect(next).toBe(ny('2026-11-23T09:30'));
  });

  it('when after the close on Thursday 2026-04-02 then the next open skips Good Friday and the weekend to Monday 2026-04-06', () => {
    // Act
    const next = calendar.nextOpen(ny('2026-04-02T17:00'));

    // Assert
    expect(next).toBe(utc('2026-04-06T13:30:00Z'));
  });

  it('when before the open on a trading day then the next open is that same morning', () => {
    // Act
    const next = calendar.nextOpen(ny('2026-11-24T08:00'));

    // Assert
    expect(next).toBe(ny('2026-11-24T09:30'));
  });

  it('when exactly at the open then the next open is the following trading day', () => {
    // Act
    const next = calendar.nextOpen(ny('2026-11-24T09:30'));

    // Assert
    expect(next).toBe(ny('2026-11-25T09:30'));
  });

  it('when before the open on the Monday after Good Friday then the previous close is Thursday 16:00', () => {
    // Act
    const previous = calendar.previousClose(ny('2026-04-06T09:00'));

    // Assert
    expect(previous).toBe(utc('2026-04-02T20:00:00Z'));
  });

  it('when after the close on a trading day then the previous close is that same afternoon', () => {
    // Act
    const previous = calendar.previousClose(ny('2026-11-24T18:00'));

    // Assert
    expect(previous).toBe(ny('2026-11-24T16:00'));
  });

  it('when the Monday after an early close then the previous close is the early one at 13:00', () => {
    // Act
    const previous = calendar.previousClose(ny('2026-11-30T08:00'));

    // Assert
    expect(previous).toBe(utc('2026-11-27T18:00:00Z'));
  });

  it('when the regular session is open then msToClose counts down to 16:00, and outside it is null', () => {
    // Act
    const during = calendar.msToClose(ny('2026-11-24T15:00'));
    const beforeOpen = calendar.msToClose(ny('2026-11-24T09:00'));
    const atClose = calendar.msToClose(ny('2026-11-24T16:00'));
    const onHoliday = calendar.msToClose(ny('2026-11-26T12:00'));

    // Assert
    expect(during).toBe(60 * MINUTE);
    expect([beforeOpen, atClose, onHoliday]).toEqual([null, null, null]);
  });

  it('when listing Thanksgiving week 2026 then the sessions come in order without the holiday and with Friday short', () => {
    // Act
    const sessions = calendar.sessionsBetween('2026-11-23', '2026-11-29');

    // Assert
    expect(sessions.map((s) => [s.date, s.earlyClose])).toEqual([
      ['2026-11-23', false],
      ['2026-11-24', false],
      ['2026-11-25', false],
      ['2026-11-27', true],
    ]);
  });
});

describe('ExchangeCalendar XNYS: coverage fails closed', () => {
  it.each([
    ['isTradingDay before coverage', () => calendar.isTradingDay('1999-12-31')],
    ['session after coverage', () => calendar.session('2029-01-02')],
    ['isTradingDay the first date after coverage', () => calendar.isTradingDay('2029-01-01')],
    ['tradeDateOf an instant after coverage', () => calendar.tradeDateOf(utc('2029-01-01T05:00:00Z'))],
    ['isOpen an instant before coverage', () => calendar.isOpen(ny('1999-12-31T12:00'))],
    ['msToClose an instant after coverage', () => calendar.msToClose(ny('2029-01-02T12:00'))],
    ['nextOpen that would have to look past the end', () => calendar.nextOpen(ny('2028-12-29T17:00'))],
    ['previousClose that would have to look before the start', () => calendar.previousClose(ny('2000-01-03T08:00'))],
    ['sessionsBetween a range that runs past the end', () => calendar.sessionsBetween('2028-12-01', '2029-01-31')],
  ])('when %s then it throws ROBO_ERR_CALENDAR_COVERAGE', (_case, act) => {
    // Act
    const error = thrownBy(act);

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_CALENDAR_COVERAGE')).toBe(true);
  });

  it('when the next open is the last session of the coverage then it is returned', () => {
    // Act
    const next = calendar.nextOpen(ny('2028-12-28T17:00'));

    // Assert
    expect(next).toBe(ny('2028-12-29T09:30'));
  });

  it('when the last covered day is a Sunday then it still answers (no session), and the day after fails closed', () => {
    // Act
    const lastDay = calendar.session('2028-12-31');
    const dayAfter = thrownBy(() => calendar.session('2029-01-01'));

    // Assert
    expect(calendar.coverage.to).toBe('2028-12-31');
    expect(lastDay).toBeNull();
    expect(isRoboError(dayAfter, 'ROBO_ERR_CALENDAR_COVERAGE')).toBe(true);
  });

  it('when a date is not written as yyyy-MM-dd then it throws a RangeError', () => {
    // Act
    const error = thrownBy(() => calendar.isTradingDay('2026-7-3'));

    // Assert
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe('loadExchangeCalendar', () => {
  it('when loaded twice then it returns the same calendar covering 2000 to 2028', () => {
    // Act
    const again = loadExchangeCalendar('XNYS');

    // Assert
    expect(again).toBe(calendar);
    expect(again.coverage).toEqual({ from: '2000-01-01', to: '2028-12-31' });
  });

  it.each([
    ['a holiday date in the wrong format', { holidays: [{ date: '2026-7-3', name: 'Independence Day (observed)' }] }, 'holidays[0].date'],
    ['a missing session time', { sessions: { pre: '04:00', open: '09:30', post: '20:00' } }, 'sessions.close'],
    ['an early close on a holiday', { earlyCloses: [{ date: '2026-11-26', close: '13:00', lateClose: '17:00' }] }, 'earlyCloses[0].date'],
    ['a holiday on a Saturday', { holidays: [{ date: '2026-07-04', name: 'Independence Day' }] }, 'holidays[0].date'],
    ['a holiday outside coverage', { holidays: [{ date: '2029-01-15', name: 'Martin Luther King, Jr. Day' }] }, 'holidays[0].date'],
    ['an unknown time zone', { zone: 'Eastern Standard Time' }, 'zone'],
  ])('when the data has %s then building the calendar throws an Error naming the field', (_case, change, field) => {
    // Arrange
    const broken: unknown = { ...structuredClone(xnys), ...change };

    // Act
    const error = thrownBy(() => new ExchangeCalendar(broken, 'test data'));

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain(field);
  });
});

describe('XNYS.json agrees with the NYSE holiday rules', () => {
  /** Full-day closures no rule produces: each was a one-off decision of the exchange, in date order. */
  const ADHOC_CLOSURES = [
    '2001-09-11', // September 11 attacks: closed Tuesday to Friday, reopened Monday 2001-09-17
    '2001-09-12', // September 11 attacks
    '2001-09-13', // September 11 attacks
    '2001-09-14', // September 11 attacks
    '2004-06-11', // National Day of Mourning for President Ronald Reagan
    '2007-01-02', // National Day of Mourning for President Gerald R. Ford
    '2012-10-29', // Hurricane Sandy
    '2012-10-30', // Hurricane Sandy, second day
    '2018-12-05', // National Day of Mourning for President George H. W. Bush
    '2025-01-09', // National Day of Mourning for President Jimmy Carter
  ];
  /** 13:00 closes the rule gets wrong. Intraday halts and extensions (2005-06-01 halted at 15:56, 2009-07-02 ran to 16:15) are not calendar days and stay out. */
  const EARLY_CLOSES_NOT_BY_RULE = [
    '2002-07-05', // Friday after a Thursday Independence Day: before 2013 the early close was the Friday after, not the Wednesday before
    '2003-12-26', // Friday after a Thursday Christmas: a one-off 13:00 close (not repeated on 2008-12-26 or 2014-12-26)
  ];
  const RULE_DAYS_WITHOUT_EARLY_CLOSE = [
    '2002-07-03', // Wednesday before a Thursday Independence Day: a full session before 2013 (2013-07-03 was the first Wednesday early close)
  ];
  const years = range(Number(xnys.coverage.from.slice(0, 4)), Number(xnys.coverage.to.slice(0, 4)));
  const fileHolidays = new Set(xnys.holidays.map((h) => h.date));

  it('when generated by rule then the holidays match the file except the ad-hoc closures', () => {
    // Arrange
    const generated = new Set(years.flatMap(nyseHolidaysByRule));

    // Act
    const onlyInFile = [...fileHolidays].filter((d) => !generated.has(d));
    const onlyByRule = [...generated].filter((d) => !fileHolidays.has(d));

    // Assert
    expect(onlyInFile).toEqual(ADHOC_CLOSURES);
    expect(onlyByRule).toEqual([]);
  });

  it('when checked by rule then every early close is Jul 3, the day after Thanksgiving or Dec 24 on a weekday that is not a holiday, and every such day is one, but for the listed exceptions', () => {
    // Arrange
    const byRule = years.flatMap((year) => nyseEarlyClosesByRule(year, fileHolidays)).filter((d) => !RULE_DAYS_WITHOUT_EARLY_CLOSE.includes(d));
    const expected = [...byRule, ...EARLY_CLOSES_NOT_BY_RULE].sort();

    // Act
    const fileEarlyCloses = xnys.earlyCloses.map((e) => e.date);

    // Assert
    expect(fileEarlyCloses).toEqual(expected);
    expect(new Set(xnys.earlyCloses.map((e) => `${e.close}-${e.lateClose}`))).toEqual(new Set(['13:00-17:00']));
  });

  it('when the early-close exceptions are checked against the rule then each one is really an exception, so none is dead weight', () => {
    // Act
    const byRule = years.flatMap((year) => nyseEarlyClosesByRule(year, fileHolidays));

    // Assert
    expect(RULE_DAYS_WITHOUT_EARLY_CLOSE.filter((d) => !byRule.includes(d))).toEqual([]);
    expect(EARLY_CLOSES_NOT_BY_RULE.filter((d) => byRule.includes(d) || civil(d).weekday > 5 || fileHolidays.has(d))).toEqual([]);
  });
});

// --- A small, independent NYSE rule generator (NYSE Rule 7.2 holidays) ---


function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function civil(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

function iso(date: DateTime): string {
  const text = date.toISODate();
  if (text === null) throw new Error('generator produced an invalid date');
  return text;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): DateTime {
  const first = DateTime.utc(year, month, 1);
  return first.plus({ days: ((weekday - first.weekday + 7) % 7) + 7 * (n - 1) });
}

function lastWeekday(year: number, month: number, weekday: number): DateTime {
  const last = DateTime.utc(year, month, 1).endOf('month').startOf('day');
  return last.minus({ days: (last.weekday - weekday + 7) % 7 });
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easter(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day);
}

/** A fixed-date holiday on Saturday is observed Friday, on Sunday the Monday after. */
function observed(date: DateTime): DateTime {
  if (date.weekday === SATURDAY) return date.minus({ days: 1 });
  if (date.weekday === SUNDAY) return date.plus({ days: 1 });
  return date;
}

function nyseHolidaysByRule(year: number): string[] {
  const newYear = DateTime.utc(year, 1, 1);
  // NYSE does not close on Friday Dec 31 for a Saturday New Year: that would move a holiday into the previous year
  // (so 2004-12-31, 2010-12-31, 2021-12-31 and 2027-12-31 are sessions, and 2000, 2005, 2011, 2022 and 2028 have no New Year's holiday).
  const newYearObserved = newYear.weekday === SATURDAY ? [] : [observed(newYear)];
  return [
    ...newYearObserved,
    nthWeekday(year, 1, MONDAY, 3),
    nthWeekday(year, 2, MONDAY, 3),
    easter(year).minus({ days: 2 }),
    lastWeekday(year, 5, MONDAY),
    // Juneteenth became a federal holiday in June 2021; NYSE first closed for it in 2022.
    ...(year >= 2022 ? [observed(DateTime.utc(year, 6, 19))] : []),
    observed(DateTime.utc(year, 7, 4)),
    nthWeekday(year, 9, MONDAY, 1),
    nthWeekday(year, 11, THURSDAY, 4),
    observed(DateTime.utc(year, 12, 25)),
  ].map(iso);
}

/** The 13:00 closes the rule gives: the day after Thanksgiving, and Jul 3 and Dec 24 when they are weekdays and not holidays. */
function nyseEarlyClosesByRule(year: number, holidays: ReadonlySet<string>): string[] {
  return [DateTime.utc(year, 7, 3), nthWeekday(year, 11, THURSDAY, 4).plus({ days: 1 }), DateTime.utc(year, 12, 24)]
    .filter((day) => day.weekday <= 5)
    .map(iso)
    .filter((day) => !holidays.has(day));
}
