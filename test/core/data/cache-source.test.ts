/** The cache as a BarSource: the days of the range for every symbol, and nothing a day's file should not hold. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { cacheBarSource, cachedDays } from '../../../core/data/cache-source.js';
import { csvOf, minuteBars } from '../../support/minute-bars.js';

const calendar = loadExchangeCalendar('XNYS');

function cacheWith(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'robo-cache-'));
  mkdirSync(join(root, 'SPY/1m'), { recursive: true });
  for (const [date, text] of Object.entries(files)) writeFileSync(join(root, 'SPY/1m', `${date}.csv`), text);
  return root;
}

async function count(root: string): Promise<number> {
  const selection = { root, shownRoot: 'cache', symbols: ['SPY'], barSeconds: 60 };
  let n = 0;
  for await (const bar of cacheBarSource(selection, cachedDays(selection, calendar)).bars()) if (bar.symbol === 'SPY') n++;
  return n;
}

describe('cacheBarSource', () => {
  it('when each day file holds its own day then every bar is replayed', async () => {
    const root = cacheWith({ '2026-03-02': csvOf('SPY', minuteBars('2026-03-02', '2026-03-02')), '2026-03-03': csvOf('SPY', minuteBars('2026-03-03', '2026-03-03')) });
    expect(await count(root)).toBe(780);
  });

  it('when a day file holds another day\'s bars then it is refused, naming the file, rather than replayed as that day', async () => {
    const root = cacheWith({ '2026-03-02': csvOf('SPY', minuteBars('2026-03-02', '2026-03-03')) });
    const error: unknown = await count(root).catch((e: unknown) => e);
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
    expect((error as Error).message).toBe('cache/SPY/1m/2026-03-02.csv: a bar at 2026-03-03T14:30:00.000Z, outside the New York trade date 2026-03-02 the file is named for');
  });
});
