/** The trade dates a config's run spans, and the key to blame for each end: generated sessions, CSV bars, or today. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRangeOf, uncoveredEnd, type DataRangeContext } from '../../core/cli/data-range.js';
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { isRoboError } from '../../core/domain/errors.js';
import { calendarOfYear } from '../support/calendar.js';
import { thrownBy } from '../support/thrown.js';

/** A calendar of one year, 2026, with Martin Luther King Day on Monday 2026-01-19. */
const calendar = calendarOfYear(2026, { holidays: [{ date: '2026-01-19', name: 'Martin Luther King, Jr. Day' }, { date: '2026-12-25', name: 'Christmas Day' }] });

type Data = ResolvedConfig['data'];
const PACE = { barsPerSecond: 20 };
const HEADER = 'time,symbol,open,high,low,close,volume';

const generated = (start: string, days: number): Data => ({ source: 'generated', symbols: ['SPY'], start, days, barSeconds: 60, seed: 1, pace: PACE });

/** A folder holding bars.csv with `text`, as the context to read it from. */
function csvIn(text: string): DataRangeContext {
  const dir = mkdtempSync(join(tmpdir(), 'robo-range-'));
  writeFileSync(join(dir, 'bars.csv'), text);
  return { dir, calendar, today: '2026-06-01' };
}
const CSV: Data = { source: 'csv', path: 'bars.csv', barSeconds: 60, pace: PACE };
const context: DataRangeContext = { dir: tmpdir(), calendar, today: '2026-06-01' };

describe('dataRangeOf, generated data', () => {
  it('when the start is a Saturday before a holiday Monday then the range runs from the first to the last session', () => {
    // Act
    const range = dataRangeOf(generated('2026-01-17', 3), context);

    // Assert
    expect(range).toEqual({ from: '2026-01-20', to: '2026-01-22', fromPath: ['data', 'start'], toPath: ['data', 'days'] });
    expect(uncoveredEnd(range, calendar.coverage)).toBeUndefined();
  });

  it('when the days run past the coverage then the end counts weekdays and data.days is to blame', () => {
    // Act
    const range = dataRangeOf(generated('2026-12-30', 5), context);

    // Assert
    expect(range.to).toBe('2027-01-05'); // 12-30, 12-31, then Friday 01-01, 01-04, 01-05: the earliest it could be
    expect(uncoveredEnd(range, calendar.coverage)).toEqual({ date: '2027-01-05', path: ['data', 'days'] });
  });

  it('when the start is past the coverage then data.start is to blame', () => {
    // Act
    const range = dataRangeOf(generated('2031-01-05', 2), context);

    // Assert
    expect(range).toMatchObject({ from: '2031-01-06', to: '2031-01-07' });
    expect(uncoveredEnd(range, calendar.coverage)).toEqual({ date: '2031-01-06', path: ['data', 'start'] });
  });
});

describe('dataRangeOf, CSV data', () => {
  it('when bars are read then the range is the New York trade dates of the first and the last bar, comments and CRLF skipped', () => {
    // Arrange: 02:00 UTC on the 3rd is 21:00 on the 2nd in New York
    const ctx = csvIn(`${HEADER}\r\n# sample\r\n2026-03-02T14:30:00Z,SPY,1,1,1,1,1\r\n2026-03-03T02:00:00Z,SPY,1,1,1,1,1\r\n\r\n# end\r\n`);

    // Act
    const range = dataRangeOf(CSV, ctx);

    // Assert
    expect(range).toEqual({ from: '2026-03-02', to: '2026-03-02', fromPath: ['data', 'path'], toPath: ['data', 'path'] });
  });

  it('when the last bar is behind more comment lines than one read holds then it is still found, and outside the coverage data.path is to blame', () => {
    // Arrange
    const comments = '# padding padding padding padding padding padding padding padding\n'.repeat(2000); // ~130 KB
    const ctx = csvIn(`${HEADER}\n2026-03-02T09:30:00-05:00,SPY,1,1,1,1,1\n2031-01-06T09:30:00-05:00,SPY,1,1,1,1,1\n${comments}`);

    // Act
    const range = dataRangeOf(CSV, ctx);

    // Assert
    expect(range).toMatchObject({ from: '2026-03-02', to: '2031-01-06' });
    expect(uncoveredEnd(range, calendar.coverage)).toEqual({ date: '2031-01-06', path: ['data', 'path'] });
  });

  it('when the file has a header and no bars then it throws ROBO_ERR_DATA_INVALID', () => {
    // Act
    const error = thrownBy(() => dataRangeOf(CSV, csvIn(`${HEADER}\n# nothing yet\n`)));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
  });

  it('when the last bar has a time without an offset then the error names its line', () => {
    // Act
    const error = thrownBy(() => dataRangeOf(CSV, csvIn(`${HEADER}\n2026-03-02T09:30:00-05:00,SPY,1,1,1,1,1\n# note\n2026-03-02T09:31:00,SPY,1,1,1,1,1\n`)));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
    expect(String(error)).toMatch(/bars\.csv:4 time: .*no offset/);
  });
});

describe('dataRangeOf, live bars', () => {
  it('when the data comes from the broker then the range is today and data.source is to blame', () => {
    // Act
    const range = dataRangeOf({ source: 'broker', barSeconds: 60, whatToShow: 'TRADES', useRth: true }, { ...context, today: '2031-01-06' });

    // Assert
    expect(range).toEqual({ from: '2031-01-06', to: '2031-01-06', fromPath: ['data', 'source'], toPath: ['data', 'source'] });
    expect(uncoveredEnd(range, calendar.coverage)?.path).toEqual(['data', 'source']);
  });
});
