/** `robo backtest --out`: a folder that cannot take the exports is refused before anything is replayed, never after it. */
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

describe('robo backtest --out', () => {
  it('makes the folder and the folders above it', async () => {
    const config = writeConfig(sampleConfig());
    const out = join(dirname(config), 'results', '2026', 'run-1');
    const result = await runRobo(['backtest', config, '--json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['equity-bars.csv', 'equity.csv', 'fills.csv', 'orders.csv', 'summary.json', 'trades.csv']);
  });

  it('refuses a file where the folder should be, before the replay', async () => {
    const config = writeConfig(sampleConfig());
    const file = join(dirname(config), 'taken');
    writeFileSync(file, 'mine');
    const result = await runRobo(['backtest', config, '--json', '--out', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--out ${file}: the exports cannot be written there: ${file}: it is a file, not a folder`);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
  });

  it('refuses the kernel\'s trees at once instead of hanging', async () => {
    const config = writeConfig(sampleConfig());
    const result = await runRobo(['backtest', config, '--out', '/proc/robo-exports'], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/proc holds the kernel\'s files and devices, not storage');
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write', async () => {
    const config = writeConfig(sampleConfig());
    const locked = join(dirname(config), 'locked');
    mkdirSync(locked, { mode: 0o500 });
    chmodSync(locked, 0o500);
    const result = await runRobo(['backtest', config, '--out', locked]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be written');
  });

  it('refuses a risk-free rate that is not a percentage', async () => {
    const config = writeConfig(sampleConfig());
    for (const bad of ['abc', '-1', '101', '4,5']) {
      const result = await runRobo(['backtest', config, '--risk-free-rate', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--risk-free-rate expects an annual rate in percent between 0 and 100, such as 4.5 or 4.5%; was '${bad}'`);
    }
  });
});

describe('robo backtest --out with --report', () => {
  it('refuses a report path that is one of the exports, before the replay', async () => {
    const config = writeConfig(sampleConfig());
    const out = join(dirname(config), 'results');
    const result = await runRobo(['backtest', config, '--out', out, '--report', join(out, 'summary.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--report ${join(out, 'summary.json')}: that is where --out writes summary.json; name the report another file, such as ${join(out, 'report.html')}`);
  });
});
