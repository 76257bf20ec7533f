/**
 * Loads `robo.config.yaml`: read with a size cap, parse safely, substitute `${VAR}` into values,
 * validate against the config, strategy and plugin schemas, apply defaults and freeze. Any mistake
 * throws one RoboError listing every problem with its line, and never prints an environment value.
 */
import { dirname, resolve } from 'node:path';
import { ERROR_CATALOG, RoboError, type RoboErrorCode } from '../domain/errors.js';
import { applyDefaults } from './defaults.js';
import type { ResolvedConfig } from './defaults.js';
import { substituteEnv } from './env.js';
import { formatProblem, sortProblems } from './format.js';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import { readSmallText } from './read-text.js';
import { pathKey } from './problem.js';
import { STRATEGY_PACKAGE_PATTERN, configSchema } from './schema.js';
import type { ConfigProblem, YamlPath } from './problem.js';
import type { Locator, Position } from './locate.js';
import { validateConfig } from './validate.js';
import { MAX_ALIAS_COUNT } from './alias-bomb.js';
import { applyOverrides, blameOverrides, type ConfigOverride } from './overrides.js';
import type { CheckableKind } from './extensions.js';

export type { ResolvedConfig } from './defaults.js';

/** A config is a page of settings; anything larger is a mistake or an attack, refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The schema's own rule for a package name: paths, URLs and git references never reach a resolver. */
const PACKAGE_NAME = new RegExp(configSchema.properties.plugins.items.properties.package.pattern);

export interface LoadOptions {
  /** Installed strategy kinds by name; each kind's `paramsSchema` checks `strategies[].params`. */
  readonly strategyKinds: ReadonlyMap<string, CheckableKind>;
  /** Options schemas of plugins by package name; a plugin without one gets no options check. */
  readonly pluginSchemas?: ReadonlyMap<string, object>;
  /**
   * Loads the plugins the config names (after parsing, before validation), so their options are checked
   * against their own schemas with the rest of the config, and a plugin that cannot load is reported at
   * its entry's line.
   */
  readonly resolvePlugins?: (file: string, requests: readonly PluginRequest[]) => Promise<PluginResolution>;
  /**
   * Loads the strategy kinds the config brings from outside Robo (after parsing, before validation): a
   * `kind` that names a package (robo-strategy-…) and is not installed as a built-in, or a `module`
   * file. Their params are then checked against their own schemas, and a kind that cannot load is
   * reported at its `kind:` or `module:` line.
   */
  readonly resolveStrategies?: (file: string, requests: readonly StrategyRequest[]) => Promise<StrategyResolution>;
  /** Where `${VAR}` values come from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** `--set PATH=VALUE` from the command line, written into the parsed file before anything is checked. */
  readonly overrides?: readonly ConfigOverride[];
}

/** One `plugins:` entry whose package name is well-formed. */
export interface PluginRequest {
  readonly index: number;
  readonly package: string;
}

/** One `strategies:` entry whose code comes from a package (`kind`) or a module file (`module`). */
export interface StrategyRequest {
  readonly index: number;
  readonly field: 'kind' | 'module';
  readonly value: string;
}

export interface StrategyResolution {
  /** The loaded kinds by the text the config names them with: the package name, or the module path as written. */
  readonly kinds: ReadonlyMap<string, { readonly paramsSchema: object }>;
  readonly problems: readonly { readonly index: number; readonly field: 'kind' | 'module'; readonly code: RoboErrorCode; readonly message: string }[];
}

export interface PluginResolution {
  readonly schemas: ReadonlyMap<string, object>;
  readonly problems: readonly { readonly index: number; readonly code: RoboErrorCode; readonly message: string }[];
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** Its folder: relative paths in the config (data.path, plugins) are resolved from here. */
  readonly dir: string;
  readonly config: ResolvedConfig;
  /** Where a path of the config is written (line and column of its value), for problems found after loading. */
  readonly locate: (path: YamlPath) => Position;
  /**
   * The text of a string value as the config writes it, when environment variables built it
   * (`${DATA_DIR}/bars.csv`); undefined for any other value. Messages and logs print this, never the
   * value: an expanded path may hold a secret.
   */
  readonly writtenAs: (path: YamlPath) => string | undefined;
}

