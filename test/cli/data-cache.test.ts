/**
 * `data.source: cache`: a backtest replays the days `robo data fetch` cached from the local TWS-protocol
 * server, bar for bar, and trades exactly as on the same bars in one CSV file; days missing from the
 * cache are refused with the command that fetches them.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig, type SummaryJson } from '../support/cli.js';
import { IB_ENV, fetchConfig, twsServers } from '../support/ib-cli.js';
import { csvOf, minuteBars } from '../support/minute-bars.js';

const tws = twsServers();

const STRATEGY = '  - { id: trend, kind: ma-crossover, symbols: [SPY, QQQ], params: { fast: 5, slow: 20 }, sizing: { quantity: 100 } }';


function simConfig(data: string): string {
  return ['version: 1', 'account: { startingCash: 100000 }', 'broker: { kind: sim, latencyMs: 0 }', data, 'strategies:', STRATEGY, ''].join('\n');
}

/** The summary without what names the data itself. */
function trading(summary: SummaryJson): Record<string, unknown> {
  const { dataSource: _source, ...rest } = summary as SummaryJson & { dataSource?: unknown };
  return rest;
}

describe('data.source: cache', () => {
  it('when the cache holds the fetched days of two symbols then a backtest replays every server bar, and trades as on the same bars in one CSV file', async () => {
    // Arrange
    const { server, port } = await tws();
    const spy = minuteBars('2026-03-02', '2026-03-06');
    const qqq = minuteBars('2026-03-02', '2026-03-06', 400);
    server.setHistory('SPY', '1 min', spy);
    server.setHistory('QQQ', '1 min', qqq);
    const ib = writeConfig(fetchConfig(port, { strategy: STRATEGY }));
    const dir = dirname(ib);
    const fetched = await runRobo(['data', 'fetch', '--symbols', 'SPY,QQQ', '--from', '2026-03-02', '--to', '2026-03-06', '--bar', '1m', '--config', ib, '--json'], { env: IB_ENV });
    expect(fetched.code).toBe(0);
    writeFileSync(join(dir, 'cache.yaml'), simConfig('data: { source: cache, barSeconds: 60 }'));
    // One file, bars of one time in the strategies' symbol order, as the cache replays them.
    const lines = (symbol: string, bars: typeof spy): string[] => csvOf(symbol, bars).split('\n').slice(1).filter((l) => l !== '');
    const spyLines = lines('SPY', spy);
    const qqqLines = lines('QQQ', qqq);
    writeFileSync(join(dir, 'bars.csv'), ['time,symbol,open,high,low,close,volume', ...spyLines.flatMap((l, i) => [l, qqqLines[i] ?? '']), ''].join('\n'));
    writeFileSync(join(dir, 'csv.yaml'), simConfig('data: { source: csv, path: bars.csv, barSeconds: 60 }'));

    // Act
    const onCache = await runRobo(['backtest', join(dir, 'cache.yaml'), '--json']);
    const onCsv = await runRobo(['backtest', join(dir, 'csv.yaml'), '--json']);

    // Assert
    expect(onCache.stderr).toBe('');
    expect(onCache.code).toBe(0);
    const cacheSummary = JSON.parse(onCache.stdout) as SummaryJson;
    expect(cacheSummary['bars']).toBe(spy.length + qqq.length);
    expect(cacheSummary.fills).toBeGreaterThan(0);
    expect(trading(cacheSummary)).toEqual(trading(JSON.parse(onCsv.stdout) as SummaryJson));
  }, 60_000);

  it('when a session in the range is not cached then validate exits 2 with ROBO_ERR_DATA_MISSING and the fetch command for it', async () => {
    // Arrange: the 3rd cached, the 4th not, the 5th cached.
    const config = writeConfig(simConfig('data: { source: cache, barSeconds: 60 }'), {});
    const folder = join(dirname(config), 'data/cache/SPY/1m');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    for (const date of ['2026-03-03', '2026-03-05']) writeFileSync(join(folder, `${date}.csv`), csvOf('SPY', minuteBars(date, date)));

    // Act
    const result = await runRobo(['validate', config]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lacks 1m sessions from 2026-03-03 to 2026-03-05 (SPY: 1 day, QQQ: 3 days; the first 2026-03-03)');
    expect(result.stderr).toContain('robo data fetch --symbols SPY,QQQ --from 2026-03-03 --to 2026-03-05 --bar 1m --cache');
    expect(result.stderr).toContain('ROBO_ERR_DATA_MISSING');
  });

  it('when data.from and data.to are given then only those cached days are replayed', async () => {
    // Arrange
    const config = writeConfig(simConfig('data: { source: cache, barSeconds: 60, from: "2026-03-04", to: "2026-03-04" }'), {});
    const folder = join(dirname(config), 'data/cache/SPY/1m');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    const qqq = join(dirname(config), 'data/cache/QQQ/1m');
    mkdirSync(qqq, { recursive: true });
    for (const date of ['2026-03-03', '2026-03-04', '2026-03-05']) {
      writeFileSync(join(folder, `${date}.csv`), csvOf('SPY', minuteBars(date, date)));
      writeFileSync(join(qqq, `${date}.csv`), csvOf('QQQ', minuteBars(date, date, 400)));
    }

    // Act
    const result = await runRobo(['backtest', config, '--json']);

    // Assert
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as SummaryJson)['bars']).toBe(2 * 390);
  });
});
