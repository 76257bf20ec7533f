/**
 * `robo schema <config> [--out FILE]`: writes the schema an editor checks the config against — the config
 * schema with the params of every installed strategy kind and the options of every plugin the config
 * names — so a wrong plugin option is underlined as it is typed, not found at `robo validate`. The
 * config's `# yaml-language-server: $schema=` line points at the file (`robo init` writes both).
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { RoboError } from '../../domain/errors.js';
import { fileProblem } from '../../file-problem.js';
import { MAX_CONFIG_BYTES, loadConfigExtensions } from '../../config/load.js';
import { readSmallText } from '../../config/read-text.js';
import type { PluginLoad } from '../../host/load-plugins.js';
import { ROBO_VERSION } from '../../robo-version.js';
import { BUILTIN_PLUGINS } from '../../../plugins/index.js';
import { STRATEGY_KINDS } from '../../../strategies/index.js';
import type { StrategyLoad } from '../../../strategies/load-kinds.js';
import { EDITOR_SCHEMA_FILE, MODELINE_PREFIX, editorSchemaText, isEditorSchemaText, schemaLineTarget } from '../editor-schema-file.js';
import { shownFromHere } from '../shown-path.js';

export async function schemaCommand(config: string, options: { out?: string }): Promise<void> {
  const builtins = BUILTIN_PLUGINS.map((b) => b.plugin.name);
  const { plugins: { plugins }, strategies } = await loadConfigExtensions(config, {
    plugins: async (file, requests): Promise<PluginLoad> => {
      if (requests.length === 0) return { plugins: [], schemas: new Map(), problems: [] };
      const { loadPluginPackages } = await import('../../host/load-plugins.js');
      return loadPluginPackages(file, requests, builtins);
    },
    strategies: async (file, requests): Promise<StrategyLoad> => {
      if (requests.length === 0) return { kinds: new Map(), problems: [] };
      const { loadStrategyKinds } = await import('../../../strategies/load-kinds.js');
      return loadStrategyKinds(file, requests);
    },
    builtinKinds: STRATEGY_KINDS,
  });
  const strategyKinds = new Map([...STRATEGY_KINDS, ...strategies.kinds]);
  const text = editorSchemaText(basename(config), { plugins, strategyKinds });
  if (options.out === '-') {
    process.stdout.write(text);
    return;
  }
  const target = resolve(options.out ?? join(dirname(config), EDITOR_SCHEMA_FILE));
  await requireReplaceable(target, options.out ?? EDITOR_SCHEMA_FILE);
  writeAtomically(target, text, options.out ?? EDITOR_SCHEMA_FILE);
  const kinds = [...strategyKinds.keys()];
  const withOptions = plugins.filter((p) => p.plugin.optionsSchema !== undefined).map((p) => `${p.package} ${p.plugin.meta.version}`);
  process.stdout.write(`wrote ${shownFromHere(target)}: the config schema of robo-trader ${ROBO_VERSION}, with the params of ${count(kinds.length, 'strategy kind')} (${kinds.join(', ')}) and ${withOptions.length === 0 ? 'no plugin options (the config names no plugin that has any)' : `the options of ${count(withOptions.length, 'plugin')} (${withOptions.join(', ')})`}\n`);
  const hint = await modelineHint(config, target);
  if (hint !== undefined) process.stdout.write(hint);
}

/**
 * Only a schema robo schema wrote is replaced: `--out` naming the config, a file of the user's own or a
 * link would otherwise be overwritten without a word. Anything else there is refused and left as it is.
 */
async function requireReplaceable(target: string, written: string): Promise<void> {
  let stat: Stats | undefined;
  try {
    stat = lstatSync(target, { throwIfNoEntry: false });
  } catch {
    return; // a path through a file, say: the write says what is wrong, in words
  }
  // Nothing there, or a folder (the write says so in words): nothing of the user's is at stake.
  if (stat === undefined || stat.isDirectory()) return;
  const read = stat.isFile() ? await readSmallText(target, MAX_SCHEMA_FILE_BYTES) : undefined;
  if (read?.ok === true && isEditorSchemaText(read.text)) return;
  throw new RoboError('ROBO_ERR_USAGE', `${written} is not a schema robo schema wrote; it was left as it is`, {
    details: ['  choose another file with --out FILE (robo schema replaces only its own), or --out - for stdout'],
  });
}

/** A schema file is a few hundred kilobytes; anything far larger is not one of ours. */
const MAX_SCHEMA_FILE_BYTES = 16 * 1024 * 1024;

/** Written beside, then renamed: an editor watching the file never reads half of it. */
function writeAtomically(target: string, text: string, written: string): void {
  // A name no one can guess, created new (wx): a link planted where it would go is never written through.
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644, flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    // Ours to remove unless the name was taken (wx refused it): then the file is someone else's.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') removeIfThere(temporary);
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
  const read = await readSmallText(resolve(config), MAX_CONFIG_BYTES);
  const named = read.ok ? schemaLineTarget(config, read.text) : undefined;
  if (named?.target === target) return undefined;
  const wanted = relative(dirname(resolve(config)), target);
  const spelled = wanted.startsWith('..') || isAbsolute(wanted) ? target : `./${wanted}`;
  const change = named === undefined ? 'make this its first line' : `change its line ${JSON.stringify(named.line)} to`;
  return `${basename(config)} does not point at it yet; ${change}:\n  ${MODELINE_PREFIX}${spelled}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
