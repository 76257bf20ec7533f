/**
 * What a strategy author sees in their editor: the YAML language server (the one VS Code's YAML
 * extension runs) reads the config's `$schema=` line, loads the file `robo schema` or `robo init` wrote,
 * and underlines a wrong plugin option or strategy param as it is typed — at its line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runRobo, sampleConfig, writeConfig } from '../support/cli.js';
import { ALERTS_OPTIONS_SCHEMA, installPackages, pluginSource } from '../support/plugin-packages.js';
import { configNaming, moduleProject, strategyKindSource } from '../support/strategy-modules.js';
import { startYamlEditor, type YamlEditor } from '../support/yaml-editor.js';

let editor: YamlEditor;
let project = '';

beforeAll(async () => {
  const config = writeConfig(`# yaml-language-server: $schema=./robo.schema.json\n${sampleConfig().replace('strategies:\n', 'plugins:\n  - package: "@acme/robo-plugin-alerts"\n    options:\n      channel: ops\n      level: warn\nstrategies:\n')}`);
  installPackages(config, { '@acme/robo-plugin-alerts': { source: pluginSource('@acme/robo-plugin-alerts', 'return { apply() {} };', {}, ALERTS_OPTIONS_SCHEMA) } });
  const written = await runRobo(['schema', config]);
  if (written.code !== 0) throw new Error(written.stderr);
  project = dirname(config);
  editor = await startYamlEditor(project);
}, 30_000);

afterAll(async () => {
  await editor.close();
});

/** A copy of the project's config with one change, as if the author had just typed it. */
function edited(name: string, change: (text: string) => string): { file: string; lineOf: (needle: string) => number } {
  const text = change(readFileSync(join(project, 'robo.config.yaml'), 'utf8'));
  const file = join(project, name);
  writeFileSync(file, text);
  return { file, lineOf: (needle) => text.split('\n').findIndex((line) => line.includes(needle)) };
}

describe('the config in an editor, against the schema robo schema wrote', () => {
  it('when the config is right then the editor reports nothing', async () => {
    // Arrange
    const { file } = edited('right.yaml', (text) => text);

    // Act
    const diagnostics = await editor.diagnostics(file);

    // Assert
    expect(diagnostics).toEqual([]);
  });

  it('when a plugin option is wrong then the editor underlines it at its line', async () => {
    // Arrange
    const { file, lineOf } = edited('plugin-option.yaml', (text) => text.replace('level: warn', 'level: loud').replace('channel: ops', 'chanel: ops'));

    // Act
    const diagnostics = await editor.diagnostics(file);

    // Assert
    const lines = diagnostics.map((d) => d.range.start.line);
    expect(lines).toContain(lineOf('level: loud'));
    expect(lines).toContain(lineOf('chanel: ops'));
  });

  it('when a strategy param is wrong then the editor underlines it at its line', async () => {
    // Arrange
    const { file, lineOf } = edited('strategy-param.yaml', (text) => text.replace('fast: 5', 'fast: -5'));

    // Act
    const diagnostics = await editor.diagnostics(file);

    // Assert
    expect(diagnostics.map((d) => d.range.start.line)).toContain(lineOf('fast: -5'));
  });

  it('when the author asks for completion inside a plugin\'s options then the editor offers that plugin\'s keys not yet written', async () => {
    // Arrange
    const { file, lineOf } = edited('complete.yaml', (text) => text.replace('      level: warn\n', '      \n'));
    const line = lineOf('channel: ops') + 1;

    // Act
    const items = await editor.complete(file, line, 6);

    // Assert
    expect(items.map((item) => item.label)).toEqual(['level']);
  });
});

