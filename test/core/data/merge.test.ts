/** mergedSource: many time-ordered inputs as one stream, ties in symbol order, inputs opened only when the merge reaches them. */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../core/domain/types.js';
import { isRoboError } from '../../../core/domain/errors.js';
import { mergedSource, type MergeInput } from '../../../core/data/merge.js';

function bar(symbol: string, minute: number): Bar {
  return { symbol, time: minute * 60_000, durationMs: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 };
}

/** An input over `bars`, which records when it was opened and closed in `log`. */
function input(name: string, bars: readonly Bar[], log: string[] = []): MergeInput {
  return {
    name,
    firstMs: bars[0]?.time ?? 0,
    batches: async function* () {
      log.push(`open ${name}`);
      try {
        for (let i = 0; i < bars.length; i += 2) yield bars.slice(i, i + 2);
      } finally {
        log.push(`close ${name}`);
      }
    },
  };
}

async function all(source: ReturnType<typeof mergedSource>): Promise<string[]> {
  const out: string[] = [];
  for await (const b of source.bars()) out.push(`${b.time / 60_000}${b.symbol}`);
  return out;
}

describe('mergedSource', () => {
  it('when inputs overlap in time then bars come in time order, ties in the order of the symbols', async () => {
    const source = mergedSource(['SPY', 'QQQ'], [
      input('qqq', [bar('QQQ', 0), bar('QQQ', 1), bar('QQQ', 3)]),
      input('spy', [bar('SPY', 1), bar('SPY', 2), bar('SPY', 3)]),
    ]);
    expect(await all(source)).toEqual(['0QQQ', '1SPY', '1QQQ', '2SPY', '3SPY', '3QQQ']);
  });

  it('when inputs follow each other in time then each is opened only when the merge reaches it, after the one before has closed', async () => {
    const log: string[] = [];
    const source = mergedSource(['SPY'], [input('day2', [bar('SPY', 10), bar('SPY', 11)], log), input('day1', [bar('SPY', 0), bar('SPY', 1)], log)]);
    expect(await all(source)).toEqual(['0SPY', '1SPY', '10SPY', '11SPY']);
    expect(log).toEqual(['open day1', 'close day1', 'open day2', 'close day2']);
  });

  it('when two inputs hold a bar of one symbol and time then it is refused, naming both', async () => {
    const source = mergedSource(['SPY'], [input('a.csv', [bar('SPY', 0), bar('SPY', 1)]), input('b.csv', [bar('SPY', 1)])]);
    const error: unknown = await all(source).catch((e: unknown) => e);
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
    expect((error as Error).message).toBe('b.csv: a second SPY bar at 1970-01-01T00:01:00.000Z; a.csv has one already');
  });

  it('when an input holds a bar before its first instant (a day file with an earlier day\'s bar) then it is refused rather than replayed out of order', async () => {
    const late: MergeInput = { ...input('2026-03-03.csv', [bar('SPY', 0)]), firstMs: 10 * 60_000 };
    const source = mergedSource(['SPY'], [input('2026-03-02.csv', [bar('SPY', 5)]), late]);
    const error: unknown = await all(source).catch((e: unknown) => e);
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
    expect((error as Error).message).toBe('2026-03-03.csv: a bar at 1970-01-01T00:00:00.000Z, before the bars already replayed up to 1970-01-01T00:05:00.000Z (from 2026-03-02.csv): expected its bars from 1970-01-01T00:10:00.000Z on');
  });

  it('when the reader stops early then every open input is closed', async () => {
    const log: string[] = [];
    const source = mergedSource(['SPY', 'QQQ'], [input('spy', [bar('SPY', 0), bar('SPY', 1)], log), input('qqq', [bar('QQQ', 0), bar('QQQ', 1)], log)]);
    for await (const b of source.bars()) if (b.symbol === 'QQQ') break;
    expect(log.filter((l) => l.startsWith('close')).sort()).toEqual(['close qqq', 'close spy']);
  });
});
