/**
 * Plain calendar dates (yyyy-MM-dd, no time, no zone): trade dates, coverage ends, holidays. They are
 * handled as UTC midnights, where every day has 24 hours and no zone rule can shift them — with the
 * built-in Date, which walks a calendar about a hundred times faster than luxon.
 */

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC midnight of `date`; null when it is not a real yyyy-MM-dd date (2026-02-30 is not). */
export function civilDate(date: string): number | null {
  if (!DATE_PATTERN.test(date)) return null;
  const day = new Date(0);
  day.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return civilText(day.getTime()) === date ? day.getTime() : null;
}

/** yyyy-MM-dd of a UTC midnight, for years 0 to 9999. */
export function civilText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isCalendarDate(date: string): boolean {
  return civilDate(date) !== null;
}

/** ISO weekday, 1 = Monday ... 7 = Sunday; 0 for a string that is not a date. */
export function weekdayOf(date: string): number {
  const ms = civilDate(date);
  return ms === null ? 0 : new Date(ms).getUTCDay() || 7;
}

export function addDays(date: string, days: number): string {
  return civilText(requireDate(date, 'a date') + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string, what = { from: 'a date', to: 'a date' }): number {
  return Math.round((requireDate(to, what.to) - requireDate(from, what.from)) / DAY_MS);
}

function requireDate(date: string, what: string): number {
  const ms = civilDate(date);
  if (ms === null) throw new RangeError(`expected ${what} as yyyy-MM-dd, was ${JSON.stringify(date)}`);
  return ms;
}