export async function loadConfig(file: string, options: LoadOptions): Promise<LoadedConfig> {
  const overrides = options.overrides ?? [];
  const { absolute, parsed, substituted } = await readConfigFile(file, options.env, overrides);
  const plugins = options.resolvePlugins ? await options.resolvePlugins(absolute, pluginRequests(substituted.value)) : undefined;
  const strategies = options.resolveStrategies ? await options.resolveStrategies(absolute, strategyRequests(substituted.value, options.strategyKinds)) : undefined;
  const validation = validateConfig(substituted.value, {
    locator: parsed.locator,
    secrets: substituted.secrets,
    strategyKinds: strategies ? new Map([...options.strategyKinds, ...strategies.kinds]) : options.strategyKinds,
    unloadableStrategies: new Set(strategies?.problems.map((problem) => problem.index)),
    pluginSchemas: plugins ? new Map([...(options.pluginSchemas ?? []), ...plugins.schemas]) : options.pluginSchemas,
  });
  const pluginProblems = [
    ...pluginProblemsAt(parsed.locator, plugins?.problems ?? []),
    ...strategyProblemsAt(parsed.locator, strategies?.problems ?? [], substituted.secrets),
  ];
  // A value whose variable is unset was never really read; schema errors about it would only be noise.
  const schemaProblems = validation.problems.filter((problem) => !substituted.unresolved.has(pathKey(problem.path)));
  const problems = blameOverrides([...substituted.problems, ...pluginProblems, ...schemaProblems], overrides);
  if (problems.length > 0) throw configError(file, problems);
  if (!validation.config) throw new RoboError('ROBO_ERR_INTERNAL', `the config ${file} was refused by the schema, but no error was reported`);

  return {
    file: absolute,
    dir: dirname(absolute),
    config: applyDefaults(validation.config),
    locate: (path) => parsed.locator.value(path),
    writtenAs: (path) => substituted.written.get(pathKey(path)),
  };
}

/**
 * A config's text, read with the size cap, parsed and with `${VAR}` substituted (unset variables are in
 * `substituted.problems`, for the caller to weigh); a file that is too large, not text or not YAML is refused here.
 */
export async function readConfigFile(file: string, env: NodeJS.ProcessEnv | undefined, overrides: readonly ConfigOverride[] = []) {
  const absolute = resolve(file);
  return { absolute, ...substituted(file, overridden(parseYaml(await readConfigText(file, absolute)), overrides), env) };
}

/** The parsed file with `--set` values written in: the document itself, so the locator still finds every line. */
function overridden(parsed: ParsedYaml, overrides: readonly ConfigOverride[]): ParsedYaml {
  if (!parsed.ok || overrides.length === 0) return parsed;
  applyOverrides(parsed.doc, overrides);
  return { ...parsed, value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
}

function substituted(file: string, parsed: ParsedYaml, env: NodeJS.ProcessEnv | undefined) {
  if (!parsed.ok) throw configError(file, parsed.problems);
  return { parsed, substituted: substituteEnv(parsed.value, env ?? process.env, parsed.locator) };
}

/**
 * The plugins and the strategy kinds from packages and modules a config names, loaded by the resolvers,
 * whether or not the rest of the config is valid: an editor's schema is wanted most while the config is
 * still being written. Only a plugin or kind that cannot be loaded is an error here, at its entry's line.
 */
export async function loadConfigExtensions<P extends PluginResolution, S extends StrategyResolution>(
  file: string,
  resolvers: { readonly plugins: (file: string, requests: readonly PluginRequest[]) => Promise<P>; readonly strategies: (file: string, requests: readonly StrategyRequest[]) => Promise<S>; readonly builtinKinds: ReadonlyMap<string, unknown> },
  env?: NodeJS.ProcessEnv,
): Promise<{ readonly plugins: P; readonly strategies: S }> {
  const absolute = resolve(file);
  const read = parseYaml(await readConfigText(file, absolute));
  // A config not begun yet (nothing but comments, the schema line say) names nothing: nothing to refuse.
  if (!read.ok && read.empty === true) return { plugins: await resolvers.plugins(absolute, []), strategies: await resolvers.strategies(absolute, []) };
  const { parsed, substituted: values } = substituted(file, read, env);
  // Which package or module an entry names is not known while its variables are unset: that is the error, not the package.
  const unset = values.problems.filter(({ path }) => path[0] === 'plugins' || (path[0] === 'strategies' && (path[2] === 'kind' || path[2] === 'module')));
  if (unset.length > 0) throw configError(file, unset);
  const plugins = await resolvers.plugins(absolute, pluginRequests(values.value));
  const strategies = await resolvers.strategies(absolute, strategyRequests(values.value, resolvers.builtinKinds));
  const problems = [...pluginProblemsAt(parsed.locator, plugins.problems), ...strategyProblemsAt(parsed.locator, strategies.problems, values.secrets)];
  if (problems.length > 0) throw configError(file, problems);
  return { plugins, strategies };
}

/**
 * A kind's load problem at its `kind:` or `module:` line. A name or path the environment gave is never
 * printed, nor anything made of it (the file it resolved to): the message then names the variable.
 */
function strategyProblemsAt(locator: Locator, problems: StrategyResolution['problems'], secrets: ReadonlyMap<string, readonly string[]>): ConfigProblem[] {
  return problems.map(({ index, field, code, message }): ConfigProblem => {
    const path = ['strategies', index, field];
    const names = secrets.get(pathKey(path));
    const shown = names === undefined ? message : `the strategy ${field === 'module' ? 'module' : 'kind'} from environment variable ${names.join(', ')} (not shown) cannot be loaded: ${ERROR_CATALOG[code].meaning}`;
    return { ...locator.value(path), path, message: shown, code, source: 'config' };
  });
}

function pluginProblemsAt(locator: Locator, problems: PluginResolution['problems']): ConfigProblem[] {
  return problems.map(({ index, code, message }): ConfigProblem => {
    const path = ['plugins', index, 'package'];
    return { ...locator.value(path), path, message, code, source: 'config' };
  });
}

/** The `plugins:` entries whose `package` is a string; the schema reports the rest. */
function pluginRequests(data: unknown): PluginRequest[] {
  const list = typeof data === 'object' && data !== null && 'plugins' in data ? data.plugins : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown, index) => {
    const name = typeof entry === 'object' && entry !== null && 'package' in entry ? entry.package : undefined;
    return typeof name === 'string' && PACKAGE_NAME.test(name) ? [{ index, package: name }] : [];
  });
}

