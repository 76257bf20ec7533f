/**
 * `robo data fetch` stopped by Ctrl-C (SIGINT) or SIGTERM while a request is out: it stops at once — not
 * after the request's timeout or a pacing wait — leaves only whole day files (no temporary file), says
 * what is cached, exits 0 as every command does after Ctrl-C, and a rerun fetches only the rest.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runRobo, spawnRobo, writeConfig } from '../support/cli.js';
import { IB_ENV, fetchConfig, twsServers } from '../support/ib-cli.js';
import { minuteBars } from '../support/minute-bars.js';

const tws = twsServers();


const ARGS = ['data', 'fetch', '--symbols', 'SPY', '--from', '2026-03-02', '--to', '2026-03-06', '--bar', '1m', '--json'] as const;

describe('robo data fetch stopped by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`when ${signal} comes while a request is unanswered then it stops at once, exit 0, only whole days cached, and a rerun fetches the rest`, async () => {
      // Arrange: TWS answers the first two days, never the third; the signal comes as the third is asked.
      let child: ReturnType<typeof spawnRobo> | undefined;
      let signalledAt = 0;
      const { server, port } = await tws({
        onHistory: () => {
          if (server.historyRequests().length !== 3) return { kind: 'bars' };
          signalledAt = Date.now();
          setTimeout(() => child?.kill(signal), 100);
          return { kind: 'silent' };
        },
      });
      server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-06'));
      // A long request timeout: a stop that waited for the unanswered request would take 30 seconds.
      const config = writeConfig(fetchConfig(port, { requestTimeoutMs: 30_000 }));

      // Act
      child = spawnRobo([...ARGS, '--config', config], { env: IB_ENV });
      const first = await collect(child, 60_000);
      const stoppedAfterMs = Date.now() - signalledAt;
      const folder = join(dirname(config), 'data/cache/SPY/1m');
      const leftByTheStop = readdirSync(folder).sort();
      server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-06'));
      const second = await runRobo([...ARGS, '--config', config], { env: IB_ENV, timeoutMs: 60_000 });

      // Assert
      expect(first.signal).toBeNull();
      expect(first.code).toBe(0);
      expect(stoppedAfterMs).toBeLessThan(10_000);
      expect(first.stderr).toContain(`stopped by ${signal}`);
      expect(JSON.parse(first.stdout)).toMatchObject({ daysFetched: 2, stopped: signal });
      expect(leftByTheStop).toEqual(['2026-03-02.csv', '2026-03-03.csv']);
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ daysFetched: 3, daysAlreadyCached: 2 });
      expect(JSON.parse(second.stdout)).not.toHaveProperty('stopped');
    }, 90_000);
  }
});
