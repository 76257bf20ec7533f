/**
 * Loading third-party plugins from a config: every way an entry can be wrong is refused before
 * anything trades, with its code and the line and column of the entry (or of the option) at fault.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCliConfig } from '../../../core/cli/load.js';
import { isRoboError, type RoboError } from '../../../core/domain/errors.js';
import { guardConfig, writeGuardConfig } from '../../support/pipeline.js';
import { installPackages, pluginSource, type FakePackage } from '../../support/plugin-packages.js';

const ok = (name: string, meta: { robo?: string; dependencies?: readonly string[] } = {}, schema?: object): FakePackage =>
  ({ source: pluginSource(name, 'return { apply() {} };', meta, schema) });

/** A guard config with a `plugins:` section; returns the file and the line the section starts on. */
function configWith(plugins: string, packages: Readonly<Record<string, FakePackage>>): string {
  const text = guardConfig().replace('strategies:\n', `plugins:\n${plugins}strategies:\n`);
  const file = writeGuardConfig(text);
  installPackages(file, packages);
  return file;
}

/** The 1-based line of the first line of the config that contains `text`. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

async function failure(file: string): Promise<RoboError> {
  const error = await loadCliConfig(file).then(() => undefined, (e: unknown) => e);
  if (!isRoboError(error)) throw new Error(`expected a RoboError, got ${String(error)}`);
  return error;
}

describe('loading third-party plugins', () => {
  it('when a plugin is installed, declared and well-formed then it loads with its meta', async () => {
    const file = configWith('  - package: robo-plugin-a\n', { 'robo-plugin-a': ok('robo-plugin-a') });

    const { plugins } = await loadCliConfig(file);

    expect(plugins.map((p) => [p.package, p.plugin.meta.version])).toEqual([['robo-plugin-a', '1.0.0']]);
  });

  it('when the package is not installed then ROBO_ERR_PLUGIN_NOT_FOUND points at its entry', async () => {
    const file = configWith('  - package: robo-plugin-missing\n', {});
    // Declared but not installed: a package.json that lists it, no folder.
    writeFileSync(file.replace('robo.config.yaml', 'package.json'), JSON.stringify({ dependencies: { 'robo-plugin-missing': '1.0.0' } }));

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_NOT_FOUND');
    expect(error.details[0]).toMatch(new RegExp(`^${escape(file)}:${lineOf(file, 'robo-plugin-missing')}:14 plugins\\[0\\]\\.package plugin robo-plugin-missing is not installed`));
  });

  it('when the package sits in node_modules but the project does not declare it then it is refused (allowlist)', async () => {
    const file = configWith('  - package: robo-plugin-stowaway\n', { 'robo-plugin-stowaway': { ...ok('robo-plugin-stowaway'), undeclared: true } });

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_NOT_ALLOWED');
  });

  it('when the plugin wants another plugin API then ROBO_ERR_PLUGIN_VERSION_MISMATCH names both versions', async () => {
    const file = configWith('  - package: robo-plugin-future\n', { 'robo-plugin-future': ok('robo-plugin-future', { robo: '^2.0.0' }) });

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_VERSION_MISMATCH');
    expect(error.details[0]).toContain('was written for the Robo plugin API ^2.0.0, but this Robo provides 1.0.0');
  });

  it('when a plugin is listed twice then ROBO_ERR_PLUGIN_DUPLICATE points at the second entry', async () => {
    const file = configWith('  - package: robo-plugin-a\n  - package: robo-plugin-a\n', { 'robo-plugin-a': ok('robo-plugin-a') });

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_DUPLICATE');
    expect(error.details).toEqual([expect.stringMatching(new RegExp(`:${lineOf(file, 'robo-plugin-a') + 1}:14 plugins\\[1\\]\\.package plugin robo-plugin-a is already listed as plugins\\[0\\]`))]);
  });

  it('when a plugin depends on one listed after it then ROBO_ERR_PLUGIN_DEPENDENCY; listed before, it loads', async () => {
    const packages = { 'robo-plugin-a': ok('robo-plugin-a'), 'robo-plugin-b': ok('robo-plugin-b', { dependencies: ['robo-plugin-a', 'robo:risk-limits'] }) };
    const wrong = configWith('  - package: robo-plugin-b\n  - package: robo-plugin-a\n', packages);
    const right = configWith('  - package: robo-plugin-a\n  - package: robo-plugin-b\n', packages);

    const error = await failure(wrong);
    const loaded = await loadCliConfig(right);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_DEPENDENCY');
    expect(error.details[0]).toContain('plugin robo-plugin-b needs robo-plugin-a');
    expect(loaded.plugins.map((p) => p.package)).toEqual(['robo-plugin-a', 'robo-plugin-b']);
  });

  it.each([
    ['a default export that is not a plugin', 'export default 42;', 'its default export is not a Robo plugin'],
    ['a meta.name that is not its package name', pluginSource('robo-plugin-other', 'return { apply() {} };'), 'calls itself "robo-plugin-other"'],
    ['a built-in name', pluginSource('robo:risk-limits', 'return { apply() {} };'), 'only built-in plugins may use'],
    ['a module that throws when imported', 'throw new Error("boom at import");', 'could not be imported'],
    ['an options schema ajv cannot compile', pluginSource('robo-plugin-x', 'return { apply() {} };', {}, { type: 'object', properties: { n: { type: 'integr' } } }), 'not a valid JSON schema'],
  ])('when the package has %s then ROBO_ERR_PLUGIN_INVALID says so', async (_what, source, words) => {
    const file = configWith('  - package: robo-plugin-x\n', { 'robo-plugin-x': { source } });

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_PLUGIN_INVALID');
    expect(error.details[0]).toContain(words);
  });

  it('when options break the plugin\'s schema then they are config errors at the option\'s line and column', async () => {
    const schema = { type: 'object', additionalProperties: false, properties: { every: { type: 'integer', minimum: 1, description: 'minutes between reports' } } };
    const file = configWith('  - package: robo-plugin-a\n    options:\n      every: 0\n      colour: red\n', { 'robo-plugin-a': ok('robo-plugin-a', {}, schema) });

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((d) => d.split('\n')[0])).toEqual([
      `${file}:${lineOf(file, 'every: 0')}:14 plugins[0].options.every must be >= 1, was 0`,
      `${file}:${lineOf(file, 'colour: red')}:7 plugins[0].options.colour unknown key "colour"; allowed keys are every`,
    ]);
  });

  it('when a plugin is named by a path, URL or git reference then the schema refuses it and nothing is imported', async () => {
    const file = configWith('  - package: ../evil\n  - package: git+https://example.com/x.git\n', {});

    const error = await failure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toHaveLength(2);
    expect(error.details.every((d) => d.includes('.package must match the pattern'))).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
