/**
 * Finds, imports and checks the strategy kinds a config brings from outside Robo: a kind named by an npm
 * package (`kind: robo-strategy-x`), loaded by the same rules as plugins (declared in the project's
 * package.json, installed next to the config), or a module file (`module: ./my-strategy.js`) inside the
 * config's folder. Each must default-export a kind of the SDK's shape whose `robo` range this host's
 * strategy API satisfies, with a params schema that compiles. Every problem is returned with its entry's
 * index and field, so the config loader points at the line; nothing here throws for a bad kind.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import semver from 'semver';
import { createAjv } from '../core/config/ajv.js';
import { messageOf, type RoboErrorCode } from '../core/domain/errors.js';
import { declaredDependencies, importDeclaredPackage, type Declared, type PackageRefusal } from '../core/host/project-package.js';
import { ROBO_STRATEGY_API, checkStrategyShape } from './contract.js';
import type { StrategyKind } from './sdk.js';

/** One strategy entry whose kind comes from a package (`field: 'kind'`) or a module file (`field: 'module'`). */
export interface StrategyRequest {
  /** Where the entry is in `strategies:`. */
  readonly index: number;
  readonly field: 'kind' | 'module';
  /** The package name, or the module's path as written. */
  readonly value: string;
}

export interface StrategyLoadProblem {
  readonly index: number;
  readonly field: 'kind' | 'module';
  readonly code: RoboErrorCode;
  readonly message: string;
}

export interface StrategyLoad {
  /** The loaded kinds by the text the config names them with: a package name, or a module path as written. */
  readonly kinds: ReadonlyMap<string, StrategyKind<never>>;
  readonly problems: readonly StrategyLoadProblem[];
}

type Outcome = { readonly ok: true; readonly kind: StrategyKind<never> } | { readonly ok: false; readonly code: RoboErrorCode; readonly message: string };

const CODES: Readonly<Record<PackageRefusal, RoboErrorCode>> = {
  'not-allowed': 'ROBO_ERR_STRATEGY_NOT_ALLOWED',
  'not-found': 'ROBO_ERR_STRATEGY_NOT_FOUND',
  invalid: 'ROBO_ERR_STRATEGY_INVALID',
};

/** The extensions of a file Node imports as an ES module (`.js` under `"type": "module"`). */
const MODULE_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs']);
const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.mts', '.cts', '.tsx']);

export async function loadStrategyKinds(configFile: string, requests: readonly StrategyRequest[]): Promise<StrategyLoad> {
  const kinds = new Map<string, StrategyKind<never>>();
  const problems: StrategyLoadProblem[] = [];
  // Two strategies may run the same kind: it is imported and checked once, and a problem reported at each.
  const outcomes = new Map<string, Promise<Outcome>>();
  let declared: Declared | undefined;
  for (const request of requests) {
    const key = `${request.field}:${request.value}`;
    let outcome = outcomes.get(key);
    if (outcome === undefined) {
      outcome = request.field === 'kind'
        ? fromPackage(configFile, request.value, (declared ??= declaredDependencies(dirname(configFile))))
        : fromModule(configFile, request.value);
      outcomes.set(key, outcome);
    }
    const result = await outcome;
    if (result.ok) kinds.set(request.value, result.kind);
    else problems.push({ index: request.index, field: request.field, code: result.code, message: result.message });
  }
  return { kinds, problems };
}

async function fromPackage(configFile: string, name: string, declared: Declared): Promise<Outcome> {
  const what = `strategy kind ${name}`;
  const imported = await importDeclaredPackage(configFile, name, declared, what);
  if (!imported.ok) return { ok: false, code: CODES[imported.refusal], message: imported.message };
  return exported(what, imported.module);
}

