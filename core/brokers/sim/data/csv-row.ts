/**
 * One data line of a bar file into a bar, read in place from the chunk: the fields are walked once by
 * character codes, the symbol is matched against the file's known symbols without cutting a string, the
 * time is read directly (iso-time.ts), and prices of up to 15 digits are exact integer arithmetic. Any
 * line this fast path is unsure of — a field it does not read (an exponent, a fraction of a second, an
 * unusual space), or one that fails a check — goes to the general parser of csv-format.ts, which gives
 * the answer or the error. The fast path only ever accepts lines the general parser accepts, with the
 * same bar: a property test holds the two together.
 */
import type { Bar } from '../../../domain/types.js';
import { createBarParser, type LinePlace } from './csv-format.js';
import { parseIsoInstant } from './iso-time.js';

/** A parsed line and the index of its symbol in the file's symbol list (-1 for a symbol not in it). */
export interface ParsedRow {
  readonly bar: Bar;
  readonly rank: number;
}

export type RowParser = (text: string, start: number, end: number, place: LinePlace) => ParsedRow;

// Exact powers of ten: a decimal of at most 15 digits is an exact integer, and its quotient by one of
// these is the correctly rounded double — the same number Number() reads from the text.
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_DIGITS = 15;
// Epoch milliseconds since 1973 have 12 digits; more than 15 is past the year 33658 (the general parser says why).
const EPOCH_DIGITS = { min: 12, max: 15 } as const;

export function createRowParser(durationMs: number, symbols: readonly string[]): RowParser {
  const general = createBarParser(durationMs);
  const rank = new Map(symbols.map((symbol, index) => [symbol, index]));
  let lastTimeText = '';
  let lastTime = 0;
  let lastRank = -1;
  // Where a number the fast path read ended; a module-free cursor, so reading a field allocates nothing.
  let cursor = 0;

  function slow(text: string, start: number, end: number, place: LinePlace): ParsedRow {
    const bar = general(text.slice(start, end), place);
    return { bar, rank: rank.get(bar.symbol) ?? -1 };
  }

  /** A plain decimal (sign, digits, one point) of at most 15 digits, spaces around it skipped; NaN for anything else. */
  function number(text: string, at: number, end: number): number {
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    let code = text.charCodeAt(at);
    const negative = code === MINUS;
    if (negative || code === PLUS) code = text.charCodeAt(++at);
    let value = 0;
    let digits = 0;
    let fraction = -1;
    for (; at < end; code = text.charCodeAt(++at)) {
      const digit = code - ZERO;
      if (digit >= 0 && digit <= 9) {
        value = value * 10 + digit;
        digits++;
        if (fraction >= 0) fraction++;
      } else if (code === POINT && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (digits === 0 || digits > MAX_EXACT_DIGITS) return Number.NaN;
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    cursor = at;
    const magnitude = fraction > 0 ? value / (POW10[fraction] ?? Number.NaN) : value;
    return negative ? -magnitude : magnitude;
  }

  /** The index of the symbol in [start, end) among the known symbols, trying the one after the last first (files list a time's symbols in order). */
  function symbolAt(text: string, start: number, end: number): number {
    const length = end - start;
    const count = symbols.length;
    for (let tried = 0, index = lastRank + 1; tried < count; tried++, index++) {
      if (index >= count) index = 0;
      const symbol = symbols[index] as string;
      if (symbol.length === length && text.startsWith(symbol, start)) return (lastRank = index);
    }
    return -1;
  }

  function time(text: string, start: number, end: number): number | undefined {
    const length = end - start;
    if (length === lastTimeText.length && text.startsWith(lastTimeText, start)) return lastTime;
    let parsed = parseIsoInstant(text, start, end);
    if (parsed === undefined && length >= EPOCH_DIGITS.min && length <= EPOCH_DIGITS.max) parsed = epochMilliseconds(text, start, end);
    if (parsed === undefined) return undefined;
    lastTimeText = text.slice(start, end);
    lastTime = parsed;
    return parsed;
  }

  return (text, start, end, place) => {
    // time
    let at = start;
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    let comma = text.indexOf(',', at);
    if (comma < 0 || comma >= end) return slow(text, start, end, place);
    const barTime = time(text, at, trimEnd(text, at, comma));
    if (barTime === undefined) return slow(text, start, end, place);
    // symbol
    at = comma + 1;
    while (at < end && isBlank(text.charCodeAt(at))) at++;
    comma = text.indexOf(',', at);
    if (comma < 0 || comma >= end) return slow(text, start, end, place);
    const index = symbolAt(text, at, trimEnd(text, at, comma));
    if (index < 0) return slow(text, start, end, place);
    // open, high, low, close, each ended by a comma; volume by the end of the line
    const open = number(text, comma + 1, end);
    if (text.charCodeAt(cursor) !== COMMA) return slow(text, start, end, place);
    const high = number(text, cursor + 1, end);
    if (text.charCodeAt(cursor) !== COMMA) return slow(text, start, end, place);
    const low = number(text, cursor + 1, end);
    if (text.charCodeAt(cursor) !== COMMA) return slow(text, start, end, place);
    const close = number(text, cursor + 1, end);
    if (text.charCodeAt(cursor) !== COMMA) return slow(text, start, end, place);
    const volume = number(text, cursor + 1, end);
    // NaN fails every comparison, so one test covers unread fields and inconsistent prices alike.
    const consistent = cursor === end && low <= high && open >= low && open <= high && close >= low && close <= high && volume >= 0;
    if (!consistent) return slow(text, start, end, place);
    const symbol = symbols[index] as string;
    // The property order of every bar source, so bars from files and from the generator share one shape.
    return { bar: { symbol, time: barTime, durationMs, open, high, low, close, volume }, rank: index };
  };
}

function epochMilliseconds(text: string, start: number, end: number): number | undefined {
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

/** The spaces bar files hold; any other white space is left to the general parser, which trims all of it. */
function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

const ZERO = 0x30;
const MINUS = 0x2d;
const PLUS = 0x2b;
const POINT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
