/**
 * `robo schema <config> [--out FILE]`: writes the schema an editor checks the config against — the config
 * schema with the params of every installed strategy kind and the options of every plugin the config
 * names — so a wrong plugin option is underlined as it is typed, not found at `robo validate`. The
 * config's `# yaml-language-server: $schema=` line points at the file (`robo init` writes both).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { RoboError, messageOf } from '../../domain/errors.js';
import { fileProblem } from '../../file-problem.js';
import { createAjv } from '../../config/ajv.js';
import { editorSchema, type SchemaOwner } from '../../config/editor-schema.js';
import { loadConfigPlugins } from '../../config/load.js';
import type { LoadedPlugin, PluginLoad } from '../../host/load-plugins.js';
import { BUILTIN_PLUGINS } from '../../../plugins/index.js';
import { STRATEGY_KINDS } from '../../../strategies/index.js';
import { ROBO_VERSION } from '../../robo-version.js';
import { shownFromHere } from '../shown-path.js';

/** The file `robo schema` writes next to the config unless told otherwise, and `robo init` points at. */
export const EDITOR_SCHEMA_FILE = 'robo.schema.json';

/** The comment line the YAML language server (VS Code, Neovim, JetBrains, …) reads a file's schema from. */
export const MODELINE_PREFIX = '# yaml-language-server: $schema=';

export async function schemaCommand(config: string, options: { out?: string }): Promise<void> {
  const builtins = BUILTIN_PLUGINS.map((b) => b.plugin.name);
  const { plugins } = await loadConfigPlugins(config, async (file, requests): Promise<PluginLoad> => {
    if (requests.length === 0) return { plugins: [], schemas: new Map(), problems: [] };
    const { loadPluginPackages } = await import('../../host/load-plugins.js');
    return loadPluginPackages(file, requests, builtins);
  });
  const text = editorSchemaText(basename(config), plugins);
  if (options.out === '-') {
    process.stdout.write(text);
    return;
  }
  const target = resolve(options.out ?? join(dirname(config), EDITOR_SCHEMA_FILE));
  writeAtomically(target, text, options.out ?? EDITOR_SCHEMA_FILE);
  const kinds = [...STRATEGY_KINDS.keys()];
  const withOptions = plugins.filter((p) => p.plugin.optionsSchema !== undefined).map((p) => `${p.package} ${p.plugin.meta.version}`);
  process.stdout.write(`wrote ${shownFromHere(target)}: the config schema of robo-trader ${ROBO_VERSION}, with the params of ${count(kinds.length, 'strategy kind')} (${kinds.join(', ')}) and ${withOptions.length === 0 ? 'no plugin options (the config names no plugin that has any)' : `the options of ${count(withOptions.length, 'plugin')} (${withOptions.join(', ')})`}\n`);
  const hint = await modelineHint(config, target);
  if (hint !== undefined) process.stdout.write(hint);
}

/** The schema file's text for a config named `configName` with these third-party plugins loaded. */
export function editorSchemaText(configName: string, plugins: readonly LoadedPlugin[]): string {
  const strategyKinds: SchemaOwner[] = [...STRATEGY_KINDS.values()].map((kind) => ({ name: kind.kind, schema: kind.paramsSchema }));
  const owners: SchemaOwner[] = plugins.map((p) => ({ name: p.package, version: p.plugin.meta.version, schema: p.plugin.optionsSchema }));
  let schema: object;
  try {
    schema = editorSchema({ roboVersion: ROBO_VERSION, configName, strategyKinds, plugins: owners });
  } catch (error) {
    throw new RoboError('ROBO_ERR_PLUGIN_INVALID', `a plugin's options schema cannot be written as JSON: ${messageOf(error)}`);
  }
  // What is written must be a schema an editor can use: two plugins claiming one $id would break it for both.
  try {
    createAjv().compile(schema);
  } catch (error) {
    if (!owners.some((owner) => owner.schema !== undefined)) throw new RoboError('ROBO_ERR_INTERNAL', `the editor schema is not a valid schema: ${messageOf(error)}`, { cause: error });
    throw new RoboError('ROBO_ERR_PLUGIN_INVALID', `the plugins' options schemas do not fit in one schema: ${messageOf(error)}`, {
      details: ['  each plugin\'s optionsSchema needs its own $id (or none); ask the plugin\'s author'],
    });
  }
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Written beside, then renamed: an editor watching the file never reads half of it. */
function writeAtomically(target: string, text: string, written: string): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, target);
  } catch (error) {
    removeIfThere(temporary);
    throw new RoboError('ROBO_ERR_USAGE', `cannot write ${written}: ${fileProblem(error)}`, { details: ['  choose a file you can write with --out FILE, or --out - for stdout'] });
  }
}

function removeIfThere(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Never made (its folder is not a folder): nothing to remove.
  }
}

/** Says how to point the config at the schema when its `$schema=` line points elsewhere, or it has none. */
async function modelineHint(config: string, target: string): Promise<string | undefined> {
  const dir = dirname(resolve(config));
  const text = await readFile(config, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(MODELINE_PREFIX));
  const wanted = relative(dir, target);
  const spelled = wanted.startsWith('..') || wanted.startsWith('/') ? target : `./${wanted}`;
  if (line !== undefined && resolve(dir, line.slice(MODELINE_PREFIX.length).trim()) === target) return undefined;
  const change = line === undefined ? 'make this its first line' : `change its line ${JSON.stringify(line.trim())} to`;
  return `${basename(config)} does not point at it yet; ${change}:\n  ${MODELINE_PREFIX}${spelled}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
