/** Specifies the early warning before dated data runs out: fewer than 60 days left warns; past the end, the data's own lookups keep failing closed. */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { COVERAGE_WARNING_DAYS, coverageWarnings, type CoveredData } from '../../../core/market/coverage.js';
import { thrownBy } from '../../support/thrown.js';

/** A data set that ends on 2026-12-31 and fails closed after it (the fee tables did, before rates were carried forward). */
const TABLE: CoveredData = {
  name: 'the sec-section-31 table',
  file: 'plugins/costs/tables/sec-section-31.json',
  coverage: { from: '2024-05-22', to: '2026-12-31' },
  failsClosedWith: 'ROBO_ERR_COST_COVERAGE',
  consequence: 'every order is refused',
  howToExtend: 'add the next rates to plugins/costs/tables/sec-section-31.json with their source, then move coverage.to',
};

const CALENDAR: CoveredData = {
  name: 'the XNYS (NYSE) calendar',
  file: 'core/market/calendars/XNYS.json',
  coverage: { from: '2025-01-01', to: '2028-12-31' },
  failsClosedWith: 'ROBO_ERR_CALENDAR_COVERAGE',
  consequence: 'Robo cannot know whether the market is open and refuses to run',
  howToExtend: 'add the next year to core/market/calendars/XNYS.json with its source',
};

const today = (date: string) => ({ date, what: 'today' });

describe('coverageWarnings', () => {
  it.each([
    ['2026-11-01', 60],
    ['2026-10-31', 61],
    ['2026-06-01', 213],
  ])('when today is %s, %i days before the last covered date, then there is no warning', (date) => {
    // Act
    const warnings = coverageWarnings([TABLE], today(date));

    // Assert
    expect(warnings).toEqual([]);
  });

  it('when 59 days are left then it warns, naming the data, its file, the last covered date, the days left and what to do', () => {
    // Act
    const warnings = coverageWarnings([TABLE], today('2026-11-02'));

    // Assert
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ data: TABLE, lastDate: '2026-12-31', daysLeft: 59, fix: TABLE.howToExtend });
    expect(warnings[0]?.message).toBe('the sec-section-31 table (plugins/costs/tables/sec-section-31.json) ends in 59 days: it covers dates up to 2026-12-31 and today is 2026-11-02; from 2027-01-01 every order is refused (ROBO_ERR_COST_COVERAGE)');
  });

  it('when today is the last covered date then 0 days are left and it still warns', () => {
    // Act
    const [warning] = coverageWarnings([TABLE], today('2026-12-31'));

    // Assert
    expect(warning?.daysLeft).toBe(0);
    expect(warning?.message).toContain('ends in 0 days');
  });

  it('when several data sets are checked then only those ending within 60 days warn, in the order given', () => {
    // Act
    const warnings = coverageWarnings([CALENDAR, TABLE, { ...TABLE, name: 'the cat-fee table', file: 'plugins/costs/tables/cat-fee.json' }], today('2026-12-04'));

    // Assert
    expect(warnings.map((w) => [w.data.file, w.daysLeft])).toEqual([
      ['plugins/costs/tables/sec-section-31.json', 27],
      ['plugins/costs/tables/cat-fee.json', 27],
    ]);
  });

  it('when the days cross a daylight-saving change then they are still whole calendar days', () => {
    // Act (2028-11-05 ends daylight time: that day has 25 hours in New York)
    const [warning] = coverageWarnings([CALENDAR], today('2028-11-02'));

    // Assert
    expect(warning?.daysLeft).toBe(59);
  });

  it('when the date the check is made for is the data\'s last day replayed then the message says so', () => {
    // Act
    const [warning] = coverageWarnings([TABLE], { date: '2026-12-02', what: 'the last day replayed' });

    // Assert
    expect(warning?.message).toContain('it covers dates up to 2026-12-31 and the last day replayed is 2026-12-02');
  });

  it('when the threshold is the documented one then it is 60 days', () => {
    expect(COVERAGE_WARNING_DAYS).toBe(60);
  });

  it('when a date is not written as yyyy-MM-dd then it throws a RangeError instead of guessing', () => {
    // Act
    const error = thrownBy(() => coverageWarnings([TABLE], today('2026-12-4')));

    // Assert
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe('coverageWarnings past the end: the fail-closed error stays in charge', () => {
  it('when today is after the last covered date then the warning says the data ended and names the code later dates fail with', () => {
    // Act
    const [warning] = coverageWarnings([TABLE], today('2027-01-04'));

    // Assert
    expect(warning?.daysLeft).toBe(-4);
    expect(warning?.message).toBe('the sec-section-31 table (plugins/costs/tables/sec-section-31.json) ended 4 days before today (2027-01-04): it covers dates up to 2026-12-31; from 2027-01-01 every order is refused (ROBO_ERR_COST_COVERAGE)');
  });

  it('when a date is past the calendar\'s coverage then the calendar itself still throws ROBO_ERR_CALENDAR_COVERAGE', () => {
    // Arrange
    const calendar = loadExchangeCalendar('XNYS');
    const dayAfter = new Date(Date.parse(`${calendar.coverage.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

    // Act
    const [warning] = coverageWarnings([{ ...CALENDAR, coverage: calendar.coverage }], today(dayAfter));
    const error = thrownBy(() => calendar.isTradingDay(dayAfter));

    // Assert
    expect(warning?.message).toContain('ROBO_ERR_CALENDAR_COVERAGE');
    expect(isRoboError(error, 'ROBO_ERR_CALENDAR_COVERAGE')).toBe(true);
  });
});
