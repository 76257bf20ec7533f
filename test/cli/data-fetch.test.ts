/**
 * `robo data fetch` as a child process against the local TWS-protocol server: a range split into one
 * paced request per session, the cache it leaves, a rerun after a dropped link that fetches only the rest,
 * backtests on the cache, and the command line's mistakes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ROBO, collect, runRobo, writeConfig, type CliResult } from '../support/cli.js';
import { IB_ENV, fetchConfig, twsServers } from '../support/ib-cli.js';
import { minuteBars } from '../support/minute-bars.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { sessionsBetween } from '../../core/data/fetch-plan.js';
import type { HistoryRequestRecord } from '../support/tws-server/server.js';

const tws = twsServers();


function fetch(config: string, from: string, to: string, extra: readonly string[] = []): Promise<CliResult> {
  return runRobo(['data', 'fetch', '--symbols', 'SPY', '--from', from, '--to', to, '--bar', '1m', '--config', config, '--json', ...extra], { env: IB_ENV, timeoutMs: 90_000 });
}

interface FetchJson {
  readonly daysFetched: number;
  readonly daysAlreadyCached: number;
  readonly barsWritten: number;
  readonly requests: number;
  readonly path: string;
}

/** The New York trade date of a request's end ("yyyyMMdd-HH:mm:ss" UTC, a session's close). */
function endDate(request: HistoryRequestRecord): string {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(request.endDateTime);
  if (!m) throw new Error(`unexpected endDateTime ${request.endDateTime}`);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return new Date(utc - 5 * 3_600_000).toISOString().slice(0, 10); // a close at 16:00 or 13:00 New York is the same date five hours back
}

/** Every bar time (epoch seconds) in the cache's SPY day files, file by file. */
function cachedTimes(config: string): Map<string, number[]> {
  const folder = join(dirname(config), 'data/cache/SPY/1m');
  const files = new Map<string, number[]>();
  for (const name of readdirSync(folder).sort()) {
    const lines = readFileSync(join(folder, name), 'utf8').split('\n').filter((l) => /^\d/.test(l));
    files.set(name, lines.map((l) => Date.parse(l.split(',')[0] ?? '') / 1000));
  }
  return files;
}

