/** A bar source streams the bars of all its symbols as one sequence ordered by time, never holding them all in memory. */
import type { Bar } from '../../../domain/types.js';

export interface BarSource {
  /** The symbols this source yields, in the order that breaks ties between bars with the same `time`. */
  readonly symbols: readonly string[];
  /**
   * Every bar of every symbol in non-decreasing `time` order; bars with the same `time` come in the
   * order of `symbols`. Each call starts a fresh pass; breaking out of the loop releases the source's
   * resources (file handles) before the loop statement completes.
   */
  bars(): AsyncIterable<Bar>;
  /**
   * The same bars in the same order, a few thousand at a time: what a replay reads, so it waits for the
   * source once per batch instead of once per bar. Same fresh pass and release on break as `bars()`.
   */
  batches(): AsyncIterable<readonly Bar[]>;
}

/** Bars per batch: big enough that waiting for a batch costs nothing per bar, small enough that memory stays flat. */
export const BATCH_SIZE = 4096;
/** The first batch is short, so the first bar is not held back while thousands more are read or generated (robo start's first bar). */
export const FIRST_BATCH_SIZE = 64;

/** Groups `bars` into arrays of up to `size` (the first of up to FIRST_BATCH_SIZE), the last one shorter; a break releases `bars` as well. */
export async function* inBatches(bars: Iterable<Bar> | AsyncIterable<Bar>, size = BATCH_SIZE): AsyncGenerator<readonly Bar[]> {
  const batches = new Batches(size);
  // `for await` over a synchronous source would still wait once per bar, so a synchronous one is read as such.
  if (Symbol.asyncIterator in bars) {
    for await (const bar of bars) if (batches.add(bar)) yield batches.take();
  } else {
    for (const bar of bars) if (batches.add(bar)) yield batches.take();
  }
  if (batches.pending) yield batches.take();
}

class Batches {
  #batch: Bar[] = [];
  #limit: number;
  readonly #size: number;

  constructor(size: number) {
    this.#size = size;
    this.#limit = Math.min(size, FIRST_BATCH_SIZE);
  }

  /** Adds a bar; true when the batch is full. */
  add(bar: Bar): boolean {
    this.#batch.push(bar);
    return this.#batch.length >= this.#limit;
  }

  get pending(): boolean {
    return this.#batch.length > 0;
  }

  take(): readonly Bar[] {
    const full = this.#batch;
    this.#batch = [];
    this.#limit = this.#size;
    return full;
  }
}

/** One bar at a time from a source of batches, for tools that want bars (a break releases the batches as well). */
export async function* barsOf(batches: AsyncIterable<readonly Bar[]>): AsyncGenerator<Bar> {
  for await (const batch of batches) yield* batch;
}
