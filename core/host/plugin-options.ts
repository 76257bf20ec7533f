/**
 * A plugin's options are checked against its schema at install, on every path — the command line, which
 * has checked them with the config already, and a program that installs plugins through the host API,
 * which has not. Built-in schemas are precompiled; any other is compiled here, so ajv is loaded only when
 * a plugin brings a schema of its own.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { RoboError, messageOf } from '../domain/errors.js';
import { precompiledValidator } from '../config/precompiled.js';
import type { PluginDefinition } from './plugin.js';

const compiled = new WeakMap<object, ValidateFunction>();

export async function checkPluginOptions(plugin: PluginDefinition<never>, options: unknown): Promise<void> {
  const schema = plugin.optionsSchema;
  if (schema === undefined) return;
  const validate = await validatorOf(plugin.name, schema);
  // Objects handed over besides the config (the cost plugin's rate tables) are not JSON: the schema does not see them.
  const checked = withoutHostOnly(options, plugin.hostOnlyOptions ?? []);
  if (validate(checked)) return;
  throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} was given options its schema refuses: ${(validate.errors ?? []).map(describe).join('; ')}`);
}

async function validatorOf(plugin: string, schema: object): Promise<ValidateFunction> {
  const known = compiled.get(schema) ?? precompiledValidator(schema);
  if (known !== undefined) return known;
  const { createAjv } = await import('../config/ajv.js');
  try {
    const validate = createAjv().compile(schema);
    compiled.set(schema, validate);
    return validate;
  } catch (error) {
    throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin} has an options schema that is not a valid JSON schema: ${messageOf(error)}`, { cause: error });
  }
}

function withoutHostOnly(options: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- rest is this function's own copy; the keys are the options it hands on separately
  for (const key of keys) delete rest[key];
  return rest;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the options' : error.instancePath.slice(1).replaceAll('/', '.');
  const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${at} ${error.message ?? 'is invalid'}${extra}`;
}
