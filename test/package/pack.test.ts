/**
 * Robo as its users get it: the tarball `npm publish` would upload, installed into empty folders with
 * npm (from the cache `npm ci` filled, where it can), a project made by that tarball's own `robo init`, the
 * example plugin installed beside it — then `npx robo` run there, and a plugin and a strategy
 * type-checked against the installed types with skipLibCheck off.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'robo-pack-'));
const project = join(work, 'my-robo');
let packed: { filename: string; files: { path: string }[] };

/** npm from its cache where it can: `npm ci` filled it with every package the tarball needs, though not always with each package's index, which an install by range reads. */
function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
}

/**
 * Installs without install scripts, then puts the SQLite driver this checkout built where the installed
 * copy expects it: the same version (one lockfile), and building it from source here would add a minute
 * to every run while testing nothing of Robo's.
 */
function install(args: readonly string[], cwd: string): void {
  npm(['install', ...args, '--ignore-scripts'], cwd);
  const release = join(cwd, 'node_modules/better-sqlite3/build/Release');
  mkdirSync(release, { recursive: true });
  copyFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), join(release, 'better_sqlite3.node'));
}

/** `npx robo …` in the project, as its user types it; offline, so it can only ever run the installed bin. */
function npx(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['--offline', 'robo', ...args], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_offline: 'true' } });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(() => {
  // dist/ was built by npm test before vitest; --ignore-scripts keeps npm pack from building it again.
  [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as [typeof packed];
  const [plugin] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], join(ROOT, 'examples/robo-plugin-trade-log'))) as [{ filename: string }];
  // robo init from the installed tarball, as `npx robo-trader init` would run it.
  const seed = join(work, 'seed');
  mkdirSync(seed);
  writeFileSync(join(seed, 'package.json'), '{ "name": "seed", "private": true }');
  install([`../${packed.filename}`], seed);
  execFileSync(join(seed, 'node_modules/.bin/robo'), ['init', project], { encoding: 'utf8' });
  // The registry has no robo-trader of this version yet: the project takes it from the tarball instead.
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['robo-trader'] = `file:../${packed.filename}`;
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  install([`../${plugin.filename}`, '@types/node@20', 'typescript@5.9'], project);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the robo-trader tarball', () => {
  it('when packed then it holds what runs — the build, schemas, tables, calendar, example config, README, LICENSE — and no tests, benchmarks or CI', () => {
    const files = packed.files.map((file) => file.path);

    for (const needed of ['dist/core/cli/main.js', 'dist/core/public.d.ts', 'dist/core/public-strategy.d.ts', 'dist/core/market/calendars/XNYS.json', 'dist/plugins/costs/tables/sec-section-31.json', 'schemas/robo.config.schema.json', 'robo.config.yaml', 'README.md', 'LICENSE']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((file) => /^(test|bench|\.ci|examples|dist\/test|dist\/bench)\//.test(file))).toEqual([]);
  });
});

describe('a project made by robo init from the tarball', () => {
  it('when made then its config points the editor at the robo.schema.json beside it and its .gitignore keeps the journal out', () => {
    expect(readFileSync(join(project, 'robo.config.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./robo.schema.json');
    expect(existsSync(join(project, 'robo.schema.json'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/robo-trader/schemas/robo.config.schema.json'))).toBe(true);
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toMatch(/^\.robo\/$/m);
  });

  it('when npx robo --version runs there then it is this Robo, from node_modules/.bin, not a package named robo', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

    const result = npx(['--version']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('when npx robo validate and backtest run there then the config is valid and the backtest prints its JSON summary', () => {
    const validated = npx(['validate', 'robo.config.yaml']);
    const backtested = npx(['backtest', 'robo.config.yaml', '--json']);

    expect(validated.code, validated.stderr).toBe(0);
    expect(backtested.code, backtested.stderr).toBe(0);
    expect(JSON.parse(backtested.stdout)).toMatchObject({ broker: 'sim', end: 'end-of-data' });
  });

  it('when the config names the installed example plugin then npx robo plugins lists it after the built-ins', () => {
    const config = readFileSync(join(project, 'robo.config.yaml'), 'utf8').replace(/^strategies:$/m, 'plugins:\n  - package: robo-plugin-trade-log\n    options: { file: trades.csv }\nstrategies:');
    writeFileSync(join(project, 'with-plugin.yaml'), config);

    const result = npx(['plugins', 'with-plugin.yaml', '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { plugins: { name: string }[] }).plugins.at(-1)?.name).toBe('robo-plugin-trade-log');
  });

  it('when npx robo schema runs on that config then the editor schema holds the installed plugin\'s options', () => {
    const result = npx(['schema', 'with-plugin.yaml', '--out', '-']);

    expect(result.code, result.stderr).toBe(0);
    const schema = JSON.parse(result.stdout) as { definitions: Record<string, { properties: Record<string, unknown> }> };
    expect(Object.keys(schema.definitions['package:robo-plugin-trade-log']?.properties ?? {})).toEqual(['file', 'format', 'vetoes']);
  });

  it('when a plugin and a strategy kind are written against robo-trader/plugin and robo-trader/strategy then they type-check with skipLibCheck off', () => {
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src/plugin.ts'), [
      "import { definePlugin } from 'robo-trader/plugin';",
      'export default definePlugin({',
      "  meta: { name: 'robo-plugin-mine', version: '1.0.0', robo: '^1.0.0' },",
      '  create() {',
      '    return {',
      '      apply(api) {',
      "        api.hooks.afterFill.tap(api.name, ({ execution }) => api.log.info({ price: execution.price.toString() }, 'filled'));",
      '      },',
      '    };',
      '  },',
      '});',
      '',
    ].join('\n'));
    writeFileSync(join(project, 'src/strategy.ts'), [
      "import { ROBO_STRATEGY_API, defineStrategy, type Bar, type Strategy, type StrategyContext, type StrategyKind } from 'robo-trader/strategy';",
      'interface Params { readonly lookback: number }',
      'export const api: string = ROBO_STRATEGY_API;',
      'export const breakout: StrategyKind<Params> = defineStrategy<Params>({',
      "  kind: 'breakout',",
      "  robo: '^1.0.0',",
      "  description: 'buys a close at the highest high of the last bars',",
      "  paramsSchema: { type: 'object', properties: { lookback: { type: 'integer', minimum: 1 } }, required: ['lookback'], additionalProperties: false },",
      '  create(context: StrategyContext, params: Params): Strategy {',
      '    const highs: number[] = [];',
      '    return {',
      '      async onBar(bar: Bar) {',
      '        highs.push(bar.high);',
      '        if (highs.length > params.lookback) highs.shift();',
      "        if (bar.close >= Math.max(...highs) && context.position(bar.symbol).isZero()) {",
      "          const size = context.size(context.limitPrice(bar.close, 'BUY'));",
      "          if (size.quantity.gt(0)) await context.submit({ symbol: bar.symbol, side: 'BUY', quantity: size.quantity, type: 'MKT' });",
      "        }",
      '      },',
      '    };',
      '  },',
      '});',
      '',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, include: ['src'] }));

    const compiled = (() => {
      try {
        return execFileSync(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: project, encoding: 'utf8' });
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    })();

    expect(compiled).toBe('');
  });
});
