import { describe, expect, it } from 'vitest';
import { monthlyReturns } from '../../../core/report/monthly-returns.js';

describe('monthlyReturns', () => {
  it('when the run starts mid-year then its first month is measured from the starting equity and the others from the last close before them', () => {
    // Arrange: 1000 → 1100 by January's last close (+10%), → 990 by February's (-10%), March untouched.
    const sessions = [
      { date: '2024-01-02', equity: '1050' },
      { date: '2024-01-31', equity: '1100' },
      { date: '2024-02-01', equity: '1200' },
      { date: '2024-02-29', equity: '990' },
    ];

    // Act
    const years = monthlyReturns(sessions, '1000');

    // Assert: 1.1 × 0.9 = 0.99, so the year lost 1%.
    expect(years).toEqual([{ year: 2024, months: ['10', '-10', null, null, null, null, null, null, null, null, null, null], total: '-1' }]);
  });

  it('when the run crosses a new year then each year compounds only its own months', () => {
    const sessions = [
      { date: '2023-12-28', equity: '1000' },
      { date: '2023-12-29', equity: '800' },
      { date: '2024-01-02', equity: '1000' },
    ];

    const years = monthlyReturns(sessions, '1000');

    expect(years.map((year) => [year.year, year.months[0], year.months[11], year.total])).toEqual([
      [2023, null, '-20', '-20'],
      [2024, '25', null, '25'],
    ]);
  });

  it('when the equity it would start from is not positive then that return is blank rather than a made-up figure', () => {
    const years = monthlyReturns([{ date: '2024-01-31', equity: '0' }, { date: '2024-02-29', equity: '10' }], '100');

    expect(years[0]?.months.slice(0, 2)).toEqual(['-100', null]);
    expect(years[0]?.total).toBe('-90');
  });

  it('when there are no sessions then there are no years', () => {
    expect(monthlyReturns([], '1000')).toEqual([]);
  });
});
