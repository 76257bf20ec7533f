/** `robo sweep` as a user runs it: every combination on worker threads, each run the run `robo backtest --json --set …` makes. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runRobo, sampleConfig, spawnRobo, writeConfig } from '../support/cli.js';
import { configNaming, moduleProject } from '../support/strategy-modules.js';

interface SweepJson {
  readonly sortedBy: string;
  readonly runs: readonly { readonly index: number; readonly values: Record<string, unknown>; readonly summary?: { netPnl: string; period: { from: string; to: string } }; readonly error?: { code: string; message: string }; readonly inSample?: { summary: { period: { from: string; to: string } } }; readonly outOfSample?: { summary: { period: { from: string; to: string } } } }[];
}

const FAST = '--set=strategies[0].params.fast=4..8:2';
const SLOW = '--set=strategies[0].params.slow=20,30';

describe('robo sweep', () => {
  it('when swept with --json then each run\'s summary equals robo backtest --json with the same --set, byte for byte', async () => {
    const file = writeConfig(sampleConfig());

    const [sweep, backtest] = await Promise.all([
      runRobo(['sweep', file, FAST, SLOW, '--workers', '2', '--json']),
      runRobo(['backtest', file, '--json', '--set', 'strategies[0].params.fast=6', '--set', 'strategies[0].params.slow=30']),
    ]);

    expect(sweep.code).toBe(0);
    expect(sweep.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(sweep.stdout) as SweepJson;
    expect(result.runs).toHaveLength(6);
    const run = result.runs.find((r) => r.index === 3);
    expect(run?.values).toEqual({ 'strategies[0].params.fast': 6, 'strategies[0].params.slow': 30 });
    expect(`${JSON.stringify(run?.summary)}\n`).toBe(backtest.stdout);
  });

  it('when the same sweep runs on one worker and on three then the output is identical, ranked with ties by index', async () => {
    const file = writeConfig(sampleConfig());

    const [one, three] = await Promise.all([runRobo(['sweep', file, FAST, SLOW, '--workers', '1', '--json']), runRobo(['sweep', file, FAST, SLOW, '--workers', '3', '--json'])]);

    expect(one.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const pnl = (JSON.parse(one.stdout) as SweepJson).runs.map((r) => Number(r.summary?.netPnl));
    expect(pnl).toEqual([...pnl].sort((a, b) => b - a));
  });

  it('when asked for more workers than the machine has cores then it runs as many as it has cores, and says so on stderr', async () => {
    const file = writeConfig(sampleConfig());

    const result = await runRobo(['sweep', file, FAST, SLOW, '--workers', '64', '--json']);

    expect(result.code).toBe(0);
    const cores = availableParallelism();
    expect(result.stderr).toContain(`robo: --workers 64 on ${cores} ${cores === 1 ? 'core' : 'cores'}: running ${cores} at a time; runs beyond the cores only take turns on them, and each is then slower`);
    expect(JSON.parse(result.stdout)).toHaveProperty('runs');
  });

  it('when printed for a person then the table has a row per combination and --csv writes the same rows', async () => {
    const file = writeConfig(sampleConfig());
    const csv = join(dirname(file), 'sweep.csv');

    const result = await runRobo(['sweep', file, FAST, '--sort', 'drawdown', '--csv', csv]);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1 + 3);
    expect(result.stdout).toContain('max DD %');
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('rank,#,strategies[0].params.fast,net P&L,return %,max DD %,fills,costs');
    expect(lines).toHaveLength(4);
  });

  it('when some combinations are invalid then each is reported with its values and none runs', async () => {
    const file = writeConfig(sampleConfig());

    const result = await runRobo(['sweep', file, '--set', 'strategies[0].params.fast=0,5,-1', '--json']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('2 of 3 combinations are invalid; none was run');
    expect(result.stderr).toContain('combination #0 (strategies[0].params.fast=0)');
    expect(result.stderr).toContain('combination #2 (strategies[0].params.fast=-1)');
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  });

  it('when every combination is invalid, each in its own way, then each is still listed with its values', async () => {
    const result = await runRobo(['sweep', writeConfig(sampleConfig()), '--set', 'strategies[0].params.fast=0,-1']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 of 2 combinations are invalid; none was run');
    expect(result.stderr).toContain('combination #1 (strategies[0].params.fast=-1)');
  });

  it('when one run fails then its row says why and the others are still ranked', async () => {
    const file = writeConfig(sampleConfig());

    // QQQ is not in the data: that run is refused when it reads its bars, after every config was checked.
    const result = await runRobo(['sweep', file, '--set', 'strategies[0].symbols[0]=SPY,QQQ', '--json']);

    expect(result.code).toBe(2);
    const runs = (JSON.parse(result.stdout) as SweepJson).runs;
    expect(runs.map((r) => r.index)).toEqual([0, 1]);
    expect(runs[0]?.summary).toBeDefined();
    expect(runs[1]?.error?.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(runs[1]?.error?.message).toContain('QQQ');
    expect(result.stderr).toContain('1 run of the sweep failed');
  });

  it('when a worker thread dies in one run then that row says so and the other runs are ranked', async () => {
    // A strategy that ends its thread outright, as a native crash or an out-of-memory would.
    const source = `export default {
  kind: 'crasher',
  description: 'ends its thread when told to',
  paramsSchema: { type: 'object', additionalProperties: false, properties: { crash: { type: 'boolean', description: 'end the thread' } } },
  create(ctx, params) { return { onBar() { if (params.crash) process.exit(7); } }; },
};
`;
    const file = moduleProject(configNaming('module: ./crasher.js', '{ crash: false }'), { 'crasher.js': source });

    const result = await runRobo(['sweep', file, '--set', 'strategies[0].params.crash=true,false', '--workers', '1', '--json']);

    const runs = (JSON.parse(result.stdout) as SweepJson).runs;
    expect(runs.map((r) => r.index)).toEqual([1, 0]);
    expect(runs[0]?.summary).toBeDefined();
    expect(runs[1]?.error).toEqual({ code: 'ROBO_ERR_INTERNAL', message: 'the worker thread running this combination died: it exited with code 7' });
    expect(result.code).toBe(1);
  });

  it('when --sort names no figure or the grid is too large then it is a usage error before anything runs', async () => {
    const file = writeConfig(sampleConfig());

    const [sort, grid] = await Promise.all([
      runRobo(['sweep', file, FAST, '--sort', 'luck']),
      runRobo(['sweep', file, '--set', 'strategies[0].params.fast=1..200', '--set', 'strategies[0].params.slow=1..60']),
    ]);

    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain('ROBO_ERR_USAGE');
    expect(grid.code).toBe(2);
    expect(grid.stderr).toContain('12000 combinations');
  });

  it('when split 50% then each combination runs in-sample on the first sessions and out-of-sample on the rest', async () => {
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 4\n  barSeconds: 60\n  seed: 42' }));

    const result = await runRobo(['sweep', file, '--set', 'strategies[0].params.fast=4,6', '--split', '50%', '--json']);

    expect(result.code).toBe(0);
    const [run] = (JSON.parse(result.stdout) as SweepJson).runs;
    expect(run?.inSample?.summary.period).toEqual({ from: '2026-03-02T09:30:00-05:00', to: '2026-03-03T16:00:00-05:00' });
    expect(run?.outOfSample?.summary.period).toEqual({ from: '2026-03-04T09:30:00-05:00', to: '2026-03-05T16:00:00-05:00' });
  });

  it('when stderr is not a terminal then no progress bar is drawn', async () => {
    const result = await runRobo(['sweep', writeConfig(sampleConfig()), FAST]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('when interrupted with Ctrl-C then the workers are terminated and it exits 130 without a table', async () => {
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 60\n  barSeconds: 60\n  seed: 42' }));
    const child = spawnRobo(['sweep', file, '--set', 'strategies[0].params.fast=2..9', '--workers', '2']);
    setTimeout(() => child.kill('SIGINT'), 1500);

    const result = await collect(child, 20_000);

    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('received SIGINT');
  });
});
