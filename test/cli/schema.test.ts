/**
 * `robo schema <config>` as a user runs it: the schema an editor checks the config against, with the
 * installed strategy kinds' params and the options of the plugins the config names. The written file
 * is checked here with ajv directly — the way any JSON Schema tool would read it — and in
 * schema-editor.test.ts by the YAML language server itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROBO, collect, runRobo, sampleConfig, writeConfig } from '../support/cli.js';
import { ALERTS_OPTIONS_SCHEMA, installPackages, pluginSource } from '../support/plugin-packages.js';

function projectWithAlerts(pluginsYaml: string, strategiesYaml?: string): string {
  const config = writeConfig(sampleConfig(strategiesYaml === undefined ? {} : { strategies: strategiesYaml }).replace('strategies:\n', `plugins:\n${pluginsYaml}strategies:\n`));
  installPackages(config, {
    'robo-plugin-alerts': { source: pluginSource('robo-plugin-alerts', 'return { apply() {} };', {}, ALERTS_OPTIONS_SCHEMA) },
    'robo-plugin-quiet': { source: pluginSource('robo-plugin-quiet', 'return { apply() {} };') },
  });
  return config;
}

/** Checks a config's text against a written schema file the way an editor's validator would. */
function errorsOf(schemaFile: string, configText: string): ErrorObject[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return validate(parse(configText)) ? [] : validate.errors ?? [];
}

const PLUGINS = '  - package: robo-plugin-alerts\n    options: { channel: ops, level: warn }\n  - package: robo-plugin-quiet\n';

