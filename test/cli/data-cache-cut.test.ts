/**
 * A cached day file cut short at a line's end (a hand edit, a bad copy, a damaged disk) still reads as
 * valid CSV, but its first line says how many bars the fetch wrote: the cache refuses a day that holds
 * fewer (or more) than that, naming the file, rather than replay half a day as a whole one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';
import { minuteBars } from '../support/minute-bars.js';
import { writeDayFile } from '../../core/data/day-file.js';
import { sessionsBetween } from '../../core/data/fetch-plan.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';

const CONFIG = [
  'version: 1',
  'account: { startingCash: 100000 }',
  'broker: { kind: sim, latencyMs: 0 }',
  'data: { source: cache, barSeconds: 60 }',
  'strategies:',
  '  - { id: trend, kind: ma-crossover, symbols: [SPY], params: { fast: 5, slow: 20 }, sizing: { quantity: 100 } }',
  '',
].join('\n');

/** A cache of SPY's 1-minute bars from 2026-03-02 to 03-04, written by the fetch's own writer; returns the config. */
function cachedConfig(): string {
  const config = writeConfig(CONFIG);
  const bars = minuteBars('2026-03-02', '2026-03-04');
  for (const session of sessionsBetween(loadExchangeCalendar('XNYS'), '2026-03-02', '2026-03-04')) {
    const own = bars.filter((b) => Number(b.time) * 1000 >= session.openMs && Number(b.time) * 1000 < session.closeMs);
    writeDayFile(join(dirname(config), 'data/cache/SPY/1m', `${session.date}.csv`), {
      symbol: 'SPY',
      date: session.date,
      origin: 'IB historical TRADES bars, regular trading hours',
      bars: own.map((b) => ({ symbol: 'SPY', time: Number(b.time) * 1000, durationMs: 60_000, open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close), volume: Number(b.volume) })),
    });
  }
  return config;
}

describe('data.source: cache with a day file cut short', () => {
  for (const command of ['validate', 'backtest'] as const) {
    it(`when a day file ends at a line's end before its last bar then robo ${command} refuses it with ROBO_ERR_DATA_INVALID naming the file and both counts`, async () => {
      // Arrange: 2026-03-03 keeps its comment, its header and its first 100 of 390 bars.
      const config = cachedConfig();
      const day = join(dirname(config), 'data/cache/SPY/1m/2026-03-03.csv');
      writeFileSync(day, readFileSync(day, 'utf8').split('\n').slice(0, 102).join('\n') + '\n');

      // Act
      const result = await runRobo([command, config]);

      // Assert
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('data/cache/SPY/1m/2026-03-03.csv');
      expect(result.stderr).toContain('holds 100 bars, but its first line says the fetch wrote 390');
      expect(result.stderr).toContain('ROBO_ERR_DATA_INVALID');
    });
  }

  it('when every day file is whole then the backtest runs', async () => {
    // Arrange
    const config = cachedConfig();

    // Act
    const result = await runRobo(['backtest', config, '--json']);

    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ bars: 3 * 390 });
  });
});
