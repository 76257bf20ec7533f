/**
 * The merge keeps in memory only the files it has open: once a file's bars are all replayed, nothing of
 * it is held — so a cache of years of day files replays in the memory of a day, as docs/data.md says.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../core/domain/types.js';
import { mergedSource, type MergeInput } from '../../../core/data/merge.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const DAY_MS = 86_400_000;

function dayInput(day: number, batches: WeakRef<readonly Bar[]>[]): MergeInput {
  return {
    name: `day-${day}.csv`,
    firstMs: day * DAY_MS,
    async *batches() {
      const bars: Bar[] = Array.from({ length: 390 }, (_, i) => ({ symbol: 'SPY', time: day * DAY_MS + i * 60_000, durationMs: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
      batches.push(new WeakRef(bars));
      yield bars;
    },
  };
}

describe('mergedSource memory', () => {
  it('when a day file has been replayed to its end then its bars can be collected while later days replay', async () => {
    // Arrange
    const refs: WeakRef<readonly Bar[]>[] = [];
    const source = mergedSource(['SPY'], Array.from({ length: 30 }, (_, day) => dayInput(day, refs)));

    // Act: replay to the last day, then look back at the first ones.
    let held = 0;
    for await (const batch of source.batches()) {
      if (batch.at(-1)!.time >= 29 * DAY_MS) {
        // A WeakRef keeps its target until the microtasks drain: let them, then collect.
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        held = refs.slice(0, 25).filter((ref) => ref.deref() !== undefined).length;
        break;
      }
    }

    // Assert
    expect(held).toBe(0);
  });
});