describe('robo data fetch', () => {
  it('when two months of 1-minute bars are asked then one request goes per session day, none for weekends or holidays, none twice, at most 5 in any 2 seconds', async () => {
    // Arrange: 2026-01-02 to 2026-02-27 holds Martin Luther King Day (01-19) and Presidents' Day (02-16).
    const { server, port } = await tws();
    const bars = minuteBars('2026-01-02', '2026-02-27');
    server.setHistory('SPY', '1 min', bars);
    const config = writeConfig(fetchConfig(port));
    const sessions = sessionsBetween(loadExchangeCalendar('XNYS'), '2026-01-02', '2026-02-27').map((s) => s.date);

    // Act
    const result = await fetch(config, '2026-01-02', '2026-02-27');

    // Assert
    expect(result.code).toBe(0);
    const requests = server.historyRequests();
    expect(requests.map(endDate)).toEqual(sessions);
    expect(requests.every((r) => r.duration === '1 D' && r.barSize === '1 min' && r.useRth === '1')).toBe(true);
    expect(new Set(requests.map((r) => `${r.endDateTime}|${r.duration}`)).size).toBe(requests.length);
    // IB's rule: six requests for one contract within two seconds is a violation (a few ms allowed for the socket).
    for (let i = 0; i + 5 < requests.length; i++) {
      expect((requests[i + 5]?.receivedAt ?? 0) - (requests[i]?.receivedAt ?? 0)).toBeGreaterThan(2_000 - 50);
    }
    const report = JSON.parse(result.stdout) as FetchJson;
    expect(report).toMatchObject({ daysFetched: sessions.length, daysAlreadyCached: 0, barsWritten: bars.length, requests: sessions.length });
    expect([...cachedTimes(config).keys()]).toEqual(sessions.map((d) => `${d}.csv`));
  }, 90_000);

  it('when the link drops mid-way then the fetch reconnects and asks for the lost day again, and every day holds each bar once', async () => {
    // Arrange: the socket drops on the fourth request, once.
    let dropped = false;
    const { server, port } = await tws({
      onHistory: () => {
        if (server.historyRequests().length === 4 && !dropped) {
          dropped = true;
          return { kind: 'drop' };
        }
        return { kind: 'bars' };
      },
    });
    const bars = minuteBars('2026-03-02', '2026-03-13');
    server.setHistory('SPY', '1 min', bars);
    const config = writeConfig(fetchConfig(port));

    // Act
    const result = await fetch(config, '2026-03-02', '2026-03-13');

    // Assert
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ daysFetched: 10, requests: 11, retriedAfterDrops: 1 });
    expect(server.historyRequests().map(endDate).filter((d) => d === '2026-03-05')).toHaveLength(2);
    const files = cachedTimes(config);
    expect(files.size).toBe(10);
    expect([...files.values()].flat()).toEqual(bars.map((b) => Number(b.time)));
  }, 90_000);

  it('when the link drops and does not come back then it stops naming what is cached, and a rerun fetches only the rest, without a duplicate bar', async () => {
    // Arrange: the socket drops on the fourth request, and TWS refuses connections until the rerun.
    const { server, port } = await tws({
      onHistory: () => {
        if (server.historyRequests().length !== 4) return { kind: 'bars' };
        server.setHandshake('refuse');
        return { kind: 'drop' };
      },
    });
    const bars = minuteBars('2026-03-02', '2026-03-13');
    server.setHistory('SPY', '1 min', bars);
    const config = writeConfig(fetchConfig(port));

    // Act
    const first = await fetch(config, '2026-03-02', '2026-03-13');
    server.setHandshake('normal');
    const second = await fetch(config, '2026-03-02', '2026-03-13');

    // Assert
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('the link to TWS was lost and did not come back while fetching SPY 2026-03-05');
    expect(first.stderr).toContain('3 of the 10 symbol-days asked for are cached in');
    expect(first.stderr).toContain('run the same command again');
    expect(first.stderr).toContain('ROBO_ERR_FETCH_STOPPED');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ daysFetched: 7, daysAlreadyCached: 3 });
    const files = cachedTimes(config);
    expect(files.size).toBe(10);
    for (const times of files.values()) {
      expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? Infinity))).toBe(true);
    }
    expect([...files.values()].flat()).toEqual(bars.map((b) => Number(b.time)));
    expect(readdirSync(join(dirname(config), 'data/cache/SPY/1m')).filter((n) => !n.endsWith('.csv'))).toEqual([]);
  }, 90_000);

  it('when IB has no bars for a day then the day is cached empty and a rerun asks IB nothing', async () => {
    // Arrange: bars from 2026-03-04 on; the 2nd and 3rd have none.
    const { server, port } = await tws({ onHistory: (r) => (r.endDateTime.startsWith('2026030') && Number(r.endDateTime.slice(6, 8)) < 4 ? { kind: 'error', code: 162, message: 'Historical Market Data Service error message:HMDS query returned no data: SPY@SMART Trades' } : { kind: 'bars' }) });
    server.setHistory('SPY', '1 min', minuteBars('2026-03-04', '2026-03-05'));
    const config = writeConfig(fetchConfig(port));

    // Act
    const first = await fetch(config, '2026-03-02', '2026-03-05');
    const asked = server.historyRequests().length;
    const second = await fetch(config, '2026-03-02', '2026-03-05');

    // Assert
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ daysFetched: 4, emptyDays: 2 });
    expect(readFileSync(join(dirname(config), 'data/cache/SPY/1m/2026-03-02.csv'), 'utf8')).toContain('time,symbol,open,high,low,close,volume\n');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ daysFetched: 0, daysAlreadyCached: 4, requests: 0 });
    expect(server.historyRequests().length).toBe(asked);
  }, 60_000);
});

describe('robo data fetch when the cache cannot be written', () => {
  it('when a day\'s file cannot be written then it stops with ROBO_ERR_FETCH_STOPPED naming the file, not blaming IB', async () => {
    // Arrange: a folder stands where 2026-03-03's file goes (it is no cached day), so the rename onto it fails.
    const { server, port } = await tws();
    server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-04'));
    const config = writeConfig(fetchConfig(port));
    mkdirSync(join(dirname(config), 'data/cache/SPY/1m/2026-03-03.csv/in-the-way'), { recursive: true });

    // Act
    const result = await fetch(config, '2026-03-02', '2026-03-04');

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the cache could not be written while fetching SPY 2026-03-03 (1m bars): cannot write ');
    expect(result.stderr).toContain('1 of the 3 symbol-days asked for are cached');
    expect(result.stderr).toContain('ROBO_ERR_FETCH_STOPPED');
  }, 60_000);
});

