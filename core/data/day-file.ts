/**
 * Writes one cached day: the bars of one symbol on one trade date, de-duplicated by time and in time
 * order, as a CSV file `data.source: csv` reads — written to a temporary file, flushed to disk, then
 * renamed over the day's name, so a killed fetch leaves either the whole day or no day, never half a one.
 * A day IB had no bars for is written too, with the header and a comment only, so a rerun asks no more.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DateTime } from 'luxon';
import type { Bar } from '../domain/types.js';
import { EXCHANGE_ZONE } from '../market/clock.js';
import { CSV_HEADER } from '../brokers/sim/data/csv-format.js';

/** The day's bars: one per time (the last one IB sent for it), oldest first. */
export function uniqueInTimeOrder(bars: readonly Bar[]): readonly Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of bars) byTime.set(bar.time, bar);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/** One bar as a CSV line: its New York time with the offset, and the shortest text that reads back as each number. */
export function csvLine(bar: Bar): string {
  const time = DateTime.fromMillis(bar.time, { zone: EXCHANGE_ZONE }).toISO({ suppressMilliseconds: true });
  return `${String(time)},${bar.symbol},${String(bar.open)},${String(bar.high)},${String(bar.low)},${String(bar.close)},${String(bar.volume)}\n`;
}

export interface DayFileContent {
  readonly symbol: string;
  readonly date: string;
  /** Where the bars came from, for the comment line: `IB historical TRADES, regular hours`. */
  readonly origin: string;
  readonly bars: readonly Bar[];
}

/** The file's text — a comment naming the day and its origin, the header, the bars — for bars already unique and in order. */
function dayFileText(content: DayFileContent, bars: readonly Bar[]): string {
  const comment = bars.length === 0
    ? `# ${content.symbol} ${content.date}: no bars (${content.origin} had none for this day)\n`
    : `# ${content.symbol} ${content.date}: ${bars.length} bars, ${content.origin}\n`;
  return comment + `${CSV_HEADER}\n` + bars.map(csvLine).join('');
}

/** The comment's two forms, as dayFileText writes them: `# SPY 2025-01-02: 390 bars, …` and `# SPY 2025-01-02: no bars (…`. */
const COUNT_COMMENT = /^# \S+ \d{4}-\d{2}-\d{2}: (?:(\d+) bars, |no bars \()/;

/**
 * How many bars the fetch wrote into the day file at `path`, as its first line says; undefined for a
 * file that does not start with that comment (one a person put in the cache). A file that holds another
 * number of bars was cut short or edited since.
 */
export function declaredBarCount(path: string): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(256);
    const length = readSync(fd, head, 0, head.length, 0);
    const match = COUNT_COMMENT.exec(head.subarray(0, length).toString('utf8').split('\n', 1)[0] ?? '');
    return match === null ? undefined : Number(match[1] ?? 0);
  } finally {
    closeSync(fd);
  }
}

/** Writes `content` to `path` atomically (temporary file, fsync, rename); returns the number of bars written. */
export function writeDayFile(path: string, content: DayFileContent): number {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const bars = uniqueInTimeOrder(content.bars);
  const text = dayFileText(content, bars);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      // On disk before the rename: after a power cut the day's name never points at an empty file.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return bars.length;
}
