/**
 * The project's editor schema file (robo.schema.json): its text for a config and the plugins it names,
 * and whether the file the config's `# yaml-language-server: $schema=` line points at is still that
 * text — an editor checking against a stale one would accept what Robo refuses, or the reverse.
 */
import { basename, dirname, resolve } from 'node:path';
import { RoboError, messageOf } from '../domain/errors.js';
import { createAjv } from '../config/ajv.js';
import { editorSchema, type SchemaOwner } from '../config/editor-schema.js';
import { MAX_CONFIG_BYTES } from '../config/load.js';
import { readSmallText } from '../config/read-text.js';
import type { LoadedPlugin } from '../host/load-plugins.js';
import { ROBO_VERSION } from '../robo-version.js';
import { STRATEGY_KINDS, indicatorOwners } from '../../strategies/index.js';
import type { StrategyKind } from '../../strategies/sdk.js';

/** The file `robo schema` writes next to the config unless told otherwise, and `robo init` points at. */
export const EDITOR_SCHEMA_FILE = 'robo.schema.json';

/** The comment line the YAML language server (VS Code, Neovim, JetBrains, …) reads a file's schema from. */
export const MODELINE_PREFIX = '# yaml-language-server: $schema=';

/** What `robo schema` writes: its note starts so, which tells its files from any other schema. */
const WRITTEN_BY = 'Written by robo schema ';

/** A schema file is a few hundred kilobytes with many plugins; anything far larger is not one. */
const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;

/** What a config runs with, beyond Robo's own: its third-party plugins, and every strategy kind by the name the config gives it. */
export interface ConfigExtensions {
  readonly plugins: readonly LoadedPlugin[];
  /** Default: the built-in kinds only. */
  readonly strategyKinds?: ReadonlyMap<string, StrategyKind<never>>;
}

/** The schema file's text for a config named `configName` with these plugins and strategy kinds loaded. */
export function editorSchemaText(configName: string, extensions: ConfigExtensions, options: { check: boolean } = { check: true }): string {
  const { plugins } = extensions;
  const strategyKinds: SchemaOwner[] = [...(extensions.strategyKinds ?? STRATEGY_KINDS)].map(([name, kind]) => ({ name, schema: kind.paramsSchema }));
  const owners: SchemaOwner[] = plugins.map((p) => ({ name: p.package, version: p.plugin.meta.version, schema: p.plugin.optionsSchema }));
  let schema: object;
  try {
    schema = editorSchema({ roboVersion: ROBO_VERSION, configName, strategyKinds, plugins: owners, indicators: indicatorOwners() });
  } catch (error) {
    throw new RoboError('ROBO_ERR_PLUGIN_INVALID', `a plugin's options schema or a strategy kind's params schema cannot be written as JSON: ${messageOf(error)}`);
  }
  // What is written must be a schema an editor can use: one reference that leads nowhere breaks it for every key.
  if (options.check) {
    try {
      createAjv().compile(schema);
    } catch (error) {
      // Robo's own schemas alone must always fit: a failure then is Robo's bug, not a plugin's or a kind's.
      const withPlugins = owners.some((owner) => owner.schema !== undefined);
      if (!withPlugins && strategyKinds.every((owner) => STRATEGY_KINDS.has(owner.name))) throw new RoboError('ROBO_ERR_INTERNAL', `the editor schema is not a valid schema: ${messageOf(error)}`, { cause: error });
      throw new RoboError(withPlugins ? 'ROBO_ERR_PLUGIN_INVALID' : 'ROBO_ERR_STRATEGY_INVALID', `the plugins' options schemas and the strategy kinds' params schemas do not fit in one schema: ${messageOf(error)}`, {
        details: ['  a plugin\'s optionsSchema (a strategy kind\'s paramsSchema) must be a schema on its own, its $refs inside it; ask its author'],
      });
    }
  }
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The file a config's `$schema=` line names, resolved from the config's folder; undefined for none, or a URL. */
export function schemaLineTarget(configFile: string, configText: string): { readonly line: string; readonly target: string | undefined } | undefined {
  const line = configText.split('\n').find((l) => l.startsWith(MODELINE_PREFIX))?.trim();
  if (line === undefined) return undefined;
  const value = line.slice(MODELINE_PREFIX.length).trim();
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  return { line, target: isUrl || value === '' ? undefined : resolve(dirname(resolve(configFile)), value) };
}

/**
 * A sentence for `robo validate` when the config points the editor at a schema file that is missing, or
 * that `robo schema` wrote for other plugins or another Robo; undefined when all is well, or the file is
 * none of Robo's making (a URL, the published schema, one of the user's own).
 */
export async function staleSchemaNotice(configFile: string, extensions: ConfigExtensions): Promise<string | undefined> {
  const config = await readSmallText(resolve(configFile), MAX_CONFIG_BYTES);
  if (!config.ok) return undefined;
  const named = schemaLineTarget(configFile, config.text);
  if (named?.target === undefined) return undefined;
  const rerun = `run npx robo schema ${basename(configFile)}, so your editor checks what Robo checks`;
  const file = await readSmallText(named.target, MAX_SCHEMA_BYTES);
  if (!file.ok) return file.problem === 'missing' ? `the editor schema ${basename(named.target)} that ${basename(configFile)} points at does not exist; ${rerun}` : undefined;
  const written = parsedObject(file.text);
  if (!isWrittenByRoboSchema(written)) return undefined;
  const wanted = parsedObject(editorSchemaText(basename(configFile), extensions, { check: false }));
  // The note names the config and Robo's version; what the editor checks is everything else.
  if (JSON.stringify({ ...written, $comment: '' }) === JSON.stringify({ ...wanted, $comment: '' })) return undefined;
  return `the editor schema ${basename(named.target)} checks other plugins' options or another Robo's settings than this config runs with; ${rerun}`;
}

/** Whether a file's text is a schema `robo schema` wrote: the one kind of file it replaces. */
export function isEditorSchemaText(text: string): boolean {
  return isWrittenByRoboSchema(parsedObject(text));
}

function isWrittenByRoboSchema(value: Record<string, unknown> | undefined): boolean {
  return typeof value?.$comment === 'string' && value.$comment.startsWith(WRITTEN_BY);
}

function parsedObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
