/** Specifies plain calendar dates: real dates only, day arithmetic that no zone or DST can shift. */
import { describe, expect, it } from 'vitest';
import { addDays, civilDate, daysBetween, weekdayOf } from '../../../core/market/civil-date.js';

describe('civil dates', () => {
  it('when a date does not exist or is not yyyy-MM-dd then it is not a date', () => {
    expect([civilDate('2026-02-30'), civilDate('2026-12-4'), civilDate('2028-02-29')]).toEqual([null, null, Date.UTC(2028, 1, 29)]);
  });

  it('when days are added or counted across a leap day, a month end and the DST change then every day counts once', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2); // New York moves its clocks on the 8th
    expect(daysBetween('2026-12-04', '2026-12-31')).toBe(27);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
  });

  it('when a weekday is asked then it is ISO (Monday 1 … Sunday 7)', () => {
    expect([weekdayOf('2026-12-04'), weekdayOf('2028-01-01'), weekdayOf('nope')]).toEqual([5, 6, 0]);
  });

  it('when a date given to count from is malformed then a RangeError names what it was', () => {
    expect(() => daysBetween('2026-1-1', '2026-01-02', { from: 'asOf.date', to: 'the end' })).toThrow(/expected asOf.date as yyyy-MM-dd/);
  });
});
