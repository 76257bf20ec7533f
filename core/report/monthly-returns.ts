/**
 * Month-by-month returns of an equity curve, the report's years × months table: each month from the
 * last session close before it (the starting equity for the run's first month) to its own last close, so
 * the months of a year compound to the year's total exactly.
 */
import { dec, type Decimal } from '../domain/money.js';

/** One year's row: percent per month, January first; null where the run has no session that month. */
export interface YearReturns {
  readonly year: number;
  readonly months: readonly (string | null)[];
  /** The months the run covers, compounded; null when the equity it starts from is not positive. */
  readonly total: string | null;
}

export function monthlyReturns(sessions: readonly { readonly date: string; readonly equity: string }[], startingEquity: string): YearReturns[] {
  const monthEnds = lastEquityByMonth(sessions);
  const years = new Map<number, { months: (string | null)[]; from: Decimal; to: Decimal }>();
  let before = dec(startingEquity);
  for (const [month, equity] of monthEnds) {
    const year = Number(month.slice(0, 4));
    let row = years.get(year);
    if (row === undefined) {
      row = { months: new Array<string | null>(12).fill(null), from: before, to: before };
      years.set(year, row);
    }
    row.months[Number(month.slice(5, 7)) - 1] = percentChange(before, equity);
    row.to = equity;
    before = equity;
  }
  return [...years].map(([year, row]) => ({ year, months: row.months, total: percentChange(row.from, row.to) }));
}

/** yyyy-MM → the equity at that month's last session, in date order (sessions arrive in date order). */
function lastEquityByMonth(sessions: readonly { readonly date: string; readonly equity: string }[]): Map<string, Decimal> {
  const ends = new Map<string, Decimal>();
  for (const session of sessions) ends.set(session.date.slice(0, 7), dec(session.equity));
  return ends;
}

/** A return is undefined from nothing (or from a debt): null, shown as a blank rather than a made-up figure. */
function percentChange(from: Decimal, to: Decimal): string | null {
  if (from.lte(0)) return null;
  return to.div(from).minus(1).times(100).toString();
}
