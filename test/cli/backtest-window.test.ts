/** `robo backtest --from/--to` replays only those New York trade dates; `--set` overrides a config value before validation. */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

// Five sessions, 2026-03-02 (a Monday) to 2026-03-06.
const FIVE_DAYS = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 5\n  barSeconds: 60\n  seed: 42';

describe('robo backtest --from/--to', () => {
  it('when --from and --to pick two sessions then only their bars are replayed and the period is theirs', async () => {
    const file = writeConfig(sampleConfig({ data: FIVE_DAYS }));

    const result = await runRobo(['backtest', file, '--json', '--from', '2026-03-04', '--to', '2026-03-05']);

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { bars: number; period: { from: string; to: string } };
    expect(summary.bars).toBe(2 * 390);
    expect(summary.period).toEqual({ from: '2026-03-04T09:30:00-05:00', to: '2026-03-05T16:00:00-05:00' });
  });

  it('when the dates are backwards, outside the data, not real or hold no session then it exits 2 with a usage error', async () => {
    const file = writeConfig(sampleConfig({ data: FIVE_DAYS }));
    const cases = [['--from', '2026-03-05', '--to', '2026-03-04'], ['--from', '2026-04-01'], ['--to', '2026-02-27'], ['--from', '2026-02-30'], ['--from', '2026-03-07', '--to', '2026-03-08']];

    const results = await Promise.all(cases.map((args) => runRobo(['backtest', file, '--json', ...args])));

    for (const [i, result] of results.entries()) {
      expect(result.code, cases[i]!.join(' ')).toBe(2);
      expect(result.stderr, cases[i]!.join(' ')).toContain('ROBO_ERR_USAGE');
      expect(result.stdout).toBe('');
    }
  });
});

describe('robo backtest --set', () => {
  it('when --set changes a param then the run equals the config written with that value', async () => {
    const written = writeConfig(sampleConfig({ strategies: 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 8, slow: 20 }\n    sizing: { quantity: 100 }' }));
    const file = writeConfig(sampleConfig());

    const [set, plain] = await Promise.all([runRobo(['backtest', file, '--json', '--set', 'strategies[0].params.fast=8']), runRobo(['backtest', written, '--json'])]);

    expect(set.code).toBe(0);
    expect(set.stdout).toBe(plain.stdout);
  });

  it('when a --set value is invalid then the error names the line and column of the value in the file and the --set', async () => {
    const file = writeConfig(sampleConfig());

    const result = await runRobo(['backtest', file, '--json', '--set', 'strategies[0].params.fast=0']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ strategies\[0\]\.params\.fast .*\(the value comes from --set strategies\[0\]\.params\.fast=0\)/);
  });

  it('when a --set names a list item that does not exist then it is a usage error', async () => {
    const result = await runRobo(['backtest', writeConfig(sampleConfig()), '--set', 'strategies[3].params.fast=5']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strategies[3] does not exist');
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
  });
});