const STRATEGY_PACKAGE = new RegExp(STRATEGY_PACKAGE_PATTERN);

/**
 * The `strategies:` entries whose code comes from outside Robo: a `module`, or a `kind` that is not
 * built in and is named like a strategy package. Any other kind is checked against the built-ins.
 */
export function strategyRequests(data: unknown, builtins: ReadonlyMap<string, unknown>): StrategyRequest[] {
  const list = typeof data === 'object' && data !== null && 'strategies' in data ? data.strategies : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown, index): StrategyRequest[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { kind, module } = entry as { kind?: unknown; module?: unknown };
    // An entry with both is refused with the rest of the config (extensions.ts): which one was meant is not known.
    if (typeof kind === 'string' && typeof module === 'string') return [];
    if (typeof module === 'string' && module !== '') return [{ index, field: 'module', value: module }];
    if (typeof kind === 'string' && !builtins.has(kind) && STRATEGY_PACKAGE.test(kind)) return [{ index, field: 'kind', value: kind }];
    return [];
  });
}

/** Reads at most one byte past the cap, so a huge file (or an endless device) is refused without being read. */
async function readConfigText(file: string, absolute: string): Promise<string> {
  const read = await readSmallText(absolute, MAX_CONFIG_BYTES);
  if (read.ok) return read.text;
  if (read.problem === 'too-large') throw configError(file, [problemAtStart(`the file is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB); a config file is never that big`)]);
  if (read.problem === 'not-text') throw configError(file, [problemAtStart('the file is not UTF-8 text')]);
  throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${file} ${read.reason}`);
}

function problemAtStart(message: string): ConfigProblem {
  return { line: 1, col: 1, path: [], message, source: 'config' };
}

/**
 * Unset variables get their own code, but only when nothing else is wrong: fixing them is then all it takes.
 * A plugin that cannot be loaded is the first thing to fix (its options cannot be checked without it), so its code wins.
 */
export function configError(file: string, problems: readonly ConfigProblem[]): RoboError {
  const sorted = sortProblems(problems);
  const count = `${sorted.length} error${sorted.length === 1 ? '' : 's'}`;
  // The code says what is wrong when every problem says the same (a plugin not installed, an unknown
  // strategy kind, unset variables); a mix is an invalid config.
  const codes = new Set(sorted.map((problem) => problem.code ?? (problem.source === 'env' ? 'ROBO_ERR_CONFIG_ENV_MISSING' : 'ROBO_ERR_CONFIG_INVALID')));
  const [only] = codes;
  return new RoboError(codes.size === 1 && only !== undefined ? only : 'ROBO_ERR_CONFIG_INVALID', `${count} in ${file}`, {
    details: [
      ...sorted.slice(0, SHOWN_PROBLEMS).map((problem) => formatProblem(file, problem)),
      ...(sorted.length > SHOWN_PROBLEMS ? [`… and ${sorted.length - SHOWN_PROBLEMS} more errors: fix these and run robo validate again`] : []),
    ],
  });
}

/** Errors printed in full; past this many, one more line counts the rest (a generated config can hold thousands). */
const SHOWN_PROBLEMS = 50;
