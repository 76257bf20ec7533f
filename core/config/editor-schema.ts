/**
 * The schema an editor checks a config against as the user types: the config schema, plus — for the
 * strategy kinds and plugins a project has installed — each kind's `params` schema and each plugin's
 * `options` schema, chosen by the entry's `kind` or `package` with `if`/`then`. The loader checks the
 * same schemas in two steps (config, then extensions); an editor needs them in one document.
 */
import { STRATEGY_PACKAGE_PATTERN, configSchema } from './schema.js';

const STRATEGY_PACKAGE = new RegExp(STRATEGY_PACKAGE_PATTERN);

/** A kind loaded from a module is named by its path as the config writes it (`./x.js`): its branch keys on `module`. */
function isModule(name: string): boolean {
  return name.startsWith('.');
}

export interface SchemaOwner {
  /** The strategy kind (a built-in's name, a package's name, or a module's path as the config writes it) or the plugin's package name. */
  readonly name: string;
  /** A plugin's version, for the note at the top of the file; built-in kinds have Robo's. */
  readonly version?: string;
  readonly schema: object | undefined;
}

export interface EditorSchemaSources {
  readonly roboVersion: string;
  /**
   * The config the schema was written for, as the user named it: it goes into the note. Absent for the
   * schema the package publishes (schemas/robo.config.schema.json), which keeps the config schema's $id.
   */
  readonly configName?: string;
  readonly strategyKinds: readonly SchemaOwner[];
  readonly plugins: readonly SchemaOwner[];
  /** The indicators a rules strategy may name, each with its settings' schema: completed under `indicators:`. */
  readonly indicators?: readonly SchemaOwner[];
}

type Json = Record<string, unknown>;

export function editorSchema(sources: EditorSchemaSources): Json {
  // A project's schema is not the published one, so it does not take its $id: it belongs to one project and its installs.
  const { $id, $schema, ...rest } = copy(configSchema);
  const root: Json = sources.configName === undefined ? { $schema, $id, $comment: note(sources), ...rest } : { $schema, $comment: note(sources), ...rest };
  const properties = root.properties as Json;
  const definitions: Json = {};

  const strategy = (properties.strategies as Json).items as Json;
  const strategyFields = strategy.properties as Json;
  // The editor offers the installed kinds' names, and accepts a package's (robo-strategy-…), which the
  // loader imports; any other name is one the loader refuses too. A module's kind has no name here.
  const { description: kindDescription, ...kind } = strategyFields.kind as Json;
  strategyFields.kind = {
    ...kind,
    description: kindDescription,
    anyOf: [
      { enum: sources.strategyKinds.filter((owner) => !STRATEGY_PACKAGE.test(owner.name) && !isModule(owner.name)).map((owner) => owner.name) },
      { pattern: STRATEGY_PACKAGE_PATTERN },
    ],
  };
  withBranches(strategy, [
    // A strategy names its code by kind or by module, one of the two: the loader says so too (extensions.ts).
    { oneOf: [{ properties: { kind: { type: 'string' } }, required: ['kind'] }, { properties: { module: { type: 'string' } }, required: ['module'] }] },
    ...branches('kind', 'params', sources.strategyKinds.filter((owner) => !isModule(owner.name)), definitions),
    ...branches('module', 'params', sources.strategyKinds.filter((owner) => isModule(owner.name)), definitions),
  ]);

  // Under `indicators: { <name>: { <indicator>: {…} } }` the editor offers the indicators and checks their settings.
  const indicators = sources.indicators ?? [];
  if (indicators.length > 0) {
    const named = (strategyFields.indicators as Json).additionalProperties as Json;
    named.properties = Object.fromEntries(indicators.map((owner) => {
      const at = `#/definitions/${pointerToken(`indicator:${owner.name}`)}`;
      definitions[`indicator:${owner.name}`] = placed(owner.schema ?? {}, at);
      return [owner.name, { $ref: at }];
    }));
    named.additionalProperties = false;
  }

  const plugin = (properties.plugins as Json).items as Json;
  // A plugin not installed yet may still be written: its name is offered, never required to be one of these.
  if (sources.plugins.length > 0) ((plugin.properties as Json).package as Json).examples = sources.plugins.map((owner) => owner.name);
  withBranches(plugin, branches('package', 'options', sources.plugins, definitions));

  if (Object.keys(definitions).length > 0) root.definitions = definitions;
  return root;
}

/** An empty `allOf` is not a schema. */
function withBranches(schema: Json, list: readonly Json[]): void {
  if (list.length > 0) schema.allOf = list;
}

/**
 * One `if: { <key>: name } then: { <field>: schema }` per owner that has a schema. The schema itself goes
 * under the root's `definitions` and is referred to from there: editors resolve a `$ref` against the
 * document's root (and fetch an inner `$id` as a file of its own), so the schema's local references are
 * rewritten to follow it to its new place.
 */
function branches(key: string, field: string, owners: readonly SchemaOwner[], definitions: Json): Json[] {
  return owners.flatMap((owner) => {
    if (owner.schema === undefined) return [];
    const name = `${key}:${owner.name}`;
    const at = `#/definitions/${pointerToken(name)}`;
    definitions[name] = placed(owner.schema, at);
    return [{
      if: { properties: { [key]: { const: owner.name } }, required: [key] },
      then: { properties: { [field]: { $ref: at } } },
    }];
  });
}

/** A schema moved to `at`: without the keywords only a root may hold, and with its `#…` references following it. */
function placed(schema: object, at: string): Json {
  const { $schema: _rootOnly, $id: _ownFile, ...inner } = copy(schema);
  return rewriteRefs(inner, at) as Json;
}

function rewriteRefs(value: unknown, at: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, at));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => {
    const local = key === '$ref' && typeof inner === 'string' && (inner === '#' || inner.startsWith('#/'));
    return [key, local ? `${at}${inner.slice(1)}` : rewriteRefs(inner, at)];
  }));
}

/** A JSON Pointer token (RFC 6901): the `/` of a scoped package must not split it. */
function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function note(sources: EditorSchemaSources): string {
  const kinds = sources.strategyKinds.map((owner) => owner.name).join(', ');
  if (sources.configName === undefined) return `The config schema of robo-trader ${sources.roboVersion}, with the params of its strategy kinds ${kinds}. For a project whose config names plugins, npx robo schema robo.config.yaml writes one with their options too.`;
  const plugins = sources.plugins.length === 0 ? 'no third-party plugins' : `the options of plugins ${sources.plugins.map(named).join(', ')}`;
  return `Written by robo schema (robo-trader ${sources.roboVersion}) for ${sources.configName}: the config schema with the params of strategy kinds ${kinds} and ${plugins}. Run npx robo schema ${sources.configName} again after installing, removing or upgrading a plugin.`;
}

function named(owner: SchemaOwner): string {
  return owner.version === undefined ? owner.name : `${owner.name} ${owner.version}`;
}

/** A deep copy through JSON: what a schema file can hold, and nothing the caller's object can change later. */
function copy(schema: object): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}
