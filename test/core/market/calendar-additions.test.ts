/** A user's additions merged into a calendar: checked by the same rules, joined up with its coverage, never contradicting it. */
import { describe, expect, it } from 'vitest';
import { CalendarDataError } from '../../../core/market/calendar.js';
import { isRoboError } from '../../../core/domain/errors.js';
import { calendarOfYear } from '../../support/calendar.js';
import { thrownBy } from '../../support/thrown.js';

/** A built-in calendar of one year, 2028, so these tests do not move when XNYS.json grows. */
const base = calendarOfYear(2028, { holidays: [{ date: '2028-12-25', name: 'Christmas Day' }], earlyCloses: [{ date: '2028-11-24', close: '13:00', lateClose: '17:00' }] }, 'base');

const SOURCE_2029 = { title: 'NYSE 2029 holidays', url: 'https://www.nyse.com/markets/hours-calendars', retrievedAt: '2026-12-05', covers: { from: '2029-01-01', to: '2029-12-31' } };

function additions(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    exchange: 'XNYS',
    sources: [SOURCE_2029],
    coverage: { from: '2029-01-01', to: '2029-12-31' },
    holidays: [{ date: '2029-01-01', name: "New Year's Day" }],
    earlyCloses: [{ date: '2029-07-03', close: '13:00', lateClose: '17:00' }],
    ...overrides,
  };
}

/** The paths of every problem the additions have, as written in messages. */
function problemPaths(raw: unknown): string[] {
  const error = thrownBy(() => base.withAdditions(raw, 'nyse-2029.json'));
  if (!(error instanceof CalendarDataError)) throw new Error(`expected a CalendarDataError, was ${String(error)}`);
  return error.problems.map((p) => p.path.join('.'));
}

describe('ExchangeCalendar.withAdditions', () => {
  it('when the additions extend the coverage by a year then the merged calendar covers both, with the added holiday and early close', () => {
    // Act
    const merged = base.withAdditions(additions(), 'nyse-2029.json');

    // Assert
    expect(merged.coverage).toEqual({ from: '2028-01-01', to: '2029-12-31' });
    expect(merged.isTradingDay('2029-01-01')).toBe(false);
    expect(merged.isTradingDay('2029-01-02')).toBe(true);
    expect(merged.session('2029-07-03')?.earlyClose).toBe(true);
    expect(merged.isTradingDay('2028-12-25')).toBe(false);
    expect(merged.session('2028-11-24')?.earlyClose).toBe(true);
  });

  it('when additions are merged then the calendar they add to is unchanged and still fails closed past its end', () => {
    // Act
    base.withAdditions(additions(), 'nyse-2029.json');
    const error = thrownBy(() => base.isTradingDay('2029-01-02'));

    // Assert
    expect(base.coverage).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    expect(isRoboError(error, 'ROBO_ERR_CALENDAR_COVERAGE')).toBe(true);
  });

  it('when the additions only add a closure inside the coverage then that day is closed and the coverage stays', () => {
    // Arrange
    const closure = { schemaVersion: 1, exchange: 'XNYS', sources: [{ ...SOURCE_2029, covers: { from: '2028-06-01', to: '2028-06-30' } }], holidays: [{ date: '2028-06-14', name: 'A day of mourning' }] };

    // Act
    const merged = base.withAdditions(closure, 'closure.yaml');

    // Assert
    expect(merged.coverage).toEqual(base.coverage);
    expect(merged.isTradingDay('2028-06-14')).toBe(false);
    expect(merged.isTradingDay('2028-06-15')).toBe(true);
  });

  it('when a date is in both and both say the same thing then it is accepted, so the file survives the built-in calendar catching up', () => {
    // Arrange
    const same = additions({
      sources: [SOURCE_2029, { ...SOURCE_2029, covers: { from: '2028-01-01', to: '2028-12-31' } }],
      holidays: [{ date: '2028-12-25', name: 'Christmas' }, { date: '2029-01-01', name: "New Year's Day" }],
      earlyCloses: [{ date: '2028-11-24', close: '13:00', lateClose: '17:00' }],
    });

    // Act
    const merged = base.withAdditions(same, 'nyse-2029.json');

    // Assert
    expect(merged.isTradingDay('2028-12-25')).toBe(false);
    expect(merged.session('2028-11-24')?.earlyClose).toBe(true);
  });

  it.each([
    ['a holiday on a day the built-in calendar closes early', { holidays: [{ date: '2028-11-24', name: 'Black Friday' }] }, 'holidays.0.date'],
    ['an early close on a built-in holiday', { earlyCloses: [{ date: '2028-12-25', close: '13:00', lateClose: '17:00' }] }, 'earlyCloses.0.date'],
    ['another close time on a built-in early close', { earlyCloses: [{ date: '2028-11-24', close: '14:00', lateClose: '17:00' }] }, 'earlyCloses.0.close'],
  ])('when a date is in both and they disagree (%s) then it is refused at that entry', (_case, change, path) => {
    // Arrange
    const sources = [SOURCE_2029, { ...SOURCE_2029, covers: { from: '2028-01-01', to: '2028-12-31' } }];

    // Act
    const paths = problemPaths(additions({ sources, holidays: [], earlyCloses: [], ...change }));

    // Assert
    expect(paths).toEqual([path]);
  });

  it.each([
    ['a coverage that leaves a gap after the built-in one', { coverage: { from: '2029-02-01', to: '2029-12-31' } }, ['coverage', 'earlyCloses.0.date', 'holidays.0.date']],
    ['a coverage the sources do not vouch for', { coverage: { from: '2029-01-01', to: '2030-06-30' } }, ['coverage']],
    ['a holiday in the wrong format', { holidays: [{ date: '2029-1-15', name: 'Martin Luther King, Jr. Day' }] }, ['holidays.0.date']],
    ['a holiday past the merged coverage', { holidays: [{ date: '2030-01-01', name: "New Year's Day" }] }, ['holidays.0.date', 'holidays.0.date']],
    ['a holiday on a Saturday', { holidays: [{ date: '2029-01-06', name: 'A Saturday' }] }, ['holidays.0.date']],
    ['a holiday listed twice', { holidays: [{ date: '2029-01-01', name: 'One' }, { date: '2029-01-01', name: 'Two' }] }, ['holidays.1.date']],
    ['another exchange', { exchange: 'XLON' }, ['exchange']],
    ['a time zone of its own', { zone: 'Europe/London' }, ['zone']],
    ['session times of their own', { sessions: { pre: '04:00', open: '10:00', close: '16:00', post: '20:00' } }, ['sessions']],
    ['no sources', { sources: [] }, ['coverage', 'earlyCloses.0.date', 'holidays.0.date', 'sources']],
    ['another schema version', { schemaVersion: 2 }, ['schemaVersion']],
  ])('when the additions have %s then they are refused with every problem at its path', (_case, change, paths) => {
    // Act
    const found = problemPaths(additions(change));

    // Assert
    expect(found.sort()).toEqual(paths);
  });

  it('when the additions are not an object then the message says what they are without echoing them', () => {
    // Arrange
    const list = Array.from({ length: 50 }, (_, i) => `secret-line-${i}`);

    // Act
    const error = thrownBy(() => base.withAdditions(list, 'nyse-2029.json'));

    // Assert
    expect(String(error)).toContain('nyse-2029.json is not a valid calendar additions file');
    expect(String(error)).toContain('an array of 50 items');
    expect(String(error)).not.toContain('secret-line');
  });
});
