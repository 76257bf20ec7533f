/**
 * `npm run schema`: writes `schemas/robo.config.schema.json` from `configSchema` and the built-in strategy
 * kinds' params, so editors with the YAML language server complete and document the config exactly as
 * the loader checks it; and `core/config/validators.generated.ts`, the config schema (and each built-in
 * strategy kind's params schema, and each built-in plugin's options schema) precompiled, so startup does
 * not compile them.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// A build script, never imported at run time: it may read the built-in kinds to precompile their schemas.
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import { STRATEGY_KINDS, indicatorOwners } from '../../strategies/index.js';
import { ROBO_VERSION } from '../robo-version.js';
import { editorSchema } from './editor-schema.js';
import { rateTableFileSchema } from './rate-tables-schema.js';
import { configSchema } from './schema.js';
import { VALIDATORS_FILE, renderValidators } from './standalone.js';

/** Where the committed copy lives, relative to the package root (npm runs scripts from there). */
export const SCHEMA_FILE = 'schemas/robo.config.schema.json';

/**
 * The exact text of the committed schema file: two-space JSON and a trailing newline. It is the config
 * schema with the built-in strategy kinds' params, as `robo schema` writes it for a project with no plugins.
 */
export function renderConfigSchema(): string {
  const strategyKinds = [...STRATEGY_KINDS.values()].map((kind) => ({ name: kind.kind, schema: kind.paramsSchema }));
  return `${JSON.stringify(editorSchema({ roboVersion: ROBO_VERSION, strategyKinds, plugins: [], indicators: indicatorOwners() }), null, 2)}\n`;
}

/** Every schema Robo itself ships; any other (a third-party plugin's) is compiled at run time. */
export function builtinSchemas(): object[] {
  const pluginSchemas = BUILTIN_PLUGINS.flatMap(({ plugin }) => (plugin.optionsSchema === undefined ? [] : [plugin.optionsSchema]));
  const all = [configSchema, rateTableFileSchema, ...[...STRATEGY_KINDS.values()].map((kind) => kind.paramsSchema), ...indicatorOwners().map((owner) => owner.schema), ...pluginSchemas];
  // Once each: indicators share a schema (sma, ema and wma take the same settings), and ajv's standalone
  // code declares a schema's function once per time it is listed.
  const seen = new Set<string>();
  return all.filter((schema) => {
    const text = JSON.stringify(schema);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

export async function writeConfigSchema(file: string = SCHEMA_FILE): Promise<string> {
  const target = resolve(file);
  await writeFile(target, renderConfigSchema(), 'utf8');
  return target;
}

export async function writeValidators(file: string = VALIDATORS_FILE): Promise<string> {
  const target = resolve(file);
  await writeFile(target, renderValidators(builtinSchemas()), 'utf8');
  return target;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.stdout.write(`wrote ${await writeConfigSchema(process.argv[2])}\n`);
  process.stdout.write(`wrote ${await writeValidators(process.argv[3])}\n`);
}
