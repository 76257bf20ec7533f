/**
 * The regulatory fee history back to 2010, checked against lists kept here independently of the tables:
 * each change as the regulator announced it — the day it took effect, the new figures and the ones it
 * replaced. The rate on the change's first day must be the new one and on the day before the old one, so
 * a row with a wrong date, a wrong figure or a missing step between two announcements fails here.
 */
import { describe, expect, it } from 'vitest';
import { builtinRateBook } from '../../../plugins/costs/tables.js';

const book = builtinRateBook();

/** The day before a yyyy-mm-dd date, by the calendar. */
function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** FINRA Trading Activity Fee changes for covered equity sales: per share and the most one trade pays. */
const tafChanges = [
  // Regulatory Notice 11-27: "from $0.000075 per share ... to $0.000090", cap "from $3.75 to $4.50".
  { from: '2011-07-01', perShare: '0.00009', cap: '4.5', before: { perShare: '0.000075', cap: '3.75' } },
  // Regulatory Notice 12-06: "from $0.000090 ... to $0.000095", cap "from $4.50 to $4.75".
  { from: '2012-03-01', perShare: '0.000095', cap: '4.75', before: { perShare: '0.00009', cap: '4.5' } },
  // SEC approval order of 2012-06-22 (77 FR 38690): "from $0.000095 per share to $0.000119", cap "from $4.75 to $5.95".
  { from: '2012-07-01', perShare: '0.000119', cap: '5.95', before: { perShare: '0.000095', cap: '4.75' } },
  // SR-FINRA-2020-032 fee increase schedule: 2022, 2023 and 2024 steps.
  { from: '2022-01-01', perShare: '0.00013', cap: '6.49', before: { perShare: '0.000119', cap: '5.95' } },
  { from: '2023-01-01', perShare: '0.000145', cap: '7.27', before: { perShare: '0.00013', cap: '6.49' } },
  { from: '2024-01-01', perShare: '0.000166', cap: '8.3', before: { perShare: '0.000145', cap: '7.27' } },
  // SR-FINRA-2024-019: the 2026 step; the suspension of 2026-10-01 to 2026-12-31 and its end.
  { from: '2026-01-01', perShare: '0.000195', cap: '9.79', before: { perShare: '0.000166', cap: '8.3' } },
  { from: '2026-10-01', perShare: '0', cap: '0', before: { perShare: '0.000195', cap: '9.79' } },
  { from: '2027-01-01', perShare: '0.000195', cap: '9.79', before: { perShare: '0', cap: '0' } },
] as const;

function taf(date: string): { perShare: string; cap: string } {
  const { row } = book.taf.lookup(date);
  return { perShare: row.perShare.toString(), cap: row.maxPerTrade.toString() };
}

describe('FINRA TAF history', () => {
  it.each(tafChanges)('when a sale is dated $from then the TAF is $perShare a share, at most $cap; the day before it was the previous rate', (change) => {
    expect(taf(change.from)).toEqual({ perShare: change.perShare, cap: change.cap });
    expect(taf(dayBefore(change.from))).toEqual(change.before);
  });

  it('when the table is read then it changes only on the announced dates: no step is missing or invented', () => {
    const announced = tafChanges.map((change) => change.from);
    const rows = book.taf.rows.map((row) => row.from).filter((from) => from > book.taf.firstDate);
    expect(rows).toEqual(announced);
  });

  it('when a sale is dated 2010 then the table answers with the rate in force since before mid-2005', () => {
    expect(book.taf.firstDate <= '2010-01-01').toBe(true);
    expect(taf('2010-01-04')).toEqual({ perShare: '0.000075', cap: '3.75' });
  });
});
