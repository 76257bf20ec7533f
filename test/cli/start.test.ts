/** `robo start` as a user runs it: orders and fills within seconds, and a clean, self-ending stop on Ctrl-C. */
import { describe, expect, it } from 'vitest';
import { collect, sampleConfig, spawnRobo, writeConfig } from '../support/cli.js';

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
    expect(result.stdout).toContain('Run summary (sim broker, stopped)');
    expect(result.stderr).toBe('');
  });

  it('when the data ends then it stops by itself with exit 0 and prints the summary', async () => {
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace:\n    barsPerSecond: 5000' }));

    const result = await collect(spawnRobo(['start', file]), 60_000);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Run summary (sim broker, end of data)');
  });
});