async function fromModule(configFile: string, written: string): Promise<Outcome> {
  const what = `strategy module ${written}`;
  const extension = extname(written).toLowerCase();
  if (TYPESCRIPT_EXTENSIONS.has(extension)) return invalid(`${what} is TypeScript, which Node does not run: compile it first (tsc) and name the .js file it writes`);
  if (!MODULE_EXTENSIONS.has(extension)) return invalid(`${what} must be an ES module file ending in .js or .mjs`);
  if (isAbsolute(written)) return notAllowed(`${what} must be a path relative to the config's folder, like ./my-strategy.js, never an absolute path`);
  const folder = dirname(configFile);
  const file = resolve(folder, written);
  if (!existsSync(file)) return { ok: false, code: 'ROBO_ERR_STRATEGY_NOT_FOUND', message: `${what} does not exist: no file ${file}` };
  // Followed through links: the code that trades lives in the project, with its config, never elsewhere on the disk.
  const real = realpathSync(file);
  if (!real.startsWith(realpathSync(folder) + sep)) return notAllowed(`${what} is outside the folder of the config (${folder}); keep the strategy's code in that folder, with its config`);
  let module: { readonly default?: unknown };
  try {
    module = (await import(pathToFileURL(real).href)) as { default?: unknown };
  } catch (error) {
    const notModule = error instanceof SyntaxError && extension === '.js' ? ' (a .js file is an ES module only under a package.json with "type": "module": add one next to the config, or name the file .mjs)' : '';
    return invalid(`${what} could not be imported: ${messageOf(error)}${notModule}`);
  }
  return exported(what, module);
}

/** The module's default export, checked against the contract; reading it runs the author's code, whose throw is the kind's error. */
function exported(what: string, module: { readonly default?: unknown }): Outcome {
  try {
    if (!('default' in module) || module.default === undefined) return invalid(`${what} has no default export: write export default defineStrategy({ … }) (from robo-trader/strategy)`);
    return checkContract(what, module.default);
  } catch (error) {
    return invalid(`${what}: its default export threw as it was read: ${messageOf(error)}`);
  }
}

function checkContract(what: string, kind: unknown): Outcome {
  const shape = checkStrategyShape(kind);
  if (shape !== undefined) return invalid(`${what}: its default export is not a strategy kind: ${shape}`);
  const { robo, paramsSchema } = kind as StrategyKind<never>;
  if (robo !== undefined && semver.validRange(robo) === null) return invalid(`${what} has robo ${JSON.stringify(robo)}, which is not a semver range of the Robo strategy API like ^1.0.0`);
  if (robo !== undefined && !semver.satisfies(ROBO_STRATEGY_API, robo)) {
    return { ok: false, code: 'ROBO_ERR_STRATEGY_VERSION_MISMATCH', message: `${what} was written for the Robo strategy API ${robo}, but this Robo provides ${ROBO_STRATEGY_API}` };
  }
  // The kind's schema is its author's code: compiled here, so a broken one is the kind's error, at its line, not Robo's.
  try {
    createAjv().compile(paramsSchema);
  } catch (error) {
    return invalid(`${what} ships a paramsSchema that is not a valid JSON schema: ${messageOf(error)}`);
  }
  return { ok: true, kind: kind as StrategyKind<never> };
}

function invalid(message: string): Outcome {
  return { ok: false, code: 'ROBO_ERR_STRATEGY_INVALID', message };
}

function notAllowed(message: string): Outcome {
  return { ok: false, code: 'ROBO_ERR_STRATEGY_NOT_ALLOWED', message };
}

/**
 * The params a kind from outside Robo receives: validated with the config (no defaults written, so a typo
 * is never papered over), then a copy with its schema's defaults filled in, as plugins get their options —
 * what the kind's types promise is what `create` receives.
 */
export function paramsWithDefaults(kind: StrategyKind<never>, params: unknown): unknown {
  const copy: unknown = structuredClone(params);
  new Ajv({ strict: false, useDefaults: true, coerceTypes: false }).compile(kind.paramsSchema)(copy);
  return copy;
}
