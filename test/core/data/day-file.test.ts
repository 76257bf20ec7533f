/** A cached day's file: bars once per time in time order, readable by the CSV source, written whole or not at all. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../core/domain/types.js';
import { csvBarSource } from '../../../core/brokers/sim/data/csv.js';
import { writeDayFile } from '../../../core/data/day-file.js';

const OPEN = Date.parse('2026-03-02T14:30:00Z');

function bar(minute: number, close: number): Bar {
  return { symbol: 'SPY', time: OPEN + minute * 60_000, durationMs: 60_000, open: close, high: close, low: close, close, volume: 100 };
}

describe('writeDayFile', () => {
  it('when IB sent a bar twice and out of order then the file holds each time once, in order, and reads back as the same bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'robo-day-'));
    const path = join(dir, 'SPY/1m/2026-03-02.csv');
    const written = writeDayFile(path, { symbol: 'SPY', date: '2026-03-02', origin: 'test', bars: [bar(1, 101.5), bar(0, 100.25), bar(1, 101.5)] });
    expect(written).toBe(2);
    const back: Bar[] = [];
    for await (const b of csvBarSource(path, { barSeconds: 60 }).bars()) back.push(b);
    expect(back).toEqual([bar(0, 100.25), bar(1, 101.5)]);
    expect(readFileSync(path, 'utf8').split('\n')[2]).toBe('2026-03-02T09:30:00-05:00,SPY,100.25,100.25,100.25,100.25,100');
    expect(readdirSync(join(dir, 'SPY/1m'))).toEqual(['2026-03-02.csv']); // no temporary file left
  });

  it('when the day has no bars then the file has the header and a comment saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'robo-day-'));
    const path = join(dir, '2026-03-02.csv');
    writeDayFile(path, { symbol: 'SPY', date: '2026-03-02', origin: 'IB', bars: [] });
    expect(readFileSync(path, 'utf8')).toBe('# SPY 2026-03-02: no bars (IB had none for this day)\ntime,symbol,open,high,low,close,volume\n');
  });
});
