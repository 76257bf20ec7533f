/**
 * The one ISO-8601 form bar files nearly always hold — `2026-03-02T09:30:00-05:00` (seconds, offset
 * with or without a colon, or Z) — read straight from the file's bytes, without building a date object:
 * luxon's general parser was about a third of the time a CSV replay took. Anything else (fractions of a
 * second, hour 24, week dates, lower-case letters, out-of-range fields) is left to luxon, so the answer
 * is always luxon's; a property test holds the two together over random instants and DST edges.
 */
import { BYTE } from './bytes.js';

const MS_PER_DAY = 86_400_000;

/**
 * Epoch milliseconds of `bytes[start..end)` if it is exactly `YYYY-MM-DDTHH:MM[:SS](Z|±HH[[:]MM])`
 * with every field in range; undefined when it is anything else, for the caller to ask luxon.
 */
export function parseIsoInstant(bytes: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  // The shortest is YYYY-MM-DDTHH:MMZ (17), the longest YYYY-MM-DDTHH:MM:SS+HH:MM (25).
  if (length < 17 || length > 25) return undefined;
  if (bytes[start + 4] !== DASH || bytes[start + 7] !== DASH || bytes[start + 10] !== T || bytes[start + 13] !== COLON) return undefined;
  const days = daysAt(bytes, start);
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  // Written so that NaN (a non-digit) fails too: every comparison with NaN is false.
  if (!(days === days && hour <= 23 && minute <= 59)) return undefined;
  let at = start + 16;
  let second = 0;
  if (bytes[at] === COLON) {
    second = twoDigits(bytes, at + 1);
    if (!(second <= 59)) return undefined;
    at += 3;
  }
  const offsetMinutes = parseOffset(bytes, at, end);
  if (offsetMinutes === undefined) return undefined;
  return days * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000;
}

// The date of the last call: a file's lines share their date for a whole session, so the calendar
// arithmetic runs once a day of bars.
let lastDateKey = -1;
let lastDays = 0;

/** Days since 1970-01-01 of the YYYY-MM-DD at `at`, or NaN if it is not a real date of a year from 1. */
function daysAt(bytes: Uint8Array, at: number): number {
  const year = twoDigits(bytes, at) * 100 + twoDigits(bytes, at + 2);
  const month = twoDigits(bytes, at + 5);
  const day = twoDigits(bytes, at + 8);
  const key = year * 10_000 + month * 100 + day;
  if (key === lastDateKey) return lastDays;
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  lastDateKey = key;
  lastDays = daysFromCivil(year, month, day);
  return lastDays;
}

/** Z, ±HH, ±HHMM or ±HH:MM filling [at, end) exactly, in minutes east of UTC. */
function parseOffset(bytes: Uint8Array, at: number, end: number): number | undefined {
  const sign = bytes[at];
  if (sign === Z) return at + 1 === end ? 0 : undefined;
  if (sign !== PLUS && sign !== DASH) return undefined;
  const hours = twoDigits(bytes, at + 1);
  let minutes = 0;
  const rest = end - (at + 3);
  if (rest === 2) minutes = twoDigits(bytes, at + 3);
  else if (rest === 3 && bytes[at + 3] === COLON) minutes = twoDigits(bytes, at + 4);
  else if (rest !== 0) return undefined;
  if (!(hours <= 23 && minutes <= 59)) return undefined;
  const offset = hours * 60 + minutes;
  return sign === DASH ? -offset : offset;
}

/** The value of the two ASCII digits at `at`, or NaN (which fails every range check) if either is not a digit. */
function twoDigits(bytes: Uint8Array, at: number): number {
  // Past the end of the array a read is undefined, and undefined - ZERO is NaN: refused like a non-digit.
  const tens = (bytes[at] as number) - ZERO;
  const ones = (bytes[at + 1] as number) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); exact for every 4-digit year. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const { ZERO, MINUS: DASH, PLUS, COLON, T, Z } = BYTE;
