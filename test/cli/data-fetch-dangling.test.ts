/**
 * A link left in the cache where a day's file goes, pointing at nothing (its target moved or deleted), is
 * no cached day: the fetch fetches that day and writes it in the link's place, rather than skip it for good.
 */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';
import { fetchConfig, IB_ENV, twsServers } from '../support/ib-cli.js';
import { minuteBars } from '../support/minute-bars.js';

const tws = twsServers();

describe('robo data fetch with a broken link in the cache', () => {
  it('when a day\'s name is a link to nothing then that day is fetched and written', async () => {
    // Arrange
    const { server, port } = await tws();
    server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-04'));
    const config = writeConfig(fetchConfig(port));
    const folder = join(dirname(config), 'data/cache/SPY/1m');
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(dirname(config), 'moved-away/2026-03-03.csv'), join(folder, '2026-03-03.csv'));

    // Act
    const result = await runRobo(['data', 'fetch', '--symbols', 'SPY', '--from', '2026-03-02', '--to', '2026-03-04', '--bar', '1m', '--config', config, '--json'], { env: IB_ENV, timeoutMs: 60_000 });

    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ daysFetched: 3, daysAlreadyCached: 0 });
    expect(readFileSync(join(folder, '2026-03-03.csv'), 'utf8')).toContain('# SPY 2026-03-03: 390 bars');
  }, 60_000);
});
