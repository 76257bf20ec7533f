/**
 * One data line of a bar file into a bar, read in place from the chunk's bytes: the fields are walked
 * once, the symbol is matched against the file's known symbols without decoding a string, the time is
 * read directly (iso-time.ts), and prices of up to 15 digits are exact integer arithmetic. Any
 * line this fast path is unsure of — a field it does not read (an exponent, a fraction of a second, an
 * unusual space), or one that fails a check — goes to the general parser of csv-format.ts, which gives
 * the answer or the error. The fast path only ever accepts lines the general parser accepts, with the
 * same bar: a property test holds the two together.
 */
import type { Bar } from '../../../domain/types.js';
import { LATEST_BAR_TIME_MS, createBarParser, type LinePlace } from './csv-format.js';
import { BYTE, isBlank, spells } from './bytes.js';
import { parseIsoInstant } from './iso-time.js';

export interface RowParser {
  /** The bar of the line `bytes[start..end)`; throws ROBO_ERR_DATA_INVALID naming `place` if it is not one. */
  parse(bytes: Buffer, start: number, end: number, place: LinePlace): Bar;
  /** The index of the last parsed bar's symbol in the file's symbols, -1 if it is not one of them (read after parse, so no pair is allocated per line). */
  readonly rank: number;
}

// Exact powers of ten: a decimal of at most 15 digits is an exact integer, and its quotient by one of
// these is the correctly rounded double — the same number Number() reads from the text.
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_DIGITS = 15;
/** Up to this many symbols a line's symbol is found by comparing bytes with each; beyond, by one lookup of its decoded name. */
const FEW_SYMBOLS = 16;
// Epoch milliseconds since 1973 have 12 digits; more than 15 is past the year 33658 (the general parser says why).
const EPOCH_DIGITS = { min: 12, max: 15 } as const;

export function createRowParser(durationMs: number, symbols: readonly string[]): RowParser {
  const general = createBarParser(durationMs);
  const rank = new Map(symbols.map((symbol, index) => [symbol, index]));
  const symbolBytes = symbols.map((symbol) => Buffer.from(symbol));
  let lastRank = -1;
  // Where the number the fast path read last ended: kept here so reading a field allocates nothing.
  let cursor = 0;

  function slow(bytes: Buffer, start: number, end: number, place: LinePlace): Bar {
    lastRank = -1; // until the general parser returns: a throw leaves no rank behind
    const bar = general(bytes.toString('utf8', start, end), place);
    lastRank = rank.get(bar.symbol) ?? -1;
    return bar;
  }

  /** A plain decimal (sign, digits, one point) of at most 15 digits, spaces around it skipped; NaN for anything else. */
  function number(bytes: Buffer, at: number, end: number): number {
    while (at < end && isBlank(bytes[at])) at++;
    let code = bytes[at] as number;
    const negative = code === MINUS;
    if (negative || code === PLUS) code = bytes[++at] as number;
    let value = 0;
    let digits = 0;
    let fraction = -1;
    for (; at < end; code = bytes[++at] as number) {
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
    while (at < end && isBlank(bytes[at])) at++;
    cursor = at;
    const magnitude = fraction > 0 ? value / (POW10[fraction] ?? Number.NaN) : value;
    return negative ? -magnitude : magnitude;
  }

  /** The index of the symbol in [start, end) among the known symbols, trying the one after the last first (files list a time's symbols in order). */
  function symbolAt(bytes: Buffer, start: number, end: number): number {
    const count = symbols.length;
    const next = lastRank + 1 < count ? lastRank + 1 : 0;
    const expected = symbolBytes[next];
    if (expected !== undefined && spells(bytes, start, end, expected)) return next;
    // Many symbols: one lookup by name, so a file of thousands stays linear whatever their order.
    if (count > FEW_SYMBOLS) return rank.get(bytes.toString('utf8', start, end)) ?? -1;
    for (let tried = 0, index = next; tried < count; tried++, index++) {
      if (index >= count) index = 0;
      const symbol = symbolBytes[index] as Buffer;
      if (spells(bytes, start, end, symbol)) return index;
    }
    return -1;
  }

  function time(bytes: Buffer, start: number, end: number): number | undefined {
    const length = end - start;
    const parsed = parseIsoInstant(bytes, start, end);
    return parsed === undefined && length >= EPOCH_DIGITS.min && length <= EPOCH_DIGITS.max ? epochMilliseconds(bytes, start, end) : parsed;
  }

  function parse(bytes: Buffer, start: number, end: number, place: LinePlace): Bar {
    // time
    let at = start;
    while (at < end && isBlank(bytes[at])) at++;
    let comma = commaAt(bytes, at, end);
    if (comma < 0) return slow(bytes, start, end, place);
    const barTime = time(bytes, at, trimEnd(bytes, at, comma));
    if (barTime === undefined) return slow(bytes, start, end, place);
    // symbol
    at = comma + 1;
    while (at < end && isBlank(bytes[at])) at++;
    comma = commaAt(bytes, at, end);
    if (comma < 0) return slow(bytes, start, end, place);
    const index = symbolAt(bytes, at, trimEnd(bytes, at, comma));
    if (index < 0) return slow(bytes, start, end, place);
    lastRank = index;
    // open, high, low, close, each ended by a comma; volume by the end of the line
    const open = number(bytes, comma + 1, end);
    if (bytes[cursor] !== COMMA) return slow(bytes, start, end, place);
    const high = number(bytes, cursor + 1, end);
    if (bytes[cursor] !== COMMA) return slow(bytes, start, end, place);
    const low = number(bytes, cursor + 1, end);
    if (bytes[cursor] !== COMMA) return slow(bytes, start, end, place);
    const close = number(bytes, cursor + 1, end);
    if (bytes[cursor] !== COMMA) return slow(bytes, start, end, place);
    const volume = number(bytes, cursor + 1, end);
    // NaN fails every comparison, so one test covers unread fields and inconsistent prices alike.
    const consistent = cursor === end && low > 0 && low <= high && open >= low && open <= high && close >= low && close <= high && volume >= 0;
    if (!consistent) return slow(bytes, start, end, place);
    const symbol = symbols[index] as string;
    // The property order of every bar source, so bars from files and from the generator share one shape.
    return { symbol, time: barTime, durationMs, open, high, low, close, volume };
  }

  return {
    parse,
    get rank() {
      return lastRank;
    },
  };
}

/** The first comma in [at, end), or -1; a loop here is quicker than a native call for a field a few bytes long. */
function commaAt(bytes: Buffer, at: number, end: number): number {
  for (; at < end; at++) if (bytes[at] === COMMA) return at;
  return -1;
}

function epochMilliseconds(bytes: Buffer, start: number, end: number): number | undefined {
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = (bytes[at] as number) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value <= LATEST_BAR_TIME_MS ? value : undefined;
}

function trimEnd(bytes: Buffer, start: number, end: number): number {
  while (end > start && isBlank(bytes[end - 1])) end--;
  return end;
}

const { ZERO, MINUS, PLUS, POINT, COMMA } = BYTE;
