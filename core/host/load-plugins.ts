/**
 * Finds, imports and checks the third-party plugins a config names, in the order it names them: each
 * must be a package declared in the project's package.json and installed next to the config, export a
 * plugin of the contract's shape under its own package name, accept this host's plugin API version,
 * appear once, and come after the plugins it depends on. Every problem is returned with its entry's
 * index and code, so the config loader can point at the line; nothing here throws for a bad plugin.
 */
import { dirname } from 'node:path';
import semver from 'semver';
import { messageOf, type RoboErrorCode } from '../domain/errors.js';
import { createAjv } from '../config/ajv.js';
import { declaredDependencies, importDeclaredPackage, type Declared, type PackageRefusal } from './project-package.js';
import { ROBO_PLUGIN_API, checkPluginShape, type RoboPlugin } from './plugin-contract.js';

export interface PluginRequest {
  /** Where the entry is in `plugins:`. */
  readonly index: number;
  readonly package: string;
}

export interface PluginLoadProblem {
  readonly index: number;
  readonly code: RoboErrorCode;
  readonly message: string;
}

export interface LoadedPlugin {
  readonly package: string;
  readonly plugin: RoboPlugin<never>;
  /** The folder it was loaded from, for `robo plugins`. */
  readonly dir: string;
}

export interface PluginLoad {
  readonly plugins: readonly LoadedPlugin[];
  readonly schemas: ReadonlyMap<string, object>;
  readonly problems: readonly PluginLoadProblem[];
}

type Outcome = { readonly ok: true; readonly loaded: LoadedPlugin } | { readonly ok: false; readonly code: RoboErrorCode; readonly message: string };

export async function loadPluginPackages(configFile: string, requests: readonly PluginRequest[], builtins: readonly string[]): Promise<PluginLoad> {
  const plugins: LoadedPlugin[] = [];
  const schemas = new Map<string, object>();
  const problems: PluginLoadProblem[] = [];
  const listed = new Map<string, number>();
  const declared = declaredDependencies(dirname(configFile));
  for (const request of requests) {
    const name = request.package;
    const earlier = listed.get(name);
    if (earlier !== undefined) {
      problems.push({ index: request.index, code: 'ROBO_ERR_PLUGIN_DUPLICATE', message: `plugin ${name} is already listed as plugins[${earlier}]; list each plugin once, with all its options there` });
      continue;
    }
    listed.set(name, request.index);
    const outcome = await loadOne(configFile, name, declared);
    if (!outcome.ok) {
      problems.push({ index: request.index, code: outcome.code, message: outcome.message });
      continue;
    }
    const { plugin } = outcome.loaded;
    const missing = (plugin.meta.dependencies ?? []).filter((dep) => !builtins.includes(dep) && !plugins.some((p) => p.package === dep));
    if (missing.length > 0) {
      problems.push({ index: request.index, code: 'ROBO_ERR_PLUGIN_DEPENDENCY', message: `plugin ${name} needs ${missing.join(', ')}, which must be listed (and load) before it in plugins` });
      continue;
    }
    plugins.push(outcome.loaded);
    if (plugin.optionsSchema !== undefined) schemas.set(name, plugin.optionsSchema);
  }
  return { plugins, schemas, problems };
}

const PLUGIN_CODES: Readonly<Record<PackageRefusal, RoboErrorCode>> = {
  'not-allowed': 'ROBO_ERR_PLUGIN_NOT_ALLOWED',
  'not-found': 'ROBO_ERR_PLUGIN_NOT_FOUND',
  invalid: 'ROBO_ERR_PLUGIN_INVALID',
};

async function loadOne(configFile: string, name: string, declared: Declared): Promise<Outcome> {
  const imported = await importDeclaredPackage(configFile, name, declared, `plugin ${name}`);
  if (!imported.ok) return { ok: false, code: PLUGIN_CODES[imported.refusal], message: imported.message };
  // The export is the author's code: a getter or proxy in it may throw as it is read, which is the plugin's error, not Robo's.
  try {
    return checkContract(name, imported.module.default, imported.dir);
  } catch (error) {
    return invalid(`plugin ${name}: its default export threw as it was read: ${messageOf(error)}`);
  }
}

function checkContract(name: string, plugin: unknown, dir: string): Outcome {
  const shape = checkPluginShape(plugin);
  if (shape !== undefined) return invalid(`plugin ${name}: its default export is not a Robo plugin: ${shape}`);
  const { meta, optionsSchema } = plugin as RoboPlugin<never>;
  if (meta.name !== name) return invalid(`plugin ${name} calls itself ${JSON.stringify(meta.name)} in meta.name; it must be its package name`);
  if (!semver.satisfies(ROBO_PLUGIN_API, meta.robo)) {
    return { ok: false, code: 'ROBO_ERR_PLUGIN_VERSION_MISMATCH', message: `plugin ${name} ${meta.version} was written for the Robo plugin API ${meta.robo}, but this Robo provides ${ROBO_PLUGIN_API}` };
  }
  if (optionsSchema !== undefined) {
    // A plugin's schema is its author's code: compile it here, so a broken one is the plugin's error, not Robo's.
    try {
      createAjv().compile(optionsSchema);
    } catch (error) {
      return invalid(`plugin ${name} ships an options schema that is not a valid JSON schema: ${messageOf(error)}`);
    }
  }
  return { ok: true, loaded: { package: name, plugin: plugin as RoboPlugin<never>, dir } };
}

function invalid(message: string): Outcome {
  return { ok: false, code: 'ROBO_ERR_PLUGIN_INVALID', message };
}
