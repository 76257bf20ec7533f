/**
 * Finds and imports a package the project declares: named in the package.json next to the config (or
 * above it), installed in a node_modules the config's folder resolves, imported through the entry
 * point its own package.json names, never through a file outside its folder. Third-party plugins and
 * strategy kinds published as packages load through here, so both follow the same rules; each caller
 * turns a refusal into its own error code and checks the export against its own contract.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageOf } from '../domain/errors.js';

export interface Declared {
  readonly file: string | undefined;
  readonly names: ReadonlySet<string>;
}

/** Why a package was not imported: not declared, not installed, or broken (no entry point, fails to import). */
export type PackageRefusal = 'not-allowed' | 'not-found' | 'invalid';

export type PackageImport =
  | { readonly ok: true; readonly dir: string; readonly module: { readonly default?: unknown } }
  | { readonly ok: false; readonly refusal: PackageRefusal; readonly message: string };

/**
 * Imports the declared package `name` for the config `configFile`. `what` opens every message
 * (`plugin robo-plugin-x`, `strategy kind robo-strategy-x`); nothing here throws for a bad package.
 */
export async function importDeclaredPackage(configFile: string, name: string, declared: Declared, what: string): Promise<PackageImport> {
  if (!declared.names.has(name)) {
    const where = declared.file === undefined ? 'there is no package.json next to the config or above it' : `${declared.file} does not list it in dependencies`;
    return { ok: false, refusal: 'not-allowed', message: `${what} is not a declared dependency of this project: ${where}` };
  }
  const lookedIn = createRequire(configFile).resolve.paths(name) ?? [];
  const dir = lookedIn.map((folder) => join(folder, name)).find((folder) => existsSync(join(folder, 'package.json')));
  if (dir === undefined) {
    return { ok: false, refusal: 'not-found', message: `${what} is not installed: no ${join('node_modules', name)} in ${lookedIn.slice(0, 2).join(', ')}${lookedIn.length > 2 ? ' or above' : ''}` };
  }
  const entry = entryOf(dir);
  if (entry === undefined) return { ok: false, refusal: 'invalid', message: `${what} (${dir}) has no entry point inside its folder: its package.json needs "exports" (or "main")` };
  try {
    return { ok: true, dir, module: (await import(pathToFileURL(entry).href)) as { default?: unknown } };
  } catch (error) {
    return { ok: false, refusal: 'invalid', message: `${what} could not be imported from ${entry}: ${messageOf(error)}` };
  }
}

/**
 * The allowlist: only packages the project's own package.json declares — and so pins, with the
 * lockfile — can be loaded, never whatever else happens to sit in node_modules.
 */
export function declaredDependencies(from: string): Declared {
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
