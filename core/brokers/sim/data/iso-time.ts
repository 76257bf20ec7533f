/**
 * The one ISO-8601 form bar files nearly always hold — `2026-03-02T09:30:00-05:00` (seconds, offset
 * with or without a colon, or Z) — read straight from the characters, without building a date object:
 * luxon's general parser was about a third of the time a CSV replay took. Anything else (fractions of a
 * second, hour 24, week dates, lower-case letters, out-of-range fields) is left to luxon, so the answer
 * is always luxon's; a property test holds the two together over random instants and DST edges.
 */

const MS_PER_DAY = 86_400_000;

/**
 * Epoch milliseconds of `text.slice(start, end)` if it is exactly `YYYY-MM-DDTHH:MM[:SS](Z|±HH[[:]MM])`
 * with every field in range; undefined when it is anything else, for the caller to ask luxon.
 */
export function parseIsoInstant(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  // The shortest is YYYY-MM-DDTHH:MMZ (17), the longest YYYY-MM-DDTHH:MM:SS+HH:MM (25).
  if (length < 17 || length > 25) return undefined;
  if (text.charCodeAt(start + 4) !== DASH || text.charCodeAt(start + 7) !== DASH || text.charCodeAt(start + 10) !== T || text.charCodeAt(start + 13) !== COLON) return undefined;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  // Written so that NaN (a non-digit) fails too: every comparison with NaN is false.
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59)) return undefined;
  let at = start + 16;
  let second = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digits(text, at + 1, 2);
    if (!(second <= 59)) return undefined;
    at += 3;
  }
  const offsetMinutes = parseOffset(text, at, end);
  if (offsetMinutes === undefined) return undefined;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000;
}

/** Z, ±HH, ±HHMM or ±HH:MM filling [at, end) exactly, in minutes east of UTC. */
function parseOffset(text: string, at: number, end: number): number | undefined {
  const sign = text.charCodeAt(at);
  if (sign === Z) return at + 1 === end ? 0 : undefined;
  if (sign !== PLUS && sign !== DASH) return undefined;
  const hours = digits(text, at + 1, 2);
  let minutes = 0;
  const rest = end - (at + 3);
  if (rest === 2) minutes = digits(text, at + 3, 2);
  else if (rest === 3 && text.charCodeAt(at + 3) === COLON) minutes = digits(text, at + 4, 2);
  else if (rest !== 0) return undefined;
  if (!(hours <= 23 && minutes <= 59)) return undefined;
  const offset = hours * 60 + minutes;
  return sign === DASH ? -offset : offset;
}

/** The decimal value of `count` ASCII digits at `at`, or NaN (which fails every range check) if one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
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

const ZERO = 0x30;
const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const T = 0x54;
const Z = 0x5a;
