/** The schema's date pattern accepts exactly the days of the Gregorian calendar, as civil-date counts them. */
import { describe, expect, it } from 'vitest';
import { CALENDAR_DATE_PATTERN } from '../../../core/config/calendar-date.js';
import { isCalendarDate } from '../../../core/market/civil-date.js';

const pattern = new RegExp(CALENDAR_DATE_PATTERN, 'u');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('CALENDAR_DATE_PATTERN', () => {
  it('when every year 0000 to 2600 and every century to 9900 is tried with months 00 to 13 and days 00 to 32 then it agrees with the calendar on each', () => {
    // Arrange
    const years = [...Array.from({ length: 2601 }, (_, y) => y), ...Array.from({ length: 73 }, (_, c) => 2700 + 100 * c)];
    const disagreements: string[] = [];

    // Act
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          if (pattern.test(date) !== isCalendarDate(date)) disagreements.push(date);
        }
      }
    }

    // Assert
    expect(disagreements).toEqual([]);
  });

  it.each([['2026-3-2'], ['20260302'], [' 2026-03-02'], ['2026-03-02\n'], ['+02026-03-02'], ['2026-03-02T00:00']])('when the text is %j then it is no date', (text) => {
    // Assert
    expect(pattern.test(text)).toBe(false);
  });
});
