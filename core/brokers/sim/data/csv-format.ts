/**
 * The Robo bar CSV format, one line at a time: a line is either ignorable, the header, or a bar
 * whose time has an explicit offset and whose prices are consistent; anything else becomes a
 * RoboError naming the file and line.
 */
import { DateTime } from 'luxon';
import type { Bar } from '../../../domain/types.js';
import { RoboError } from '../../../domain/errors.js';
import { excerpt } from '../../../quote.js';
import { fileProblem } from '../../../file-problem.js';
import { SYMBOL_EXPECTATION, isSymbol } from '../../../domain/symbol.js';

export const CSV_HEADER = 'time,symbol,open,high,low,close,volume';
const FIELD_COUNT = 7;
const NUMBER_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** The longest line a bar file may have, in bytes: a bar needs well under 200; anything longer is not a bar file. */
export const MAX_LINE_BYTES = 4096;

/** Where a line sits, for error messages: `<path>:<line>`, counting every line of the file from 1. */
export interface LinePlace {
  readonly path: string;
  readonly line: number;
}

export function invalidLine(place: LinePlace, what: string): RoboError {
  return new RoboError('ROBO_ERR_DATA_INVALID', `${place.path}:${place.line} ${what}`);
}

export function lineTooLong(place: LinePlace): RoboError {
  return invalidLine(place, `this line is longer than ${MAX_LINE_BYTES} bytes, which no bar line is; is data.path the right file?`);
}

export function cannotRead(path: string, error: unknown): RoboError {
  return new RoboError('ROBO_ERR_DATA_INVALID', `cannot read ${path}: ${fileProblem(error)}`, { cause: error });
}

export function notARegularFile(path: string, systemTree: string | undefined): RoboError {
  const why = systemTree === undefined ? '' : ` (${systemTree} holds the kernel's files and devices, not market data)`;
  return new RoboError('ROBO_ERR_DATA_INVALID', `cannot read ${path}: it is not a regular file${why}`, {
    details: ['  data.path must name a CSV file of bars, or a folder of them; FIFOs, devices and /proc or /sys files are refused'],
  });
}

export function noHeader(path: string, linesRead: number): RoboError {
  const was = linesRead === 0 ? 'an empty file' : 'the end of the file';
  return invalidLine({ path, line: linesRead + 1 }, `expected the header line "${CSV_HEADER}", was ${was}`);
}

/** Spreadsheets often save a byte-order mark in front of the first line; it is not part of the header. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Blank lines and `#` comments carry no data, wherever they are. */
export function isIgnorable(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

export function checkHeader(text: string, place: LinePlace): void {
  const normalized = text.split(',').map((field) => field.trim()).join(',');
  if (normalized !== CSV_HEADER) {
    // Never quoted: a wrong path can point at any file, and its first line may be anyone's secret.
    throw invalidLine(place, `expected the header line "${CSV_HEADER}", was another line (${text.length} characters); is data.path the right file?`);
  }
}

/** The symbol field of a data line without parsing the rest, for the quick symbol pass. */
export function symbolField(text: string): string | undefined {
  const symbol = text.split(',', 2)[1]?.trim();
  return symbol === '' ? undefined : symbol;
}

/** The opening instant of a data line without parsing the rest, for the quick pass over first and last bars. */
export function timeField(text: string, place: LinePlace): number {
  return parseTime(text.split(',', 1)[0]?.trim() ?? '', place);
}

/** Parses data lines into bars; it remembers the last time text because a file with many symbols repeats it. */
export function createBarParser(durationMs: number): (text: string, place: LinePlace) => Bar {
  let lastTimeText = '';
  let lastTime = 0;
  return (text, place) => {
    const fields = text.split(',').map((field) => field.trim());
    if (fields.length !== FIELD_COUNT) {
      throw invalidLine(place, `expected ${FIELD_COUNT} comma-separated fields (${CSV_HEADER}), was ${fields.length}`);
    }
    const [timeText = '', symbol = '', ...numberTexts] = fields;
    if (timeText !== lastTimeText) {
      lastTime = parseTime(timeText, place);
      lastTimeText = timeText;
    }
    if (symbol === '') throw invalidLine(place, 'symbol: expected a symbol, was an empty field');
    if (!isSymbol(symbol)) throw invalidLine(place, `symbol: expected ${SYMBOL_EXPECTATION}, was "${excerpt(symbol)}"`);
    const [open = 0, high = 0, low = 0, close = 0, volume = 0] = numberTexts.map((value, index) =>
      parseNumber(value, NUMBER_FIELDS[index] ?? 'number', place),
    );
    if (high < low) throw invalidLine(place, `high is below low: expected high >= ${low}, was ${high}`);
    // A stock trades above zero; a zero or negative price is a placeholder or a broken export, never a price to fill at.
    if (low <= 0) throw invalidLine(place, `low: expected a price above 0, was ${low}`);
    if (open < low || open > high) throw invalidLine(place, `open is outside the bar's range: expected ${low} <= open <= ${high}, was ${open}`);
    if (close < low || close > high) throw invalidLine(place, `close is outside the bar's range: expected ${low} <= close <= ${high}, was ${close}`);
    if (volume < 0) throw invalidLine(place, `volume: expected a number >= 0, was ${volume}`);
    return { symbol, time: lastTime, durationMs, open, high, low, close, volume };
  };
}

// Number() alone would accept "", "0x1F" and " 12 "; a price column should hold a plain decimal.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(text: string, field: string, place: LinePlace): number {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw invalidLine(place, `${field}: expected a finite number, was "${excerpt(text)}"`);
  return value;
}

