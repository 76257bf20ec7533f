/** The fixture bars (test/fixtures/indicators/ohlcv.csv) as Bars and as columns, for the indicator tests. */
import { readFileSync } from 'node:fs';
import type { Bar } from '../../../core/domain/types.js';

const FIVE_MINUTES = 5 * 60_000;

export function loadFixtureBars(): Bar[] {
  const text = readFileSync(new URL('../../fixtures/indicators/ohlcv.csv', import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  if (header !== 'time,open,high,low,close,volume') throw new Error(`unexpected header ${header ?? ''}`);
  return lines.map((line) => {
    const [time, open, high, low, close, volume] = line.split(',').map(Number) as [number, number, number, number, number, number];
    return { symbol: 'FIX', time, durationMs: FIVE_MINUTES, open, high, low, close, volume };
  });
}

export interface Columns {
  readonly time: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

export function columnsOf(bars: readonly Bar[]): Columns {
  return {
    time: bars.map((b) => b.time),
    open: bars.map((b) => b.open),
    high: bars.map((b) => b.high),
    low: bars.map((b) => b.low),
    close: bars.map((b) => b.close),
    volume: bars.map((b) => b.volume),
  };
}
