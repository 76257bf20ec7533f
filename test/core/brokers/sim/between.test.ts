/** The bars of `--from`..`--to`: only those instants, read as a stream that stops at the first bar past the end. */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../core/domain/types.js';
import { barsBetween } from '../../../../core/brokers/sim/data/between.js';
import { barsOf, type BarSource } from '../../../../core/brokers/sim/data/bar-source.js';

const bar = (time: number): Bar => ({ symbol: 'SPY', time, durationMs: 1, open: 1, high: 1, low: 1, close: 1, volume: 1 });

/** Batches of three bars at times 0, 1, 2, …; counts the batches handed out. */
function countingSource(batches: number): BarSource & { readonly read: () => number } {
  let read = 0;
  async function* all(): AsyncGenerator<readonly Bar[]> {
    for (let b = 0; b < batches; b++) {
      read++;
      yield [bar(3 * b), bar(3 * b + 1), bar(3 * b + 2)];
    }
  }
  return { symbols: ['SPY'], batches: all, bars: () => barsOf(all()), read: () => read };
}

describe('barsBetween', () => {
  it('when the window cuts batches then only the bars inside it come, and the source is not read past its end', async () => {
    const source = countingSource(100);
    const times: number[] = [];

    for await (const b of barsBetween(source, { fromMs: 4, untilMs: 10 }).bars()) times.push(b.time);

    expect(times).toEqual([4, 5, 6, 7, 8, 9]);
    expect(source.read()).toBe(4);
  });
});