const EPOCH_MILLISECONDS = /^\d+$/;
/** 9999-12-31T23:59:59.999Z: the last instant an ISO date can name, and far past any calendar. */
export const LATEST_BAR_TIME_MS = 253_402_300_799_999;
// Any epoch in milliseconds since 1973 has 12 digits or more; fewer almost surely means seconds.
const SMALLEST_EPOCH_MILLISECONDS = 100_000_000_000;
// The offset ends the time part: Z, +05, +0530 or +05:30. A date alone never has one.
const TIME_WITH_OFFSET = /T[^T]*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const OFFSET_FIELDS = /[+-](\d{2})(?::?(\d{2}))?$/;
const TIME_EXPECTATION = 'expected an ISO-8601 time with an offset or Z (like 2026-03-02T09:30:00-05:00) or integer epoch milliseconds';

function parseTime(text: string, place: LinePlace): number {
  if (EPOCH_MILLISECONDS.test(text)) {
    const epoch = Number(text);
    if (!Number.isSafeInteger(epoch) || epoch > LATEST_BAR_TIME_MS) throw invalidLine(place, `time: ${TIME_EXPECTATION}, was "${excerpt(text)}" which is after the year 9999`);
    if (epoch < SMALLEST_EPOCH_MILLISECONDS) {
      throw invalidLine(place, `time: expected epoch milliseconds, was ${text} which looks like epoch seconds`);
    }
    return epoch;
  }
  let parsed: DateTime;
  try {
    parsed = DateTime.fromISO(text, { setZone: true });
  } catch {
    // The CLI sets luxon's Settings.throwOnInvalid, so an unparsable time throws instead of coming back invalid.
    throw invalidLine(place, `time: ${TIME_EXPECTATION}, was "${excerpt(text)}"`);
  }
  if (!parsed.isValid) throw invalidLine(place, `time: ${TIME_EXPECTATION}, was "${excerpt(text)}"`);
  // Without an offset luxon would read the time in this machine's zone; we never guess a zone.
  if (!TIME_WITH_OFFSET.test(text)) {
    throw invalidLine(place, `time: ${TIME_EXPECTATION}, was "${excerpt(text)}" which has no offset`);
  }
  // luxon reads +99 or -04:60 as some offset all the same, which would move the bar; ISO-8601 offsets are
  // at most 23 hours and 59 minutes.
  const offset = OFFSET_FIELDS.exec(text);
  if (offset !== null && (Number(offset[1]) > 23 || Number(offset[2] ?? 0) > 59)) {
    throw invalidLine(place, `time: expected an offset from -23:59 to +23:59, was "${excerpt(text)}" whose offset is impossible`);
  }
  return parsed.toMillis();
}

export function isoUtc(time: number): string {
  return DateTime.fromMillis(time, { zone: 'utc' }).toISO() ?? String(time);
}
