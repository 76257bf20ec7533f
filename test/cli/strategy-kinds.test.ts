/**
 * A strategy author's own code as a strategy kind, through the real CLI: a module next to the config
 * (`module: ./x.js`) or an npm package (`kind: robo-strategy-x`) is loaded, its params are checked against
 * its own schema at their line, and it trades like a built-in kind; every way it can fail to load is a
 * config error at its `kind:` or `module:` line, with its code, exit 2, and nothing traded.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';
import { installPackages } from '../support/plugin-packages.js';
import { configNaming, lineOf, moduleProject, strategyKindSource } from '../support/strategy-modules.js';

const backtest = (file: string) => runRobo(['backtest', file, '--json'], { timeoutMs: 60_000 });
const validate = (file: string) => runRobo(['validate', file], { timeoutMs: 30_000 });

describe('a strategy kind from a module next to the config', () => {
  it('when the config names it by module then a backtest runs it, and its bracket trades', async () => {
    // Arrange
    const file = moduleProject(configNaming('module: ./buy-once.js', '{ afterBars: 20, percent: 0.5 }'), { 'buy-once.js': strategyKindSource({ robo: '^1.0.0' }) });

    // Act
    const result = await backtest(file);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { fills: number; orders: { total: number } };
    expect(summary.orders.total).toBeGreaterThanOrEqual(3);
    expect(summary.fills).toBeGreaterThan(0);
  });

  it('when its params leave keys out then create() receives them with its schema\'s defaults filled in', async () => {
    // Arrange: a kind that refuses whatever params it gets, printing them
    const source = strategyKindSource().replace('create(ctx, params) {', 'create(ctx, params) { throw new Error(`got ${JSON.stringify(params)}`);');
    const file = moduleProject(configNaming('module: ./buy-once.js', '{ percent: 2 }'), { 'buy-once.js': source });

    // Act
    const result = await validate(file);

    // Assert
    expect(result.stderr).toContain('got {"percent":2,"afterBars":30}');
  });

  it('when its params break its own schema then robo validate points at the param\'s line, exit 2', async () => {
    // Arrange
    const text = configNaming('module: ./buy-once.js', '\n      afterBars: 0');
    const file = moduleProject(text, { 'buy-once.js': strategyKindSource() });

    // Act
    const result = await validate(file);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'afterBars: 0')}:18 strategies[0].params.afterBars`);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  });

  it('when the file is not there then it is ROBO_ERR_STRATEGY_NOT_FOUND at the module line, and nothing trades', async () => {
    const text = configNaming('module: ./missing.js');
    const file = moduleProject(text, {});

    const result = await backtest(file);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'module:')}:13 strategies[0].module strategy module ./missing.js does not exist`);
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_NOT_FOUND');
  });

  it('when the path leaves the config\'s folder, or a link inside it leads out, then it is ROBO_ERR_STRATEGY_NOT_ALLOWED', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'robo-elsewhere-'));
    writeFileSync(join(outside, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(outside, 'kind.js'), strategyKindSource());
    const up = moduleProject(configNaming(`module: ../${join(outside, 'kind.js').split('/').slice(-2).join('/')}`), {});
    const linked = moduleProject(configNaming('module: ./kind.js'), {});
    symlinkSync(join(outside, 'kind.js'), join(dirname(linked), 'kind.js'));

    const results = await Promise.all([validate(up), validate(linked)]);

    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is outside the folder of the config');
      expect(result.stderr).toContain('ROBO_ERR_STRATEGY_NOT_ALLOWED');
    }
  });

  it('when the module is TypeScript then it says to compile it first, ROBO_ERR_STRATEGY_INVALID', async () => {
    const file = moduleProject(configNaming('module: ./buy-once.ts'), { 'buy-once.ts': strategyKindSource() });

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strategy module ./buy-once.ts is TypeScript, which Node does not run: compile it first');
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_INVALID');
  });

  it('when the module has no default export, or exports something else, then it is ROBO_ERR_STRATEGY_INVALID at its line', async () => {
    const none = moduleProject(configNaming('module: ./named.js'), { 'named.js': 'export const kind = 1;\n' });
    const wrong = moduleProject(configNaming('module: ./wrong.js'), { 'wrong.js': 'export default { kind: "x", description: "no create", paramsSchema: {} };\n' });

    const [noDefault, notAKind] = await Promise.all([validate(none), validate(wrong)]);

    expect(noDefault.code).toBe(2);
    expect(noDefault.stderr).toContain('strategy module ./named.js has no default export');
    expect(notAKind.code).toBe(2);
    expect(notAKind.stderr).toContain('its default export is not a strategy kind: the kind has no create(context, params) function');
    expect(notAKind.stderr).toContain('ROBO_ERR_STRATEGY_INVALID');
  });

  it('when the module is an .mjs file in a folder without a package.json then it loads as an ES module', async () => {
    const file = writeConfig(configNaming('module: ./buy-once.mjs'), { 'buy-once.mjs': strategyKindSource() });

    const result = await validate(file);

    expect(result.code, result.stderr).toBe(0);
  });

  it('when its paramsSchema is not a valid JSON schema then it is the kind\'s error at the module line, not Robo\'s', async () => {
    const text = configNaming('module: ./bad-schema.js');
    const file = moduleProject(text, { 'bad-schema.js': strategyKindSource({ paramsSchema: { type: 'object', properties: { n: { type: 'integr' } } } }) });

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'module:')}:13 strategies[0].module strategy module ./bad-schema.js ships a paramsSchema that is not a valid JSON schema`);
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_INVALID');
  });

  it('when it was written for another strategy API then it is ROBO_ERR_STRATEGY_VERSION_MISMATCH naming both versions', async () => {
    const file = moduleProject(configNaming('module: ./future.js'), { 'future.js': strategyKindSource({ robo: '^2.0.0' }) });

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strategy module ./future.js was written for the Robo strategy API ^2.0.0, but this Robo provides 1.0.0');
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_VERSION_MISMATCH');
  });

  it('when the module\'s path comes from an environment variable and cannot load then the error names the variable, never its value', async () => {
    const file = moduleProject(configNaming('module: ${MY_STRATEGY}'), {});

    const result = await runRobo(['validate', file], { env: { MY_STRATEGY: './hunter2-secret.js' } });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MY_STRATEGY');
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_NOT_FOUND');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('when an entry names both kind and module, or neither, then each is a config error at the entry', async () => {
    const both = configNaming('kind: ma-crossover\n    module: ./buy-once.js');
    const neither = configNaming('# no code named');
    const [bothFile, neitherFile] = [moduleProject(both, { 'buy-once.js': strategyKindSource() }), moduleProject(neither, {})];

    const [twice, none] = await Promise.all([validate(bothFile), validate(neitherFile)]);

    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`${bothFile}:${lineOf(both, 'module:')}:5 strategies[0].module a strategy names its code by kind or by module, not both`);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('strategies[0].kind is required but missing: name the strategy\'s code by kind');
  });
});

describe('a strategy kind of the project\'s own, and its editor schema', () => {
  it('when robo schema wrote the schema with the module\'s params then robo validate is quiet; when the module\'s schema changes it says to run robo schema again', async () => {
    // Arrange
    const file = moduleProject(`# yaml-language-server: $schema=./robo.schema.json\n${configNaming('module: ./buy-once.js')}`, { 'buy-once.js': strategyKindSource() });
    const written = await runRobo(['schema', file]);

    // Act
    const fresh = await validate(file);
    writeFileSync(join(dirname(file), 'buy-once.js'), strategyKindSource({ paramsSchema: { type: 'object', additionalProperties: false, properties: { afterBars: { type: 'integer', minimum: 1, description: 'Bars to wait.' } } } }));
    const stale = await validate(file);

    // Assert
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dirname(file), 'robo.schema.json'), 'utf8')).definitions).toHaveProperty(['module:./buy-once.js']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toBe('');
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toContain('run npx robo schema');
  });
});

describe('a strategy kind from an npm package', () => {
  it('when it is declared and installed then a backtest runs it, with its params checked', async () => {
    const file = writeConfig(configNaming('kind: "@acme/robo-strategy-buy-once"', '{ afterBars: 25 }'));
    installPackages(file, { '@acme/robo-strategy-buy-once': { source: strategyKindSource({ robo: '^1' }) } });

    const result = await backtest(file);

    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { fills: number }).fills).toBeGreaterThan(0);
  });

  it('when it is installed but not declared then it is ROBO_ERR_STRATEGY_NOT_ALLOWED at the kind line', async () => {
    const text = configNaming('kind: robo-strategy-stowaway');
    const file = writeConfig(text);
    installPackages(file, { 'robo-strategy-stowaway': { source: strategyKindSource(), undeclared: true } });

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${lineOf(text, 'kind: robo-strategy')}:11 strategies[0].kind strategy kind robo-strategy-stowaway is not a declared dependency of this project`);
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_NOT_ALLOWED');
  });

  it('when it is declared but not installed then it is ROBO_ERR_STRATEGY_NOT_FOUND', async () => {
    const file = writeConfig(configNaming('kind: robo-strategy-absent'));
    writeFileSync(join(dirname(file), 'package.json'), JSON.stringify({ dependencies: { 'robo-strategy-absent': '1.0.0' } }));

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strategy kind robo-strategy-absent is not installed');
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_NOT_FOUND');
  });

  it('when a kind is neither built in nor named like a package then it is unknown, with a word on packages and modules', async () => {
    const file = writeConfig(configNaming('kind: ma-crosover', '{ fast: 5, slow: 20 }'));

    const result = await validate(file);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown strategy kind "ma-crosover"; did you mean "ma-crossover"?');
    expect(result.stderr).toContain('robo-strategy-<name>');
    expect(result.stderr).toContain('ROBO_ERR_STRATEGY_UNKNOWN');
  });

  it('when two strategies run the same package then it loads once and both trade', async () => {
    const text = configNaming('kind: robo-strategy-buy-once').replace('sizing: { quantity: 100 }', 'sizing: { quantity: 100 }\n  - id: twin\n    kind: robo-strategy-buy-once\n    symbols: [SPY]\n    params: { afterBars: 40 }\n    sizing: { quantity: 50 }');
    const file = writeConfig(text);
    installPackages(file, { 'robo-strategy-buy-once': { source: strategyKindSource() } });

    const result = await backtest(file);

    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { orders: { total: number } }).orders.total).toBeGreaterThanOrEqual(6);
  });
});
