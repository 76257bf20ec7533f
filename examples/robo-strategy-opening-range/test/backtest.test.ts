/**
 * The example kind the way a user gets it: packed and installed with npm into a fresh project next to a
 * config (offline — the kind is a local tarball and its peer, robo, this repository), named by `kind:`
 * in the YAML, and seen trading in a `robo backtest` of generated data on the simulated broker.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runRobo, sampleConfig } from '../../../test/support/cli.js';

const EXAMPLE = join(ROOT, 'examples/robo-strategy-opening-range');
let project = '';

/** `npm pack` the example (already built by `npm run build`), then `npm install` it beside robo itself, offline. */
function installExample(): string {
  if (!existsSync(join(EXAMPLE, 'dist/index.js'))) throw new Error('the example kind is not built: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'robo-project-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-robo', private: true }));
  const npm = (args: string[], cwd: string): string => execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd, encoding: 'utf8' });
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], EXAMPLE)) as { filename: string }[];
  if (!packed) throw new Error('npm pack produced nothing');
  // robo is a folder dependency, so npm links it rather than copying this repository.
  npm(['install', ROOT, `./${packed.filename}`], dir);
  return dir;
}

/** A config in the project running the example on `days` days of generated SPY bars. */
function configWith(params: string, sizing = '{ quantity: 100 }', days = 5): string {
  const file = join(project, `robo-${Math.random().toString(36).slice(2)}.config.yaml`);
  writeFileSync(file, sampleConfig({
    data: `data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: ${days}\n  barSeconds: 60\n  seed: 7`,
    strategies: `strategies:\n  - id: orb\n    kind: robo-strategy-opening-range\n    symbols: [SPY]\n    params:${params}\n    sizing: ${sizing}`,
  }));
  return file;
}

beforeAll(() => {
  project = installExample();
}, 60_000);

describe('the example strategy kind installed from its folder with npm', () => {
  it('when a backtest names it by kind then it trades brackets: each entry with its take profit and stop loss', async () => {
    // Arrange
    const file = configWith(' { rangeBars: 15, rewardRisk: 1.5 }');

    // Act
    const result = await runRobo(['backtest', file, '--json'], { cwd: project });

    // Assert
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { fills: number; orders: { total: number }; shutdownProblems: string[] };
    expect(summary.fills).toBeGreaterThan(0);
    // Every entry is a bracket of three orders.
    expect(summary.orders.total % 3).toBe(0);
    expect(summary.orders.total).toBeGreaterThanOrEqual(3);
    expect(summary.shutdownProblems).toEqual([]);
  });

  it('when the config sizes by risk then the kind sizes each entry by its distance to the stop, and trades', async () => {
    // Arrange: half a percent of equity lost if the stop, the far side of the range, is hit
    const file = configWith(' { rangeBars: 15 }', '{ riskPercent: 0.5, maxPosition: 1000 }');

    // Act
    const result = await runRobo(['backtest', file, '--json'], { cwd: project });

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { fills: number }).fills).toBeGreaterThan(0);
  });

  it('when its params break its schema then robo validate refuses the config at the param\'s line, exit 2', async () => {
    // Arrange
    const file = configWith('\n      rangeBars: 0');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('rangeBars: 0')) + 1;

    // Act
    const result = await runRobo(['validate', file], { cwd: project });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${line}:18 strategies[0].params.rangeBars must be >= 1`);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  });
});