describe('robo data fetch on a terminal', () => {
  /** Runs robo under `script`, which gives it a terminal for stdout and stderr; returns everything it drew there. */
  function onTerminal(args: readonly string[]): Promise<CliResult> {
    const command = [process.execPath, ROBO, ...args].map((a) => `'${a}'`).join(' ');
    return collect(spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...IB_ENV }, stdio: ['ignore', 'pipe', 'pipe'] }), 60_000);
  }

  it('when stderr is a terminal then a progress bar with an ETA is drawn, and under --json it is not', async () => {
    // Arrange
    const { server, port } = await tws();
    server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-06'));
    const config = writeConfig(fetchConfig(port));
    const args = ['data', 'fetch', '--symbols', 'SPY', '--from', '2026-03-02', '--to', '2026-03-06', '--bar', '1m', '--config', config];

    // Act
    const plain = await onTerminal(args);
    const json = await onTerminal([...args, '--cache', join(dirname(config), 'other-cache'), '--json']);

    // Assert
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/fetch SPY 1m \[.*\] \d+% \| \d+\/5 days \| ETA/);
    expect(plain.stdout).toContain('fetched 5 symbol-days of 1m bars');
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain('ETA');
    expect(json.stdout).toContain('"daysFetched":5');
  }, 60_000);
});

describe('robo data fetch with a wrong command line', () => {
  const cases: readonly [string, readonly string[], string][] = [
    ['a date that does not exist', ['--symbols', 'SPY', '--from', '2026-02-30', '--to', '2026-03-05', '--bar', '1m'], '--from: expected a New York trade date written yyyy-mm-dd (2026-03-02), was "2026-02-30"'],
    ['--from after --to', ['--symbols', 'SPY', '--from', '2026-03-05', '--to', '2026-03-02', '--bar', '1m'], '--from: expected a date on or before --to (2026-03-02), was 2026-03-05'],
    ['an unknown bar length', ['--symbols', 'SPY', '--from', '2026-03-02', '--to', '2026-03-05', '--bar', '2m'], '--bar: expected one of 1s, 5s, 10s, 15s, 30s, 1m, 5m, 15m, 1h, was "2m"'],
    ['no symbols', ['--symbols', ' , ', '--from', '2026-03-02', '--to', '2026-03-05', '--bar', '1m'], '--symbols: expected one or more symbols separated by commas (SPY,QQQ), was " , "'],
    ['a bad symbol', ['--symbols', 'SPY,qqq!', '--from', '2026-03-02', '--to', '2026-03-05', '--bar', '1m'], '--symbols: expected a ticker symbol'],
  ];
  for (const [what, args, message] of cases) {
    it(`when given ${what} then it exits 2 with ROBO_ERR_USAGE, saying what was expected`, async () => {
      const result = await runRobo(['data', 'fetch', ...args, '--config', writeConfig(fetchConfig(7497))]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('ROBO_ERR_USAGE');
    });
  }

  it('when the config\'s broker is not IB then it exits 2 with ROBO_ERR_USAGE naming the broker kind', async () => {
    const sim = fetchConfig(7497).replace(/broker: .*\n/, 'broker: { kind: sim }\n').replace('data: { source: broker, barSeconds: 60 }', 'data: { source: generated, symbols: [SPY], start: "2026-03-02", days: 1, barSeconds: 60, seed: 1 }').replace(', id: "${IB_ACCOUNT}"', '');
    const config = writeConfig(sim);
    const result = await runRobo(['data', 'fetch', '--symbols', 'SPY', '--from', '2026-03-02', '--to', '2026-03-05', '--bar', '1m', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--config: expected a config whose broker is Interactive Brokers (broker kind ib), was broker kind sim');
    expect(existsSync(join(dirname(config), 'data'))).toBe(false);
  });
});
