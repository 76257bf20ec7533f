/**
 * `robo start` as a user runs it: orders and fills within seconds, and a clean, self-ending stop on
 * Ctrl-C; piped (or with --json), stdout is JSON lines only, the run summary the last of them.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROBO, collect, runRobo, sampleConfig, spawnRobo, startOutput, writeConfig } from '../support/cli.js';

const ONE_DAY = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace:\n    barsPerSecond: 5000';

/** robo start on a real pseudo-terminal (util-linux `script`), as a person at a terminal runs it. */
function startOnTerminal(args: readonly string[]): string {
  const file = writeConfig(sampleConfig({ data: ONE_DAY }));
  const command = [process.execPath, ROBO, 'start', file, ...args].join(' ');
  return execFileSync('script', ['-qec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
}

describe('robo start', () => {
  it('when SIGINT arrives after the first fills then it cancels, stops and exits 0 by itself', async () => {
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 20\n  barSeconds: 60\n  seed: 42\n  pace:\n    barsPerSecond: 400' }));
    const child = spawnRobo(['start', file], { env: { FORCE_COLOR: '0' } });
    const done = collect(child, 60_000);
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/"msg":"fill /.test(seen)) resolve();
      });
    });

    child.kill('SIGINT');
    const result = await done;

    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"order \d+ BUY 100 SPY market"/);
    expect(result.stdout).toContain('received SIGINT, stopping');
    expect(startOutput(result.stdout).summary).toMatchObject({ broker: 'sim', end: 'stopped' });
    expect(result.stderr).toBe('');
  });

  it('when the data ends then it stops by itself with exit 0 and prints the summary', async () => {
    const file = writeConfig(sampleConfig({ data: ONE_DAY }));

    const result = await collect(spawnRobo(['start', file]), 60_000);

    expect(result.code).toBe(0);
    expect(startOutput(result.stdout).summary).toMatchObject({ broker: 'sim', end: 'end-of-data' });
  });
});

describe('robo start output for a program', () => {
  it('when stdout is a pipe then every line is a JSON object and the last is the run summary, as robo backtest --json prints it (without a backtest\'s metrics)', async () => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: ONE_DAY }));

    // Act
    const started = await runRobo(['start', file], { timeoutMs: 60_000 });
    const backtested = await runRobo(['backtest', file, '--json'], { timeoutMs: 60_000 });

    // Assert
    const { logs, summary } = startOutput(started.stdout);
    expect(logs.map((log) => log.msg)).toContain('first bar processed (SPY)');
    expect(summary.orders.total).toBeGreaterThan(0);
    const { period: _startPeriod, ...started_ } = summary;
    const { period: _backtestPeriod, metrics, ...backtested_ } = JSON.parse(backtested.stdout) as Record<string, unknown>;
    expect(Object.keys(started_).sort()).toEqual(Object.keys(backtested_).sort());
    expect(metrics).toBeDefined();
    expect(started_).not.toHaveProperty('metrics');
    expect(started.code).toBe(0);
  });

  it('when --json is given on a terminal then it writes JSON lines there too, the summary last', () => {
    // Act
    const out = startOnTerminal(['--json']);

    // Assert
    const { logs, summary } = startOutput(out.replaceAll('\r', ''));
    expect(logs.length).toBeGreaterThan(2);
    expect(summary.end).toBe('end-of-data');
  });

  it('when it runs on a terminal without --json then the logs are for a person and the summary is text', () => {
    // Act
    const out = startOnTerminal([]);

    // Assert
    expect(out).toContain('first bar processed (SPY)');
    expect(out).not.toContain('"msg":');
    expect(out).toContain('Run summary (sim broker, end of data)');
  });
});
