/**
 * Finds, imports and checks the third-party plugins a config names, in the order it names them: each
 * must be a package declared in the project's package.json and installed next to the config, export a
 * plugin of the contract's shape under its own package name, accept this host's plugin API version,
 * appear once, and come after the plugins it depends on. Every problem is returned with its entry's
 * index and code, so the config loader can point at the line; nothing here throws for a bad plugin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { messageOf, type RoboErrorCode } from '../domain/errors.js';
import { createAjv } from '../config/ajv.js';
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

async function loadOne(configFile: string, name: string, declared: Declared): Promise<Outcome> {
  if (!declared.names.has(name)) {
    const where = declared.file === undefined ? 'there is no package.json next to the config or above it' : `${declared.file} does not list it in dependencies`;
    return { ok: false, code: 'ROBO_ERR_PLUGIN_NOT_ALLOWED', message: `plugin ${name} is not a declared dependency of this project: ${where}` };
  }
  const lookedIn = createRequire(configFile).resolve.paths(name) ?? [];
  const dir = lookedIn.map((folder) => join(folder, name)).find((folder) => existsSync(join(folder, 'package.json')));
  if (dir === undefined) {
    return { ok: false, code: 'ROBO_ERR_PLUGIN_NOT_FOUND', message: `plugin ${name} is not installed: no ${join('node_modules', name)} in ${lookedIn.slice(0, 2).join(', ')}${lookedIn.length > 2 ? ' or above' : ''}` };
  }
  const entry = entryOf(dir);
  if (entry === undefined) return invalid(`plugin ${name} (${dir}) has no entry point inside its folder: its package.json needs "exports" (or "main")`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  } catch (error) {
    return invalid(`plugin ${name} could not be imported from ${entry}: ${messageOf(error)}`);
  }
  // The export is the author's code: a getter or proxy in it may throw as it is read, which is the plugin's error, not Robo's.
  try {
    return checkContract(name, module.default, dir);
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

interface Declared {
  readonly file: string | undefined;
  readonly names: ReadonlySet<string>;
}

/**
 * The allowlist: only packages the project's own package.json declares — and so pins, with the
 * lockfile — can be loaded, never whatever else happens to sit in node_modules.
 */
function declaredDependencies(from: string): Declared {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = readJson(file);
      const names = new Set<string>();
      for (const field of ['dependencies', 'optionalDependencies', 'devDependencies']) {
        const deps = pkg[field];
        if (isRecord(deps)) for (const key of Object.keys(deps)) names.add(key);
      }
      return { file, names };
    }
    if (dirname(dir) === dir) return { file: undefined, names: new Set() };
  }
}

/** The file Node would import for the package: its "exports" (conditions import, node, default), else "main", else index.js. */
function entryOf(dir: string): string | undefined {
  const pkg = readJson(join(dir, 'package.json'));
  const exported = pkg['exports'];
  const target = exported === undefined ? (typeof pkg['main'] === 'string' ? pkg['main'] : 'index.js') : exportTarget(exported);
  if (target === undefined) return undefined;
  const file = resolve(dir, target);
  return file.startsWith(dir + sep) && existsSync(file) ? file : undefined;
}

const CONDITIONS: ReadonlySet<string> = new Set(['import', 'node', 'default']);

function exportTarget(exported: unknown): string | undefined {
  if (typeof exported === 'string') return exported;
  if (!isRecord(exported)) return undefined;
  const subpaths = Object.keys(exported).some((key) => key.startsWith('.'));
  return subpaths ? exportTarget(exported['.']) : conditional(exported);
}

/** Conditions are tried in the order the package lists them, as Node does. */
function conditional(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (!CONDITIONS.has(condition)) continue;
    const found = conditional(target);
    if (found !== undefined) return found;
  }
  return undefined;
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
