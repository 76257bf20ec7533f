/**
 * `--from` / `--to`: the New York trade dates of the data a run replays. The window narrows the data's own
 * range; one that misses the data, or is written backwards, is a usage error before anything runs.
 */
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import { CALENDAR_DATE_PATTERN } from '../config/calendar-date.js';

const CALENDAR_DATE = new RegExp(CALENDAR_DATE_PATTERN);
import type { DataRange } from './data-range.js';

/** Both ends included; an absent end is the data's own. */
export interface TradeDateWindow {
  readonly from?: string;
  readonly to?: string;
}

/** Commander's parser for `--from` and `--to`: a real date written yyyy-mm-dd. */
export function tradeDateArgument(option: '--from' | '--to'): (value: string) => string {
  return (value) => {
    if (!CALENDAR_DATE.test(value)) throw new RoboError('ROBO_ERR_USAGE', `${option}: expected a New York trade date written yyyy-mm-dd, was ${JSON.stringify(value)}`);
    return value;
  };
}

/** The data's range cut to the window; ends outside the data are the data's own. */
export function narrowRange(range: DataRange, window: TradeDateWindow): DataRange {
  const { from, to } = window;
  if (from !== undefined && to !== undefined && from > to) {
    throw new RoboError('ROBO_ERR_USAGE', `--from ${from} is after --to ${to}: expected the first trade date on or before the last`);
  }
  const data = `the data's trade dates run from ${range.from} to ${range.to}`;
  if (from !== undefined && from > range.to) throw new RoboError('ROBO_ERR_USAGE', `--from ${from}: expected a date on or before the data's last trade date, was after it: ${data}`);
  if (to !== undefined && to < range.from) throw new RoboError('ROBO_ERR_USAGE', `--to ${to}: expected a date on or after the data's first trade date, was before it: ${data}`);
  return {
    ...range,
    from: from !== undefined && from > range.from ? from : range.from,
    to: to !== undefined && to < range.to ? to : range.to,
  };
}

/** The instants a range's bars lie in: from the start of its first New York day to the start of the day after its last. */
export function windowInstants(range: { readonly from: string; readonly to: string }, zone: string): { readonly fromMs: number; readonly untilMs: number } {
  const day = (date: string): DateTime => DateTime.fromFormat(date, 'yyyy-MM-dd', { zone });
  return { fromMs: day(range.from).toMillis(), untilMs: day(range.to).plus({ days: 1 }).toMillis() };
}
