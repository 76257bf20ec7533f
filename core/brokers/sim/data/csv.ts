/**
 * Streams bars from a CSV file in constant memory, in the order the BarSource contract promises,
 * and stops at the first malformed line with a RoboError naming the file and line.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Bar } from '../../../domain/types.js';
import { RoboError, isRoboError } from '../../../domain/errors.js';
import { inBatches, type BarSource } from './bar-source.js';
import { MAX_LINE_CHARS, lineTooLong, cannotRead, checkHeader, createBarParser, invalidLine, isIgnorable, isoUtc, noHeader, stripByteOrderMark } from './csv-format.js';
import { openDataFile, scanSymbols } from './csv-scan.js';
import { excerpt } from '../../../quote.js';

export interface CsvBarSourceOptions {
  /** The length of every bar in the file. */
  readonly barSeconds: number;
  /**
   * The file's symbols, in the order that breaks ties between bars of the same time. Giving them
   * saves a pass over the file, and a line with any other symbol is then an error. Without them a
   * quick pass when the source is created collects them in order of first appearance.
   */
  readonly symbols?: readonly string[];
}

export function csvBarSource(path: string, options: CsvBarSourceOptions): BarSource {
  const { barSeconds } = options;
  const durationMs = barSeconds * 1000;
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${path}: barSeconds: expected a positive number of whole milliseconds, was ${barSeconds}`);
  }
  const symbols = Object.freeze([...(options.symbols ?? scanSymbols(path))]);
  if (new Set(symbols).size !== symbols.length) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${path}: symbols: expected each symbol once, was ${symbols.join(', ')}`);
  }
  return { symbols, bars: () => readBars(path, durationMs, symbols), batches: () => inBatches(readBars(path, durationMs, symbols)) };
}

async function* readBars(path: string, durationMs: number, symbols: readonly string[]): AsyncGenerator<Bar> {
  const rank = new Map(symbols.map((symbol, index) => [symbol, index]));
  const parseBar = createBarParser(durationMs);
  const stream = createReadStream(path, { fd: openDataFile(path), encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let headerSeen = false;
  let previousLine = 0;
  // Bars of one time wait here so they can leave in symbol order; duplicates are errors, so this
  // never holds more than one bar per symbol.
  let group: Bar[] = [];
  const groupLines = new Map<string, number>();
  try {
    for await (const raw of lines) {
      line++;
      if (raw.length > MAX_LINE_CHARS) throw lineTooLong({ path, line });
      const text = line === 1 ? stripByteOrderMark(raw) : raw;
      if (isIgnorable(text)) continue;
      const place = { path, line };
      if (!headerSeen) {
        checkHeader(text, place);
        headerSeen = true;
        continue;
      }
      const bar = parseBar(text, place);
      if (!rank.has(bar.symbol)) {
        throw invalidLine(place, `symbol: expected one of ${symbols.join(', ') || '(no symbols)'}, was ${excerpt(bar.symbol)}`);
      }
      const groupTime = group[0]?.time;
      if (groupTime !== undefined && bar.time < groupTime) {
        throw invalidLine(place, `time goes backwards: expected ${isoUtc(groupTime)} (line ${previousLine}) or later, was ${isoUtc(bar.time)}`);
      }
      if (groupTime !== undefined && bar.time > groupTime) {
        yield* inSymbolOrder(group, rank);
        group = [];
        groupLines.clear();
      }
      const firstLine = groupLines.get(bar.symbol);
      if (firstLine !== undefined) {
        throw invalidLine(place, `expected one ${excerpt(bar.symbol)} bar at ${isoUtc(bar.time)}, was a second one (the first is on line ${firstLine})`);
      }
      group.push(bar);
      groupLines.set(bar.symbol, line);
      previousLine = line;
    }
    if (!headerSeen) throw noHeader(path, line);
    yield* inSymbolOrder(group, rank);
  } catch (error) {
    throw isRoboError(error) ? error : cannotRead(path, error);
  } finally {
    lines.close();
    await closeStream(stream);
  }
}

function inSymbolOrder(group: Bar[], rank: ReadonlyMap<string, number>): Bar[] {
  return group.length < 2 ? group : group.sort((a, b) => (rank.get(a.symbol) ?? 0) - (rank.get(b.symbol) ?? 0));
}

/** readline does not close its input when a loop breaks early; without this every early break leaks a file handle. */
async function closeStream(stream: ReadStream): Promise<void> {
  if (stream.closed) return;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  // An error here can only come after the reader stopped listening; it must not crash the process.
  stream.on('error', () => undefined);
  stream.destroy();
  await closed;
}
