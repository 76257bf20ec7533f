/**
 * The bars of a source between two instants (`--from` / `--to`), streamed: batches wholly inside pass as
 * they are, and the source is released at the first bar past the end, so a run on the first month of ten
 * years of data reads one month of it.
 */
import type { Bar } from '../../../domain/types.js';
import { barsOf, type BarSource } from './bar-source.js';

export function barsBetween(source: BarSource, window: { readonly fromMs: number; readonly untilMs: number }): BarSource {
  const { fromMs, untilMs } = window;
  async function* batches(): AsyncGenerator<readonly Bar[]> {
    for await (const batch of source.batches()) {
      const first = batch[0];
      const last = batch.at(-1);
      if (first === undefined || last === undefined || last.time < fromMs) continue;
      if (first.time >= untilMs) return;
      const inside = first.time >= fromMs && last.time < untilMs ? batch : batch.filter((bar) => bar.time >= fromMs && bar.time < untilMs);
      if (inside.length > 0) yield inside;
      if (last.time >= untilMs) return;
    }
  }
  return { symbols: source.symbols, batches, bars: () => barsOf(batches()) };
}

/** Calls `onBatch` with the time of each batch's last bar as the replay reads it: progress at no cost per bar. */
export function watchedBars(source: BarSource, onBatch: (lastTimeMs: number) => void): BarSource {
  async function* batches(): AsyncGenerator<readonly Bar[]> {
    for await (const batch of source.batches()) {
      const last = batch.at(-1);
      if (last !== undefined) onBatch(last.time);
      yield batch;
    }
  }
  return { symbols: source.symbols, batches, bars: source.bars.bind(source) };
}
