/** The dated rate tables: every bundled file parses with its sources, rows are in date order, and lookups fail closed outside coverage. */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { costTables, ratesOn } from '../../../plugins/costs/tables.js';

describe('cost tables', () => {
  it('when loaded then every table has rows in date order starting at its coverage', () => {
    for (const table of Object.values(costTables())) {
      const froms = table.rows.map((row) => row.from);
      expect([...froms].sort()).toEqual(froms);
      expect(froms[0]! <= table.coverage.from).toBe(true);
    }
  });

  it('when a date is on a row\'s first day then that row applies, and the day before the previous one', () => {
    const { sec } = costTables();
    expect(sec.on('2026-04-04').rate.toString()).toBe('0.0000206');
    expect(sec.on('2026-04-03').rate.isZero()).toBe(true);
  });

  it.each(['2023-12-29', '2027-01-04'])('when the trade date is %s then the lookup fails closed with ROBO_ERR_COST_COVERAGE naming the table file', (date) => {
    let error: unknown;
    try {
      ratesOn(date);
    } catch (caught) {
      error = caught;
    }
    expect(isRoboError(error, 'ROBO_ERR_COST_COVERAGE')).toBe(true);
    expect(isRoboError(error) && error.details.join(' ')).toContain('plugins/costs/tables/');
  });
});
