/**
 * The one check of a date a config or a rates file writes (data.start, a fee row's from, a table's
 * verifiedThrough and retrievedAt): a real day of the Gregorian calendar, written YYYY-MM-DD. It is a
 * JSON Schema pattern exact to the day — 2026-02-30 and 2025-02-29 fail it, 2028-02-29 passes — so a
 * wrong date is reported with every other mistake at its own line, editors flag it from the published
 * schema, and the precompiled validators need no code of ours.
 */

// Days 01 to 28 exist in every month, 29 and 30 in all but February, 31 in the seven long months.
const EVERY_MONTH = '(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])';
const NOT_FEBRUARY = '(0[13-9]|1[0-2])-(29|30)';
const LONG_MONTH = '(0[13578]|1[02])-31';
// February 29th: years divisible by 4 but not by 100 (the last two digits 04, 08, …, 96), and years divisible by 400 (0000, 0400, …, 2000).
const LEAP_YEAR = '([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)';

export const CALENDAR_DATE_PATTERN = `^([0-9]{4}-(${EVERY_MONTH}|${NOT_FEBRUARY}|${LONG_MONTH})|${LEAP_YEAR}-02-29)$`;

/** A date-valued property of a schema. */
export const calendarDate = (description: string) => ({ type: 'string', pattern: CALENDAR_DATE_PATTERN, description } as const);

/** What is wrong with a value that fails the pattern; `shown` is the value as messages may print it. */
export function notACalendarDate(shown: string): string {
  return `expected a real calendar date (YYYY-MM-DD), was ${shown}`;
}