describe('robo schema', () => {
  it('when the config names plugins then it writes robo.schema.json next to it, holding their options and the kinds\' params', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);
    const schemaFile = join(dirname(config), 'robo.schema.json');

    // Act
    const result = await runRobo(['schema', config]);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('robo.schema.json: the config schema of robo-trader 0.1.0, with the params of 7 strategy kinds (ma-crossover, rules, rsi-reversion, donchian-breakout, bollinger-reversion, rebalance, buy-and-hold) and the options of 1 plugin (robo-plugin-alerts 1.0.0)');
    expect(errorsOf(schemaFile, readFileSync(config, 'utf8'))).toEqual([]);
    const text = readFileSync(config, 'utf8');
    const badOption = errorsOf(schemaFile, text.replace('level: warn', 'level: loud'));
    expect(badOption.map((e) => e.instancePath)).toContain('/plugins/0/options/level');
    const unknownOption = errorsOf(schemaFile, text.replace('channel: ops', 'chanel: ops'));
    expect(unknownOption.some((e) => e.instancePath === '/plugins/0/options' && e.params.additionalProperty === 'chanel')).toBe(true);
    const badParam = errorsOf(schemaFile, text.replace('fast: 5', 'fast: -5'));
    expect(badParam.map((e) => e.instancePath)).toContain('/strategies/0/params/fast');
    const unknownKind = errorsOf(schemaFile, text.replace('kind: ma-crossover', 'kind: ma-crosover'));
    expect(unknownKind.map((e) => e.instancePath)).toContain('/strategies/0/kind');
  });

  it('when the config has mistakes besides its plugins then it still writes the schema: that is when an editor helps most', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);
    writeFileSync(config, readFileSync(config, 'utf8').replace('startingCash: 100000', 'startingCash: lots').replace('days: 2', 'dayz: 2'));

    // Act
    const result = await runRobo(['schema', config]);
    const validated = await runRobo(['validate', config]);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dirname(config), 'robo.schema.json'))).toBe(true);
    expect(validated.code).toBe(2);
  });

  it('when a plugin the config names is not installed then it refuses with exit 2 at that entry\'s line, and writes nothing', async () => {
    // Arrange
    const config = projectWithAlerts('  - package: robo-plugin-alerts\n    options: { channel: ops }\n  - package: robo-plugin-missing\n');
    const line = readFileSync(config, 'utf8').split('\n').findIndex((l) => l.includes('robo-plugin-missing')) + 1;

    // Act
    const result = await runRobo(['schema', config]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`robo.config.yaml:${line}:`);
    expect(result.stderr).toContain('robo-plugin-missing');
    expect(existsSync(join(dirname(config), 'robo.schema.json'))).toBe(false);
  });

  it('when run twice then the file is the same byte for byte, so it can be committed', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);
    const schemaFile = join(dirname(config), 'robo.schema.json');

    // Act
    await runRobo(['schema', config]);
    const first = readFileSync(schemaFile, 'utf8');
    const again = await runRobo(['schema', config]);

    // Assert
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(schemaFile, 'utf8')).toBe(first);
  });

  it('when given --out - then stdout is the schema alone, and no file is written', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);

    // Act
    const result = await runRobo(['schema', config, '--out', '-']);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { $comment: string }).$comment).toContain('robo-plugin-alerts 1.0.0');
    expect(existsSync(join(dirname(config), 'robo.schema.json'))).toBe(false);
  });

  it('when the config does not point at the schema then it says which first line to add; when it does, it says nothing more', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);

    // Act
    const without = await runRobo(['schema', config]);
    writeFileSync(config, `# yaml-language-server: $schema=./robo.schema.json\n${readFileSync(config, 'utf8')}`);
    const pointed = await runRobo(['schema', config]);

    // Assert
    expect(without.stdout).toContain('robo.config.yaml does not point at it yet; make this its first line:\n  # yaml-language-server: $schema=./robo.schema.json\n');
    expect(pointed.stdout).not.toContain('does not point at it');
  });

  it('when --out names a folder or a path through a file then it refuses with exit 2 in words, and leaves no temporary file behind', async () => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);
    const dir = dirname(config);
    mkdirSync(join(dir, 'schemas'));

    // Act
    const intoFolder = await runRobo(['schema', config, '--out', join(dir, 'schemas')]);
    const throughFile = await runRobo(['schema', config, '--out', join(dir, 'package.json', 'robo.schema.json')]);

    // Assert
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.stderr).toMatch(/^robo: cannot write .*schemas: it is a folder, not a file/);
    expect(intoFolder.stderr).toContain('ROBO_ERR_USAGE');
    expect(throughFile.code).toBe(2);
    expect(throughFile.stderr).toMatch(/^robo: cannot write .*robo\.schema\.json: a part of the path is not a folder/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'schemas'))).toEqual([]);
  });

  it('when the config runs with plugins the schema was not written for then robo validate says to run robo schema again, and still passes', async () => {
    // Arrange
    const config = projectWithAlerts('  - package: robo-plugin-quiet\n');
    writeFileSync(config, `# yaml-language-server: $schema=./robo.schema.json\n${readFileSync(config, 'utf8')}`);
    await runRobo(['schema', config]);
    const current = await runRobo(['validate', config]);

    // Act
    writeFileSync(config, readFileSync(config, 'utf8').replace('plugins:\n', `plugins:\n${PLUGINS.split('  - package: robo-plugin-quiet')[0] ?? ''}`));
    const stale = await runRobo(['validate', config]);

    // Assert
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).not.toContain('editor schema');
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toContain('robo: note: the editor schema robo.schema.json checks other plugins\' options or another Robo\'s settings than this config runs with; run npx robo schema robo.config.yaml, so your editor checks what Robo checks');
  });

  it('when the config points the editor at a schema file that is not there then robo validate says so', async () => {
    // Arrange
    const config = writeConfig(`# yaml-language-server: $schema=./robo.schema.json\n${sampleConfig()}`);

    // Act
    const result = await runRobo(['validate', config]);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('robo: note: the editor schema robo.schema.json that robo.config.yaml points at does not exist; run npx robo schema robo.config.yaml');
  });

  it('when the config points at a schema of its own or at a URL then robo validate leaves it alone', async () => {
    // Arrange
    const own = writeConfig(`# yaml-language-server: $schema=./mine.json\n${sampleConfig()}`, { 'mine.json': '{"type":"object"}' });
    const url = writeConfig(`# yaml-language-server: $schema=https://example.com/robo.json\n${sampleConfig()}`);

    // Act
    const results = await Promise.all([runRobo(['validate', own]), runRobo(['validate', url])]);

    // Assert
    for (const result of results) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('editor schema');
    }
  });

  it.each([
    ['the config itself', 'robo.config.yaml'],
    ['a file of the user\'s own', 'package.json'],
  ])('when --out names %s then it refuses with exit 2 and leaves that file as it was', async (_name, target) => {
    // Arrange
    const config = projectWithAlerts(PLUGINS);
    const file = join(dirname(config), target);
    const before = readFileSync(file, 'utf8');

    // Act
    const result = await runRobo(['schema', config, '--out', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^robo: .* is not a schema robo schema wrote; it was left as it is/);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('when the config is still empty but for its schema line then it writes the schema, so the editor helps from the first key', async () => {
    // Arrange
    const config = writeConfig('# yaml-language-server: $schema=./robo.schema.json\n');

    // Act
    const result = await runRobo(['schema', config]);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dirname(config), 'robo.schema.json'))).toBe(true);
    expect(result.stdout).not.toContain('does not point at it');
  });

  it('when a link waits where a temporary file of its could be then it never writes through it', async () => {
    // Arrange: a link planted at the name the process's pid would give, pointing at a file of the user's.
    const config = projectWithAlerts(PLUGINS);
    const dir = dirname(config);
    writeFileSync(join(dir, 'victim.txt'), 'precious\n');
    const command = `ln -s victim.txt .robo.schema.json.$$.tmp; exec "${process.execPath}" "${ROBO}" schema robo.config.yaml`;

    // Act
    const result = await collect(spawn('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }), 20_000);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(dir, 'robo.schema.json')).isFile()).toBe(true);
  });

  it('when a plugin\'s package name holds an unset variable then it says the variable is not set, at its line', async () => {
    // Arrange
    const config = projectWithAlerts('  - package: robo-plugin-${ROBO_UNSET_PLUGIN}\n');

    // Act
    const result = await runRobo(['schema', config]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_UNSET_PLUGIN');
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_ENV_MISSING');
    expect(existsSync(join(dirname(config), 'robo.schema.json'))).toBe(false);
  });
});
