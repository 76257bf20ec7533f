/**
 * Says ahead of time when dated data (the exchange calendar, the fee tables) is about to run out: fewer
 * than 60 days between a given date and the data's last covered date is a warning. It never throws and
 * never extends anything — past the end, the data's own lookups keep failing closed with their codes.
 */
import type { RoboErrorCode } from '../domain/errors.js';
import { addDays, daysBetween } from './civil-date.js';

/** "Alert when fewer than 60 days remain" (docs: costs-and-calendar reference, market clock). */
export const COVERAGE_WARNING_DAYS = 60;


/** One data set that stops at a date: what it is, where it lives, how far it goes and how to extend it. */
export interface CoveredData {
  /** In words, e.g. "the sec-section-31 fee table". */
  readonly name: string;
  /** The file to edit, relative to the repository root. */
  readonly file: string;
  readonly coverage: { readonly from: string; readonly to: string };
  /** The code a date after `coverage.to` fails closed with. */
  readonly failsClosedWith: RoboErrorCode;
  /** What happens on a later date, e.g. "every order is refused". */
  readonly consequence: string;
  /** What to do, in full words: the edit that extends the data. */
  readonly howToExtend: string;
}

/** The date the check is made for, and what that date is ("today", "the last day of the data"). */
export interface AsOf {
  readonly date: string;
  readonly what: string;
}

export interface CoverageWarning {
  readonly data: CoveredData;
  readonly asOf: AsOf;
  /** The last covered date (`coverage.to`). */
  readonly lastDate: string;
  /** Whole days from `asOf.date` to the last covered date: 0 on the last day, negative once it is past. */
  readonly daysLeft: number;
  readonly message: string;
  /** The "what to do" line. */
  readonly fix: string;
}

/**
 * A warning for every data set whose coverage ends fewer than `withinDays` days after `asOf.date`
 * (61 or 60 days left: none; 59: one), including those already past their end.
 */
export function coverageWarnings(data: readonly CoveredData[], asOf: AsOf, withinDays = COVERAGE_WARNING_DAYS): CoverageWarning[] {
  return data.flatMap((d) => {
    const daysLeft = daysBetween(asOf.date, d.coverage.to, { from: 'asOf.date', to: `${d.name} coverage.to` });
    return daysLeft < withinDays ? [warning(d, asOf, daysLeft)] : [];
  });
}

function warning(data: CoveredData, asOf: AsOf, daysLeft: number): CoverageWarning {
  const last = data.coverage.to;
  const next = addDays(last, 1);
  const when = daysLeft >= 0
    ? `ends in ${days(daysLeft)}: it covers dates up to ${last} and ${asOf.what} is ${asOf.date}`
    : `ended ${days(-daysLeft)} before ${asOf.what} (${asOf.date}): it covers dates up to ${last}`;
  const message = `${data.name} (${data.file}) ${when}; from ${next} ${data.consequence} (${data.failsClosedWith})`;
  return { data, asOf, lastDate: last, daysLeft, message, fix: data.howToExtend };
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

