/**
 * Quick synchronous passes over a bar CSV that hold one chunk at a time: the distinct symbols in order
 * of first appearance (the whole file), and the first and last bar's times (its head and tail only).
 * Each checks what it can see: that the file can be read and starts with the header.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isRoboError, type RoboError } from '../../../domain/errors.js';
import { systemTreeOf } from '../../../system-trees.js';
import { MAX_LINE_BYTES, cannotRead, notARegularFile, checkHeader, isIgnorable, noHeader, stripByteOrderMark, symbolField, timeField } from './csv-format.js';
import { BYTE, isBlank, spells } from './bytes.js';
import { LineSplitter, type TakeLine } from './csv-lines.js';
import { isSymbol } from '../../../domain/symbol.js';

const CHUNK_BYTES = 1 << 16;
// Same line ends as node:readline, so line numbers agree with the streaming pass.
const LINE_END = /\r\n|\n|\r/;

/** A bar file: `path` is opened; `name` is what messages print (the path as the config writes it). */
export interface DataFile {
  readonly path: string;
  readonly name: string;
}

export function scanSymbols(file: DataFile): readonly string[] {
  return withFile(file, (fd) => {
    const symbols: string[] = [];
    const seen = new Set<string>();
    // The symbols met so far as bytes, the last one met first: most lines repeat one of a few symbols,
    // and comparing their bytes in place decodes nothing.
    const known: Buffer[] = [];
    let last = -1;
    eachDataLine(file.name, fd, (bytes, start, end) => {
      const first = bytes.indexOf(BYTE.COMMA, start);
      if (first < 0 || first >= end) return false;
      let from = first + 1;
      let to = bytes.indexOf(BYTE.COMMA, from);
      if (to < 0 || to > end) to = end;
      while (from < to && isBlank(bytes[from])) from++;
      while (to > from && isBlank(bytes[to - 1])) to--;
      if (last >= 0 && spells(bytes, from, to, known[last] as Buffer)) return false;
      // Past a few symbols, one decode and one lookup beat comparing with each (a file may hold thousands).
      last = known.length <= FEW_SYMBOLS ? known.findIndex((symbol) => spells(bytes, from, to, symbol)) : -1;
      if (last >= 0) return false;
      // A new symbol, or one with white space the loop above does not trim: the general rule decides.
      const symbol = symbolField(bytes.toString('utf8', start, end));
      // Not a symbol at all (a control character, 3,000 letters): left out, for the check to report at its line.
      if (symbol !== undefined && isSymbol(symbol) && !seen.has(symbol)) {
        seen.add(symbol);
        symbols.push(symbol);
        if (Buffer.byteLength(symbol) === to - from && known.length < FEW_SYMBOLS) {
          known.push(Buffer.from(symbol));
          last = known.length - 1;
        }
      }
      return false;
    });
    return symbols;
  });
}

const FEW_SYMBOLS = 16;

/** Opening instants in epoch milliseconds. */
export interface BarTimes {
  readonly firstMs: number;
  readonly lastMs: number;
}

/**
 * The opening instants of the first and the last bar, read from the head and the tail of the file
 * alone: bars are in time order (the streaming pass refuses a file whose time goes backwards), so the
 * lines between need no reading. Undefined for a file with a header and no bars.
 */
export function scanBarTimes(file: DataFile): BarTimes | undefined {
  const path = file.name;
  return withFile(file, (fd) => {
    const heads: { text: string; line: number }[] = [];
    eachDataLine(path, fd, (bytes, start, end, line) => {
      heads.push({ text: bytes.toString('utf8', start, end), line });
      return true; // the first bar is all this pass needs from the head
    });
    const first = heads[0];
    if (first === undefined) return undefined;
    const firstMs = timeField(first.text, { path, line: first.line });
    try {
      return { firstMs, lastMs: timeField(lastLine(fd) ?? first.text, { path, line: 0 }) };
    } catch {
      // Only a malformed last line gets here: one pass over the file finds its number for the message.
      let last = first;
      eachDataLine(path, fd, (bytes, start, end, line) => {
        last = { text: bytes.toString('utf8', start, end), line };
        return false;
      });
      return { firstMs, lastMs: timeField(last.text, { path, line: last.line }) };
    }
  });
}

