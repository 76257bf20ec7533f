/**
 * The contract a third-party plugin is written against — `definePlugin({ meta, optionsSchema, create })`
 * — typed so an author's editor completes it and derives the options' type from the schema, and
 * checked at run time by `checkPluginShape`, because a package on disk was not necessarily built
 * against these types.
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import semver from 'semver';
import type { ThirdPartyApi } from './third-party-api.js';
import { describeValue } from '../quote.js';

/**
 * The version of the plugin API this host provides (not the package version): a plugin states the
 * range it was written for in `meta.robo`. Minor: something was added; major: something a plugin may
 * use changed or went away.
 */
export const ROBO_PLUGIN_API = '1.0.0';

export interface PluginMeta {
  /** The npm package name, exactly (`robo-plugin-x` or `@scope/robo-plugin-x`); never `robo:…`, which is reserved for built-ins. */
  readonly name: string;
  /** The plugin's own version, semver (usually the package.json version). */
  readonly version: string;
  /** The range of the Robo plugin API this plugin works with, semver (`^1.0.0`); checked against ROBO_PLUGIN_API at load. */
  readonly robo: string;
  /** Other plugins (package names) that must be listed before this one in `plugins:`. */
  readonly dependencies?: readonly string[];
  /** One line for `robo plugins`. */
  readonly description?: string;
}

/** What `create` returns: the taps go in `apply`; `dispose`, if any, runs once when the host stops. */
export interface PluginInstance {
  apply(api: ThirdPartyApi): void | Promise<void>;
  dispose?(): void | Promise<void>;
}

/** The options schema: a JSON Schema object (draft-07, ajv strict), `additionalProperties: false` expected. */
export type PluginOptionsSchema = Exclude<JSONSchema, boolean>;

/** A defined plugin, as the package's default export. */
export interface RoboPlugin<Options = unknown> {
  readonly meta: PluginMeta;
  readonly optionsSchema?: PluginOptionsSchema;
  /** Called once per run with the validated options (the schema's defaults filled in). */
  create(options: Options): PluginInstance | Promise<PluginInstance>;
}

/** No options: the config's `options` must be empty. */
export type NoOptions = Record<string, never>;

/**
 * Defines a third-party plugin. With an `optionsSchema` written inline (or `as const`), `create`'s
 * options are typed from it; without one, the plugin takes no options.
 */
export function definePlugin<const Schema extends PluginOptionsSchema, Options = FromSchema<Schema>>(plugin: {
  readonly meta: PluginMeta;
  readonly optionsSchema: Schema;
  create(options: Options): PluginInstance | Promise<PluginInstance>;
}): RoboPlugin<Options>;
export function definePlugin(plugin: {
  readonly meta: PluginMeta;
  readonly optionsSchema?: undefined;
  create(options: NoOptions): PluginInstance | Promise<PluginInstance>;
}): RoboPlugin<NoOptions>;
export function definePlugin(plugin: RoboPlugin<never>): RoboPlugin<never> {
  const problem = checkPluginShape(plugin);
  // Thrown when the plugin's module is imported, so the author sees it in their own tests first.
  if (problem !== undefined) throw new TypeError(`definePlugin: ${problem}`);
  return Object.freeze({ ...plugin, meta: Object.freeze({ ...plugin.meta }) });
}

const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** What is wrong with a would-be plugin, in full words; undefined when it has the contract's shape. */
export function checkPluginShape(value: unknown): string | undefined {
  if (!isRecord(value)) return `expected a plugin object from definePlugin(), was ${describeValue(value)}`;
  const meta = value['meta'];
  if (!isRecord(meta)) return 'the plugin has no meta object ({ name, version, robo })';
  const name = meta['name'];
  if (typeof name === 'string' && name.startsWith('robo:')) return `meta.name ${JSON.stringify(name)} starts with robo:, which only built-in plugins may use; use the npm package name`;
  if (typeof name !== 'string' || !PACKAGE_NAME.test(name)) return `meta.name must be the npm package name, was ${describeValue(name)}`;
  if (typeof meta['version'] !== 'string' || semver.valid(meta['version']) === null) return `meta.version must be a semver version like 1.0.0, was ${describeValue(meta['version'])}`;
  if (typeof meta['robo'] !== 'string' || semver.validRange(meta['robo']) === null) return `meta.robo must be a semver range of the Robo plugin API like ^1.0.0, was ${describeValue(meta['robo'])}`;
  const deps = meta['dependencies'];
  if (deps !== undefined && !(Array.isArray(deps) && deps.every((d) => typeof d === 'string'))) return `meta.dependencies must be a list of plugin package names, was ${describeValue(deps)}`;
  if (meta['description'] !== undefined && typeof meta['description'] !== 'string') return `meta.description must be a string, was ${describeValue(meta['description'])}`;
  const schema = value['optionsSchema'];
  if (schema !== undefined && !isRecord(schema)) return `optionsSchema must be a JSON Schema object, was ${describeValue(schema)}`;
  if (typeof value['create'] !== 'function') return 'the plugin has no create(options) function';
  return undefined;
}

/** What is wrong with what `create` returned; undefined when it is a plugin instance. */
export function checkInstanceShape(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value['apply'] !== 'function') return `create(options) must return { apply(api) }, returned ${describeValue(value)}`;
  if (value['dispose'] !== undefined && typeof value['dispose'] !== 'function') return `dispose must be a function, was ${describeValue(value['dispose'])}`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
