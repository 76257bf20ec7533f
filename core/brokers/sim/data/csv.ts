/**
 * Streams bars from a CSV file in constant memory, in the order the BarSource contract promises: read a
 * chunk at a time, split into lines in one linear pass, each line parsed in place, the bars handed on a
 * chunk's worth at a time. The replay stops at the first bad line with a RoboError naming the file and
 * line; `check()` reads the whole file and reports every bad line at once.
 */
import { createReadStream, type ReadStream } from 'node:fs';
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
  const lines = new LineSplitter(file.name);
  const stream = createReadStream(file.path, { fd: openDataFile(file), highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      lines.push(chunk, reader.take);
      const settled = reader.takeSettled();
      if (settled.length > 0) yield settled;
    }
    lines.end(reader.take);
    const rest = reader.takeRest();
    if (rest.length > 0) yield rest;
  } catch (error) {
    throw isRoboError(error) ? error : cannotRead(file.name, error);
  } finally {
    await closeStream(stream);
  }
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

/** Stops the read at once when a loop breaks early, so no file handle outlives the pass. */
async function closeStream(stream: ReadStream): Promise<void> {
  if (stream.closed) return;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  // An error here can only come after the reader stopped listening; it must not crash the process.
  stream.on('error', () => undefined);
  stream.destroy();
  await closed;
}