function withFile<T>(file: DataFile, read: (fd: number) => T): T {
  const fd = openDataFile(file);
  try {
    return read(fd);
  } catch (error) {
    throw isRoboError(error) ? error : cannotRead(file.name, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a bar file only if it is a regular file of ordinary storage: a FIFO or a device would hang the
 * read or never end, and /proc or /sys hold the process's secrets, not bars. Non-blocking, so a FIFO
 * opens at once to be refused instead of waiting for a writer forever. Every read of a bar file (these
 * passes and the streaming replay) opens it here first.
 */
export function openDataFile({ path, name }: DataFile): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannotRead(name, error);
  }
  try {
    const tree = systemTreeOf(realpathSync(path));
    if (!fstatSync(fd).isFile() || tree !== undefined) throw notARegularFile(name, tree);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw isRoboError(error) ? error : cannotRead(name, error);
  }
}

/** Calls `take` with each data line (after the header) and its number until it returns true; throws if there is no header. */
function eachDataLine(path: string, fd: number, take: TakeLine): void {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  let headerSeen = false;
  let barsSeen = false;
  let firstLong: RoboError | undefined;
  // A line too long to be a bar, once past the header, is left for the check to report with the others;
  // unless no bar is found at all, when it is the first thing to say.
  const lines = new LineSplitter(path, (error) => {
    if (!headerSeen) throw error;
    firstLong ??= error;
  });
  const next = (bytes: Buffer, start: number, end: number, line: number): boolean => {
    const first = bytes[start] ?? 0;
    // A line that starts with a digit is a bar; anything else is looked at closely: a blank, a comment, the header.
    if (!headerSeen || first < BYTE.ZERO || first > BYTE.NINE) {
      const raw = bytes.toString('utf8', start, end);
      if (isIgnorable(raw)) return false;
      if (!headerSeen) {
        checkHeader(raw, { path, line });
        headerSeen = true;
        return false;
      }
    }
    barsSeen = true;
    return take(bytes, start, end, line) === true;
  };
  let position = 0;
  for (let bytes = readSync(fd, chunk, 0, CHUNK_BYTES, position); bytes > 0; bytes = readSync(fd, chunk, 0, CHUNK_BYTES, position)) {
    position += bytes;
    if (lines.push(chunk.subarray(0, bytes), next)) return;
  }
  if (lines.end(next)) return;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- headerSeen and barsSeen are set by the line callback
  if (!headerSeen) throw noHeader(path, lines.lines);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the line callback, as above
  if (!barsSeen && firstLong !== undefined) throw firstLong;
}

/** The last line that is neither blank nor a comment, read backwards a chunk at a time from the end. */
function lastLine(fd: number): string | undefined {
  let end = fstatSync(fd).size;
  let tail = Buffer.alloc(0);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK_BYTES);
    const part = Buffer.alloc(end - start);
    for (let read = 0; read < part.length;) {
      const bytes = readSync(fd, part, read, part.length - read, start + read);
      if (bytes === 0) return undefined; // the file shrank under us; the streaming pass will say what it finds
      read += bytes;
    }
    tail = Buffer.concat([part, tail]);
    end = start;
    // No line ends within the longest line a bar file may have: scanBarTimes then reads the file from the
    // head, which names the line.
    if (tail.length > MAX_LINE_BYTES + CHUNK_BYTES) throw new Error('the last line is too long');
    // Line ends are one-byte characters in UTF-8, so every line of `tail` is whole except its first,
    // which may have been cut mid-line (or mid-character) until the head of the file is reached.
    const lines = tail.toString('utf8').split(LINE_END);
    for (let i = lines.length - 1; i >= (start > 0 ? 1 : 0); i--) {
      const text = i === 0 ? stripByteOrderMark(lines[i] ?? '') : lines[i] ?? '';
      if (!isIgnorable(text)) return text;
    }
  }
  return undefined;
}
