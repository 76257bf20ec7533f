/**
 * Many bar files as one BarSource: their bars merged into one stream in time order, bars of one time in
 * the order of the symbols, in constant memory per open file. A file is opened only when the merge
 * reaches its first bar (`firstMs`, a lower bound), so files that follow each other in time — a
 * folder of daily files, a cache — are read one after another, not all open at once. A symbol with two
 * bars of one time in two files is refused, naming both files.
 */
import type { Bar } from '../domain/types.js';
import { RoboError } from '../domain/errors.js';
import { isoUtc } from '../brokers/sim/data/csv-format.js';
import { BATCH_SIZE, barsOf, type BarSource } from '../brokers/sim/data/bar-source.js';

export interface MergeInput {
  /** How messages name it: the file's path. */
  readonly name: string;
  /** No bar of the input starts before this instant (epoch ms). */
  readonly firstMs: number;
  /** A fresh pass over the input's bars in time order. */
  batches(): AsyncIterable<readonly Bar[]>;
}

interface Cursor {
  readonly input: MergeInput;
  readonly iterator: AsyncIterator<readonly Bar[]>;
  batch: readonly Bar[];
  index: number;
}

/** One BarSource over `inputs`; `symbols` give the order of bars of one time, and every bar's symbol must be among them. */
export function mergedSource(symbols: readonly string[], inputs: readonly MergeInput[]): BarSource {
  const rank = new Map(symbols.map((symbol, index) => [symbol, index]));
  const ordered = [...inputs].sort((a, b) => a.firstMs - b.firstMs);
  const batches = (): AsyncGenerator<readonly Bar[]> => merge(ordered, rank);
  return { symbols, bars: () => barsOf(batches()), batches };
}

async function* merge(inputs: readonly MergeInput[], rank: ReadonlyMap<string, number>): AsyncGenerator<readonly Bar[]> {
  const heap = new CursorHeap(rank);
  /** The inputs opened and not finished: a finished one is let go at once, with its last batch. */
  const open = new Set<Cursor>();
  const finished = (cursor: Cursor): void => {
    open.delete(cursor);
    cursor.batch = [];
  };
  let next = 0;
  let out: Bar[] = [];
  let last: { readonly bar: Bar; readonly from: string } | undefined;
  try {
    for (;;) {
      // Open every input that may hold a bar before (or at) the earliest one in hand.
      while (next < inputs.length && (heap.size === 0 || (inputs[next]?.firstMs ?? Infinity) <= heap.peekTime())) {
        const input = inputs[next++] as MergeInput;
        const cursor: Cursor = { input, iterator: input.batches()[Symbol.asyncIterator](), batch: [], index: 0 };
        open.add(cursor);
        if (await refill(cursor)) heap.push(cursor);
        else finished(cursor);
      }
      const cursor = heap.pop();
      if (cursor === undefined) break;
      const bar = cursor.batch[cursor.index++] as Bar;
      // An input's firstMs is a promise about its bars; a file that breaks it (a day file holding an
      // earlier day's bar) would turn time back, which no replay may see.
      if (last !== undefined && bar.time < last.bar.time) {
        throw new RoboError('ROBO_ERR_DATA_INVALID', `${cursor.input.name}: a bar at ${isoUtc(bar.time)}, before the bars already replayed up to ${isoUtc(last.bar.time)} (from ${last.from}): expected its bars from ${isoUtc(cursor.input.firstMs)} on`);
      }
      if (last !== undefined && last.bar.time === bar.time && last.bar.symbol === bar.symbol) {
        throw new RoboError('ROBO_ERR_DATA_INVALID', `${cursor.input.name}: a second ${bar.symbol} bar at ${isoUtc(bar.time)}; ${last.from} has one already`, {
          details: ['  keep each symbol\'s bar of a time in one file only'],
        });
      }
      last = { bar, from: cursor.input.name };
      out.push(bar);
      if (out.length >= BATCH_SIZE) {
        yield out;
        out = [];
      }
      if (cursor.index < cursor.batch.length || await refill(cursor)) heap.push(cursor);
      else finished(cursor);
    }
    if (out.length > 0) yield out;
  } finally {
    // A loop that breaks early releases every file still open.
    await Promise.all([...open].map(async (cursor) => { await cursor.iterator.return?.(); }));
  }
}

/** The cursor's next non-empty batch; false at its end. */
async function refill(cursor: Cursor): Promise<boolean> {
  for (;;) {
    const step = await cursor.iterator.next();
    if (step.done === true) return false;
    if (step.value.length > 0) {
      cursor.batch = step.value;
      cursor.index = 0;
      return true;
    }
  }
}

/** A binary heap of cursors by their next bar: earliest time first, then symbol order. */
class CursorHeap {
  readonly #items: Cursor[] = [];
  readonly #rank: ReadonlyMap<string, number>;

  constructor(rank: ReadonlyMap<string, number>) {
    this.#rank = rank;
  }

  get size(): number {
    return this.#items.length;
  }

  peekTime(): number {
    const top = this.#items[0];
    return top === undefined ? Infinity : (top.batch[top.index] as Bar).time;
  }

  push(cursor: Cursor): void {
    const items = this.#items;
    items.push(cursor);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  pop(): Cursor | undefined {
    const items = this.#items;
    const top = items[0];
    const end = items.pop();
    if (items.length === 0 || end === undefined) return top;
    items[0] = end;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < items.length && this.#before(left, least)) least = left;
      if (right < items.length && this.#before(right, least)) least = right;
      if (least === i) break;
      this.#swap(i, least);
      i = least;
    }
    return top;
  }

  #before(i: number, j: number): boolean {
    const a = this.#head(i);
    const b = this.#head(j);
    if (a.time !== b.time) return a.time < b.time;
    return (this.#rank.get(a.symbol) ?? 0) < (this.#rank.get(b.symbol) ?? 0);
  }

  #head(i: number): Bar {
    const cursor = this.#items[i] as Cursor;
    return cursor.batch[cursor.index] as Bar;
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    [items[i], items[j]] = [items[j] as Cursor, items[i] as Cursor];
  }
}
