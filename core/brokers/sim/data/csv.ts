/**
 * Streams bars from a CSV file in constant memory, in the order the BarSource contract promises: read a
 * chunk at a time, split into lines in one linear pass, each line parsed in place, the bars handed on a
 * chunk's worth at a time. The replay stops at the first bad line with a RoboError naming the file and
 * line; `check()` reads the whole file and reports every bad line at once.
 */
import { closeSync, fstatSync, read, type Stats } from 'node:fs';
import type { Bar } from '../../../domain/types.js';
import { RoboError, isRoboError } from '../../../domain/errors.js';
import { barsOf, type BarSource } from './bar-source.js';
import { cannotRead } from './csv-format.js';
import { LineSplitter } from './csv-lines.js';
import { BarFileReader, throwBadLine, type OnBadLine } from './csv-reader.js';
import { openDataFile, scanSymbols, type DataFile } from './csv-scan.js';

export interface CsvBarSourceOptions {
  /** The length of every bar in the file. */
  readonly barSeconds: number;
  /**
   * The file's symbols, in the order that breaks ties between bars of the same time. Giving them
   * saves a pass over the file, and a line with any other symbol is then an error. Without them a
   * quick pass when the source is created collects them in order of first appearance.
   */
  readonly symbols?: readonly string[];
  /** How messages name the file (the path as the config writes it); absent, the path itself. */
  readonly shownAs?: string;
}

export interface CsvBarSource extends BarSource {
  /**
   * Reads the whole file with the replay's own checks, going on past a bad line, and throws one
   * ROBO_ERR_DATA_INVALID listing the bad lines (the first BAD_LINES_SHOWN, then a count) if there is any.
   */
  check(): Promise<void>;
}

/** Bad lines `check()` lists in full; a count stands for the rest (a file with a wrong column has one on every line). */
export const BAD_LINES_SHOWN = 20;

export function csvBarSource(path: string, options: CsvBarSourceOptions): CsvBarSource {
  const { barSeconds } = options;
  const file: DataFile = { path, name: options.shownAs ?? path };
  const durationMs = barSeconds * 1000;
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${file.name}: barSeconds: expected a positive number of whole milliseconds, was ${barSeconds}`);
  }
  const symbols = Object.freeze([...(options.symbols ?? scanSymbols(file))]);
  if (new Set(symbols).size !== symbols.length) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${file.name}: symbols: expected each symbol once, was ${symbols.join(', ')}`);
  }
  const batches = (): AsyncGenerator<readonly Bar[]> => readBatches(file, durationMs, symbols, throwBadLine);
  return { symbols, bars: () => barsOf(batches()), batches, check: () => checkEveryLine(file, durationMs, symbols) };
}

/** Chunks of the file a replay reads at once: about 4,500 bars of one symbol, parsed in about a millisecond. */
const CHUNK_BYTES = 1 << 18;

async function* readBatches(file: DataFile, durationMs: number, symbols: readonly string[], onBadLine: OnBadLine): AsyncGenerator<readonly Bar[]> {
  const reader = new BarFileReader(file.name, durationMs, symbols, onBadLine);
  const lines = new LineSplitter(file.name, onBadLine);
  const fd = openDataFile(file);
  try {
    const opened = fstatSync(fd);
    let read = 0;
    for (let chunk = await readChunk(fd); chunk.length > 0; chunk = await readChunk(fd)) {
      read += chunk.length;
      requireUnchanged(file, fd, opened, read);
      lines.push(chunk, reader.take);
      const settled = reader.takeSettled();
      if (settled.length > 0) yield settled;
    }
    requireUnchanged(file, fd, opened, read, true);
    lines.end(reader.take);
    const rest = reader.takeRest();
    if (rest.length > 0) yield rest;
  } catch (error) {
    throw isRoboError(error) ? error : cannotRead(file.name, error);
  } finally {
    // Also when the reader stops early (a loop breaks, a bad line): no file handle outlives the pass.
    closeSync(fd);
  }
}

/** The next chunk of the file, a buffer of its own (the line splitter may keep its last, unfinished line); empty at the end. */
function readChunk(fd: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, CHUNK_BYTES, null, (error, bytesRead) => (error ? reject(error) : resolve(buffer.subarray(0, bytesRead))));
  });
}

/**
 * A file rewritten or cut short while it is read (a download still running, an editor saving over it)
 * would end the replay early, or mix two versions, without a word: refused instead, naming what changed.
 * A file replaced by another (renamed over it) is not a change here: the open file reads on, whole.
 */
function requireUnchanged(file: DataFile, fd: number, opened: Stats, read: number, ended = false): void {
  const now = fstatSync(fd);
  const same = now.size === opened.size && now.mtimeMs === opened.mtimeMs && (!ended || read === opened.size);
  if (same) return;
  throw new RoboError('ROBO_ERR_DATA_INVALID', `${file.name} changed while it was being read: it was ${opened.size} bytes when reading began, and is ${now.size} bytes now (${read} read); the bars after the change were not used`, {
    details: ['  write or replace a data file only while robo is not reading it, then run again'],
  });
}

async function checkEveryLine(file: DataFile, durationMs: number, symbols: readonly string[]): Promise<void> {
  const bad: RoboError[] = [];
  let count = 0;
  const onBadLine: OnBadLine = (error) => {
    count++;
    if (bad.length < BAD_LINES_SHOWN) bad.push(error);
  };
  try {
    for await (const batch of readBatches(file, durationMs, symbols, onBadLine)) void batch;
  } catch (error) {
    // A file that cannot be read on (a line far too long, the file gone) ends the pass; what was found before still counts.
    if (count === 0 || !isRoboError(error)) throw error;
    count++;
    if (bad.length < BAD_LINES_SHOWN) bad.push(error);
  }
  const [only] = bad;
  if (count === 1 && only !== undefined) throw only;
  if (count > 1) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${file.name}: ${count} lines are not valid bars`, {
      details: [
        ...bad.map((error) => `  ${error.message}`),
        ...(count > bad.length ? [`  … and ${count - bad.length} more: fix these and run robo validate again`] : []),
      ],
    });
  }
}
