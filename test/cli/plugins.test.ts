/**
 * The example plugin the way a user gets it: packed and installed with npm into a fresh project next
 * to a config (offline — the plugin is a local tarball and its peer, robo, this repository), then
 * switched on in the YAML, listed by `robo plugins` and seen at work in a `robo backtest`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runRobo, sampleConfig } from '../support/cli.js';

const EXAMPLE = join(ROOT, 'examples/robo-plugin-trade-log');
let project = '';

/** `npm pack` the example (already built by `npm run build`), then `npm install` it beside robo itself, offline. */
function installExample(): string {
  if (!existsSync(join(EXAMPLE, 'dist/index.js'))) throw new Error('the example plugin is not built: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'robo-project-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-robo', private: true }));
  const npm = (args: string[], cwd: string): string => execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd, encoding: 'utf8' });
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], EXAMPLE)) as { filename: string }[];
  if (!packed) throw new Error('npm pack produced nothing');
  // robo is a folder dependency, so npm links it rather than copying this repository (and never touches its node_modules).
  npm(['install', ROOT, `./${packed.filename}`], dir);
  return dir;
}

function configWith(plugins: string): string {
  const file = join(project, `robo-${Math.random().toString(36).slice(2)}.config.yaml`);
  writeFileSync(file, sampleConfig().replace('strategies:\n', `plugins:\n${plugins}strategies:\n`));
  return file;
}

beforeAll(() => {
  project = installExample();
}, 60_000);

describe('the example plugin installed from its folder with npm', () => {
  it('when npm installed it then the project declares it and holds a real copy, with robo as its peer', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    expect(Object.keys(manifest.dependencies).sort()).toEqual(['robo-plugin-trade-log', 'robo-trader']);
    expect(existsSync(join(project, 'node_modules/robo-plugin-trade-log/dist/index.js'))).toBe(true);
  });

  it('when robo plugins lists the config then the example follows the built-ins, with its version and hooks', async () => {
    const file = configWith('  - package: robo-plugin-trade-log\n    options: { file: trades.csv }\n');

    const result = await runRobo(['plugins', file, '--json'], { cwd: project });

    expect(result.code, result.stderr).toBe(0);
    const listing = JSON.parse(result.stdout) as { plugins: { name: string; version: string; kind: string; hooks: { hook: string }[] }[]; hooks: Record<string, string[]> };
    const last = listing.plugins.at(-1);
    expect(last).toMatchObject({ name: 'robo-plugin-trade-log', version: '1.0.0', kind: 'third-party' });
    expect(last?.hooks.map((h) => h.hook)).toEqual(['afterOrder', 'afterFill', 'onTradingState']);
    expect(listing.plugins.slice(0, -1).every((p) => p.kind === 'built-in')).toBe(true);
    expect(listing.hooks['afterOrder']?.at(-1)).toBe('robo-plugin-trade-log');
  });

  it('when a backtest runs with it then every fill is in its journal and in its summary section', async () => {
    const file = configWith('  - package: robo-plugin-trade-log\n    options: { file: out/trades.csv }\n');

    const result = await runRobo(['backtest', file, '--json'], { cwd: project });

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { fills: number; sections: { tradeLog: { fills: number; file: string } }; shutdownProblems: string[] };
    expect(summary.fills).toBeGreaterThan(0);
    expect(summary.sections.tradeLog).toMatchObject({ fills: summary.fills, file: join(project, 'out/trades.csv') });
    const rows = readFileSync(join(project, 'out/trades.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time,event,strategy,symbol,side,quantity,price,orderId,execId,position,by,code,reason');
    expect(rows.filter((r) => r.includes(',fill,'))).toHaveLength(summary.fills);
    expect(summary.shutdownProblems).toEqual([]);
  });

  it('when its options are wrong then robo refuses the config at the option\'s line, exit 2', async () => {
    const file = configWith('  - package: robo-plugin-trade-log\n    options:\n      file: trades.csv\n      format: xml\n');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('format: xml')) + 1;

    const result = await runRobo(['validate', file], { cwd: project });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${line}:15 plugins[0].options.format`);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  });

  it('when the config names a plugin the project never installed then robo exits 2 with the code and how to fix it', async () => {
    const file = configWith('  - package: robo-plugin-nope\n');

    const result = await runRobo(['backtest', file], { cwd: project });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('plugins[0].package plugin robo-plugin-nope is not a declared dependency');
    expect(result.stderr).toMatch(/ROBO_ERR_PLUGIN_NOT_ALLOWED: Install it with npm install <package>/);
  });
});
