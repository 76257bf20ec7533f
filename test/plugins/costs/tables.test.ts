/**
 * The dated rate tables: every bundled file parses with its sources and rows in date order; a rate is in
 * force until superseded, so past a table's verifiedThrough date its last row is carried forward and says so;
 * before its first row a regulatory table fails closed, while the IBKR plans carry their oldest row back.
 */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { builtinRateBook } from '../../../plugins/costs/tables.js';
import { thrownBy } from '../../support/thrown.js';

const book = builtinRateBook();

describe('RateTable', () => {
  it('when loaded then every table has rows in date order, each from a built-in file with a source', () => {
    for (const table of book.tables()) {
      const froms = table.rows.map((row) => row.from);
      expect([...froms].sort()).toEqual(froms);
      expect(table.rows.every((row) => row.origin.kind === 'built-in' && row.origin.source.length > 0)).toBe(true);
    }
  });

  it('when a date is on a row\'s first day then that row applies, and the day before the previous one', () => {
    expect(book.sec.lookup('2026-04-04').row.rate.toString()).toBe('0.0000206');
    expect(book.sec.lookup('2026-04-03').row.rate.isZero()).toBe(true);
  });

  it('when a date is past the table\'s verifiedThrough then its last row applies, marked carried forward', () => {
    // Arrange
    const last = book.sec.rows.at(-1)!;
    const after = '2028-06-30';

    // Act
    const lookup = book.sec.lookup(after);

    // Assert
    expect(after > book.sec.verifiedThrough).toBe(true);
    expect(lookup.row).toBe(last);
    expect(lookup.status).toBe('carried-forward');
    expect(book.sec.lookup(book.sec.verifiedThrough).status).toBe('verified');
  });

  it('when a date is before the SEC table\'s first row then the lookup fails closed with ROBO_ERR_COST_COVERAGE naming the table and its first date', () => {
    // Act
    const error = thrownBy(() => book.sec.lookup('1999-12-31'));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_COST_COVERAGE')).toBe(true);
    expect(String(error)).toContain(`starts on ${book.sec.firstDate}`);
    expect(isRoboError(error) && error.details.join(' ')).toContain('plugins/costs/tables/sec-section-31.json');
  });

  it('when a date is before the IBKR plans\' first row then the oldest row is carried back', () => {
    // Act
    const lookup = book.ibkr.lookup('2001-03-01');

    // Assert
    expect(lookup.row).toBe(book.ibkr.rows[0]);
    expect(lookup.status).toBe('carried-back');
  });
});

describe('RateBook.on', () => {
  it('when a buy\'s rates are read then the SEC and TAF tables are never consulted, even on a date they cannot answer', () => {
    // Arrange: a date before the SEC and TAF tables begin, where their lookups fail closed.
    const date = '1999-06-01';
    expect(() => book.sec.lookup(date)).toThrow();

    // Act
    const day = book.on(date);

    // Assert: the buy's own tables answer; only reading the SEC rate throws.
    expect(day.ibkrLookup().status).toBe('carried-back');
    expect(() => day.sec).toThrow();
  });
});

describe('RateBook.withUserRows', () => {
  const row = (from: string, rate: string) => ({ from, rate, sources: [{ title: 'SEC fee rate advisory 2027-1' }] });

  it('when a user adds a later row then it applies from its date, from the config, and verifiedThrough moves to it', () => {
    // Act
    const merged = book.withUserRows([{ table: 'sec-section-31', rows: [row('2027-05-01', '0.0000123')], file: 'robo.config.yaml' }]);

    // Assert
    const lookup = merged.sec.lookup('2027-05-01');
    expect(lookup.row.rate.toString()).toBe('0.0000123');
    expect(lookup.row.origin).toEqual({ kind: 'config', file: 'robo.config.yaml', source: 'SEC fee rate advisory 2027-1', verifiedThrough: '2027-05-01' });
    expect(lookup.status).toBe('verified');
    expect(merged.sec.lookup('2027-05-03').status).toBe('carried-forward');
    expect(merged.sec.lookup('2027-04-30').row.origin.kind).toBe('built-in');
    expect(book.sec.lookup('2027-05-03').row.rate.toString()).not.toBe('0.0000123');
  });

  it('when a user row has the date of a built-in row then it replaces it', () => {
    // Act
    const merged = book.withUserRows([{ table: 'sec-section-31', rows: [row('2026-04-04', '0.0000999')], verifiedThrough: '2026-09-30', file: 'rates.yaml' }]);

    // Assert
    expect(merged.sec.rows.filter((r) => r.from === '2026-04-04')).toHaveLength(1);
    expect(merged.sec.lookup('2026-05-01').row.rate.toString()).toBe('0.0000999');
    expect(merged.sec.verifiedThrough).toBe(book.sec.verifiedThrough > '2026-09-30' ? book.sec.verifiedThrough : '2026-09-30');
  });
});