describe('strategy kinds in an editor', () => {
  it('when the author asks for completion at kind: then the editor offers the built-in kinds', async () => {
    // Arrange
    const { file, lineOf } = edited('complete-kind.yaml', (text) => text.replace('kind: ma-crossover', 'kind: '));
    const line = lineOf('    kind: ');

    // Act
    const items = await editor.complete(file, line, 10);

    // Assert
    expect(items.map((item) => item.label)).toContain('ma-crossover');
  });

  it('when the author asks for completion inside a built-in kind\'s params then the editor offers its keys', async () => {
    // Arrange
    const { file, lineOf } = edited('complete-params.yaml', (text) => text.replace('params: { fast: 5, slow: 20 }', 'params:\n      \n    '));
    const line = lineOf('    params:') + 1;

    // Act
    const items = await editor.complete(file, line, 6);

    // Assert
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['fast', 'slow', 'exits']));
  });

  it('when the author writes a rules strategy then the editor offers the indicators, and underlines a wrong setting of one at its line', async () => {
    // Arrange: the author has typed the first letter of an indicator under the name it will have
    const rules = (indicator: string): string => `kind: rules\n    indicators:\n      trend:\n        ${indicator}\n    entry: { long: "close > trend" }`;
    const completing = edited('complete-indicator.yaml', (text) => text.replace('kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 5, slow: 20 }', `${rules('s')}\n    symbols: [SPY]`));
    const wrong = edited('wrong-indicator.yaml', (text) => text.replace('kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 5, slow: 20 }', `${rules('sma: { period: 0 }')}\n    symbols: [SPY]`));

    // Act
    const items = await editor.complete(completing.file, completing.lineOf('trend:') + 1, 9);
    const diagnostics = await editor.diagnostics(wrong.file);

    // Assert
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['sma', 'ema', 'rsi', 'macd', 'bollinger', 'vwap']));
    expect(diagnostics.map((d) => d.range.start.line)).toContain(wrong.lineOf('period: 0'));
  });

  it('when the kind is an npm package or the code a module then the editor accepts them, and still checks a built-in kind\'s name', async () => {
    // Arrange
    const { file: packaged } = edited('kind-package.yaml', (text) => text.replace('kind: ma-crossover', 'kind: "@acme/robo-strategy-gap-fade"'));
    const { file: module } = edited('kind-module.yaml', (text) => text.replace('kind: ma-crossover', 'module: ./strategies/gap-fade.js'));
    const { file: typo, lineOf } = edited('kind-typo.yaml', (text) => text.replace('kind: ma-crossover', 'kind: ma-crosover'));

    // Act
    const [fromPackage, fromModule, mistyped] = [await editor.diagnostics(packaged), await editor.diagnostics(module), await editor.diagnostics(typo)];

    // Assert
    expect(fromPackage).toEqual([]);
    expect(fromModule).toEqual([]);
    expect(mistyped.map((d) => d.range.start.line)).toContain(lineOf('kind: ma-crosover'));
  });

  it('when an entry names both a kind and a module then the editor reports it', async () => {
    // Arrange
    const { file } = edited('kind-and-module.yaml', (text) => text.replace('kind: ma-crossover', 'kind: ma-crossover\n    module: ./mine.js'));

    // Act
    const diagnostics = await editor.diagnostics(file);

    // Assert
    expect(diagnostics.length).toBeGreaterThan(0);
  });
});

describe('a project whose strategy is a module of its own, in an editor', () => {
  it('when robo schema wrote its schema then the module\'s params complete and a wrong one is underlined at its line', async () => {
    // Arrange
    const text = `# yaml-language-server: $schema=./robo.schema.json\n${configNaming('module: ./buy-once.js', '\n      afterBars: 10\n      percent: 1')}`;
    const config = moduleProject(text, { 'buy-once.js': strategyKindSource() });
    const written = await runRobo(['schema', config]);
    const dir = dirname(config);
    const moduleEditor = await startYamlEditor(dir);
    const broken = join(dir, 'broken.yaml');
    const brokenText = text.replace('percent: 1', 'percent: 50');
    writeFileSync(broken, brokenText);
    const completing = join(dir, 'completing.yaml');
    const completingText = text.replace('      percent: 1\n', '      \n');
    writeFileSync(completing, completingText);

    // Act
    const clean = await moduleEditor.diagnostics(config);
    const reported = await moduleEditor.diagnostics(broken);
    const items = await moduleEditor.complete(completing, completingText.split('\n').findIndex((line) => line.includes('afterBars: 10')) + 1, 6);
    await moduleEditor.close();

    // Assert
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('./buy-once.js');
    expect(clean).toEqual([]);
    expect(reported.map((d) => d.range.start.line)).toContain(brokenText.split('\n').findIndex((line) => line.includes('percent: 50')));
    expect(items.map((item) => item.label)).toEqual(['percent']);
  });
});

describe('a project robo init made, in an editor', () => {
  it('when opened then its config finds robo.schema.json and the editor reports nothing, before anything is installed', async () => {
    // Arrange
    const dir = join(mkdtempSync(join(tmpdir(), 'robo-init-editor-')), 'my-robo');
    const made = await runRobo(['init', dir]);
    const initEditor = await startYamlEditor(dir);

    // Act
    const clean = await initEditor.diagnostics(join(dir, 'robo.config.yaml'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(join(dir, 'robo.config.yaml'), 'utf8').replace('fast: 5', 'fast: five'));
    const reported = await initEditor.diagnostics(broken);
    await initEditor.close();

    // Assert
    expect(made.code, made.stderr).toBe(0);
    expect(clean).toEqual([]);
    expect(reported.length).toBeGreaterThan(0);
  });
});

describe('the published schema (schemas/robo.config.schema.json), in an editor', () => {
  it('when the example config points at it then the editor reports nothing, and a wrong strategy param at its line', async () => {
    // Arrange
    const checkout = await startYamlEditor(ROOT);
    const broken = join(ROOT, `.editor-check-${process.pid}.yaml`);
    const text = readFileSync(join(ROOT, 'robo.config.yaml'), 'utf8');
    writeFileSync(broken, text.replace('fast: 10', 'fast: ten'));

    // Act
    const clean = await checkout.diagnostics(join(ROOT, 'robo.config.yaml'));
    const reported = await checkout.diagnostics(broken).finally(() => rmSync(broken, { force: true }));
    await checkout.close();

    // Assert
    expect(clean).toEqual([]);
    expect(reported.map((d) => d.range.start.line)).toEqual([text.split('\n').findIndex((line) => line.includes('fast: 10'))]);
  });
});
