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
  // SEC approval order of 2012-06-22 (77 FR 38690): "from $0.000095 per share to $0.000119", cap "from $4.75 to $5.95";
  // effective 2012-07-01 by Regulatory Notice 12-31.
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

/**
 * SEC Section 31 changes, each as FINRA's information notice or the SEC's advisory announced it: the day
 * it took effect, the new rate per million and the one it replaced. Where a notice only says which rate
 * was current, that rate is checked on the day it says.
 */
const secChanges = [
  { from: '2008-04-01', perMillion: '5.6', before: '11' }, // FINRA Information Notice 3/10/08
  { from: '2009-04-10', perMillion: '25.7', before: '5.6' }, // SEC Fee Rate Advisory #4, FY2009
  { from: '2010-01-15', perMillion: '12.7', before: '25.7' }, // SEC Fee Rate Advisory #2, FY2010
  { from: '2010-04-01', perMillion: '16.9', before: '12.7' }, // FINRA Information Notice 3/10/10
  { from: '2011-01-21', perMillion: '19.2', before: '16.9' }, // SEC Fee Rate Advisory #2, FY2011
  { from: '2012-02-21', perMillion: '18', before: '19.2' }, // SEC Fee Rate Advisory #5, FY2012: "from $19.20 … to $18.00"
  { from: '2012-04-01', perMillion: '22.4', before: '18' }, // SEC Fee Rate Advisory #6, FY2012
  { from: '2013-05-25', perMillion: '17.4', before: '22.4' }, // SEC Fee Rate Advisory #3, FY2013
  { from: '2014-03-18', perMillion: '22.1', before: '17.4' }, // FINRA Information Notice 3/3/14
  { from: '2015-02-14', perMillion: '18.4', before: '22.1' }, // SEC Fee Rate Advisory #3, FY2015
  { from: '2016-02-16', perMillion: '21.8', before: '18.4' }, // SEC Fee Rate Advisory #3, FY2016
  { from: '2017-07-04', perMillion: '23.1', before: '21.8' }, // SEC Fee Rate Advisory #3, FY2017
  { from: '2018-05-22', perMillion: '13', before: '23.1' }, // FINRA Information Notice 5/7/18
  { from: '2019-04-16', perMillion: '20.7', before: '13' }, // SEC Fee Rate Advisory #2, FY2019
  { from: '2020-02-18', perMillion: '22.1', before: '20.7' }, // FINRA Information Notice 2/3/20
  { from: '2021-02-25', perMillion: '5.1', before: '22.1' }, // FINRA Information Notice 2/16/21
  { from: '2022-05-14', perMillion: '22.9', before: '5.1' }, // SEC Fee Rate Advisory #2, FY2022
  { from: '2023-02-27', perMillion: '8', before: '22.9' }, // SEC Fee Rate Advisory #2, FY2023
  { from: '2024-05-22', perMillion: '27.8', before: '8' }, // fiscal year 2024 rate
  { from: '2025-05-14', perMillion: '0', before: '27.8' }, // FINRA Information Notice 4/24/25
  { from: '2026-04-04', perMillion: '20.6', before: '0' }, // SEC Fee Rate Advisory 2026-2
] as const;

/** Rates the notices name as "current" on a day, without a change that day. */
const secCurrent = [
  { on: '2012-11-15', perMillion: '22.4' }, // SEC Fee Rate Advisory #2, FY2013: "remain at the current rate of $22.40"
  { on: '2014-10-07', perMillion: '22.1' }, // FINRA Information Notice 10/7/14: "remain at the current rate of $22.10"
  { on: '2016-02-25', perMillion: '21.8' }, // FINRA Information Notice 3/15/16: "remain at the current rate of $21.80"
] as const;

function secPerMillion(date: string): string {
  return book.sec.lookup(date).row.rate.times(1_000_000).toString();
}

describe('SEC Section 31 history', () => {
  it.each(secChanges)('when a sale is dated $from then the rate is $perMillion per million; the day before it was the previous rate', (change) => {
    expect(secPerMillion(change.from)).toBe(change.perMillion);
    // The table starts on the first change: what it replaced is in the notice, not in the table.
    if (change.from > book.sec.firstDate) expect(secPerMillion(dayBefore(change.from))).toBe(change.before);
  });

  it.each(secCurrent)('when a notice calls the rate of $on current then the table agrees: $perMillion per million', ({ on, perMillion }) => {
    expect(secPerMillion(on)).toBe(perMillion);
  });

  it('when the table is read then it changes only on the announced dates: no step is missing or invented', () => {
    const rows = book.sec.rows.map((row) => row.from).filter((from) => from > book.sec.firstDate);
    expect(rows).toEqual(secChanges.slice(1).map((change) => change.from));
  });

  it('when a sale is dated 2010 or later then the table answers, and a row from before the first one is refused', () => {
    expect(book.sec.firstDate <= '2010-01-01').toBe(true);
    expect(() => book.sec.lookup(dayBefore(book.sec.firstDate))).toThrow(/starts on 2008-04-01/);
  });
});
