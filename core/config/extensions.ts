/**
 * Checks what the config schema leaves to others: each strategy's kind is installed and its params
 * fit that kind's schema, each plugin's options fit the plugin's schema, and no two strategies share an id.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import { RoboError, messageOf } from '../domain/errors.js';
import { createAjv } from './ajv.js';
import { explainAjvErrors, show } from './explain.js';
import type { Locator } from './locate.js';
import { precompiledValidator } from './precompiled.js';
import { formatPath, pathKey } from './problem.js';
import type { ConfigProblem, YamlPath } from './problem.js';
import { RULES_KEYS, configSchema } from './schema.js';
import { suggest } from './suggest.js';
import { compatible, isTimeframe, TIMEFRAME_SCHEMA } from '../market/timeframe.js';

/** What the config check needs of a strategy kind (strategies/sdk.ts StrategyKind has it). */
export interface CheckableKind {
  readonly paramsSchema: object;
  /** The rules keys of an entry it reads; any other present is refused. */
  readonly reads?: readonly string[];
  check?(entry: Readonly<Record<string, unknown>>, checker: {
    schema(schema: object, value: unknown, path: YamlPath, owner: string): boolean;
    problem(path: YamlPath, message: string, options?: { readonly inside?: number; readonly hint?: string }): void;
  }): void;
}

export interface ExtensionSchemas {
  readonly strategyKinds: ReadonlyMap<string, CheckableKind>;
  readonly pluginSchemas?: ReadonlyMap<string, object> | undefined;
  /** Indexes of strategies whose kind (a package or module) could not be loaded: reported at their line already. */
  readonly unloadableStrategies?: ReadonlySet<number> | undefined;
}

interface Context extends ExtensionSchemas {
  readonly locator: Locator;
  readonly secrets: ReadonlyMap<string, readonly string[]>;
}

const SIZING_MODES = ['quantity', 'notional', 'equityPercent', 'riskPercent'] as const;
const SIZING_DESCRIPTION = configSchema.properties.strategies.items.properties.sizing.description;
const SIZING_KEYS = configSchema.properties.strategies.items.properties.sizing.properties;

const KIND_DESCRIPTION = configSchema.properties.strategies.items.properties.kind.description;
const MODULE_DESCRIPTION = configSchema.properties.strategies.items.properties.module.description;
const ID_DESCRIPTION = configSchema.properties.strategies.items.properties.id.description;

/** Runs on whatever parts are well-formed, so these errors arrive together with the schema's. */
export function checkExtensions(data: unknown, ctx: Context): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // A fresh ajv per load: schemas from kinds and plugins may reuse an `$id`, and they are compiled once
  // each. Created only for a schema that was not precompiled (a plugin's), so a plain start never loads ajv.
  let ajv: Ajv | undefined;
  const compiled = new Map<object, ValidateFunction>();
  const compile = (schema: object, owner: string): ValidateFunction => {
    let validate = compiled.get(schema);
    if (!validate) {
      try {
        validate = precompiledValidator(schema) ?? (ajv ??= createAjv()).compile(schema);
      } catch (error) {
        throw new RoboError('ROBO_ERR_INTERNAL', `the schema of ${owner} is not a valid JSON schema: ${messageOf(error)}`, { cause: error });
      }
      compiled.set(schema, validate);
    }
    return validate;
  };
  const check = (schema: object, owner: string, value: unknown, prefix: YamlPath): boolean => {
    const validate = compile(schema, owner);
    if (validate(value)) return true;
    problems.push(...explainAjvErrors(validate.errors ?? [], { schema, data: value, prefix, locator: ctx.locator, secrets: ctx.secrets }));
    return false;
  };

  const firstUse = new Map<string, YamlPath>();
  const traders = new Map<string, { readonly id: unknown; readonly path: YamlPath; readonly exits: boolean }[]>();
  entries(field(data, 'strategies')).forEach((strategy, index) => {
    const at: YamlPath = ['strategies', index];
    const id = field(strategy, 'id');
    const exits = field(strategy, 'exits') !== undefined || field(field(strategy, 'params'), 'exits') !== undefined;
    entries(field(strategy, 'symbols')).forEach((symbol, i) => {
      if (typeof symbol !== 'string') return;
      const list = traders.get(symbol) ?? [];
      list.push({ id, path: [...at, 'symbols', i], exits });
      traders.set(symbol, list);
    });
    if (typeof id === 'string') {
      const idPath = [...at, 'id'];
      const earlier = firstUse.get(id);
      if (earlier) {
        const shownId = ctx.secrets.has(pathKey(idPath)) ? 'this id' : `id ${show(id)}`;
        const line = ctx.locator.value(earlier).line;
        problems.push({ ...ctx.locator.value(idPath), path: idPath, message: `${shownId} is already used by ${formatPath(earlier.slice(0, -1))} on line ${line}; ids must differ`, hint: ID_DESCRIPTION, source: 'config' });
      } else {
        firstUse.set(id, idPath);
      }
    }

    const sizing = field(strategy, 'sizing');
    if (isRecord(sizing)) {
      const modes = SIZING_MODES.filter((mode) => sizing[mode] !== undefined);
      // A misspelt key (`qty`) is the schema's to report, with its guess; "needs one of" would only repeat it.
      const misspelt = Object.keys(sizing).some((key) => !Object.hasOwn(SIZING_KEYS, key));
      if (modes.length !== 1 && !misspelt) {
        const message = modes.length === 0 ? `needs one of ${SIZING_MODES.join(', ')}` : `has ${modes.join(' and ')}; give only one of them`;
        problems.push({ ...ctx.locator.value([...at, 'sizing']), path: [...at, 'sizing'], message, hint: SIZING_DESCRIPTION, source: 'config' });
      }
    }

    const timeframe = field(strategy, 'timeframe');
    const barSeconds = field(field(data, 'data'), 'barSeconds');
    if (isTimeframe(timeframe) && typeof barSeconds === 'number') {
      const fits = compatible(timeframe, barSeconds);
      if (!fits.ok) problems.push({ ...ctx.locator.value([...at, 'timeframe']), path: [...at, 'timeframe'], message: fits.reason, hint: TIMEFRAME_SCHEMA.description, source: 'config' });
    }

    if (!isRecord(strategy)) return;
    const kind = field(strategy, 'kind');
    const module = field(strategy, 'module');
    if (kind !== undefined && module !== undefined) {
      problems.push({ ...ctx.locator.key([...at, 'module']), path: [...at, 'module'], message: 'a strategy names its code by kind or by module, not both; remove one', hint: MODULE_DESCRIPTION, source: 'config' });
      return;
    }
    if (kind === undefined && module === undefined) {
      problems.push({ ...ctx.locator.value(at), path: [...at, 'kind'], message: 'is required but missing: name the strategy\'s code by kind (built in, or an npm package) or by module (a file next to the config)', hint: KIND_DESCRIPTION, source: 'config' });
      return;
    }
    if (ctx.unloadableStrategies?.has(index) === true) return;
    const named = typeof module === 'string' ? { key: module, what: `strategy module ${JSON.stringify(module)}`, path: [...at, 'module'] } : typeof kind === 'string' ? { key: kind, what: `strategy kind ${JSON.stringify(kind)}`, path: [...at, 'kind'] } : undefined;
    if (named === undefined) return;
    const installed = ctx.strategyKinds.get(named.key);
    if (!installed) {
      problems.push(unknownKind(named.key, named.path, ctx));
      return;
    }
    for (const key of RULES_KEYS) {
      if (field(strategy, key) === undefined || installed.reads?.includes(key) === true) continue;
      const readers = [...ctx.strategyKinds].filter(([, k]) => k.reads?.includes(key) === true).map(([name]) => name).sort();
      problems.push({ ...ctx.locator.key([...at, key]), path: [...at, key], message: `${named.what} does not read ${key}; ${readers.length === 0 ? 'no installed kind does' : `kinds that do: ${readers.join(', ')}`}`, source: 'config' });
    }
    const params = field(strategy, 'params') ?? {};
    if (isRecord(params)) check(installed.paramsSchema, `${named.what} (its paramsSchema)`, params, [...at, 'params']);
    if (installed.check) {
      installed.check(strategy, {
        schema: (schema, value, path, owner) => check(schema, owner, value, [...at, ...path]),
        problem: (path, message, options) => {
          const full = [...at, ...path];
          const where = options?.inside === undefined ? ctx.locator.value(full) : ctx.locator.inside(full, options.inside);
          problems.push({ ...where, path: full, message, ...(options?.hint === undefined ? {} : { hint: options.hint }), source: 'config' });
        },
      });
    }
  });

  // A strategy reads the account's position in its symbol: beside another, it takes the other's shares
  // for its own. With exits at the broker that is dangerous — one closes the position and the other's
  // stop is left working against nothing, then sells short — so such a symbol goes to one strategy.
  for (const [symbol, list] of traders) {
    const [first, ...others] = list;
    const withExits = list.find((trader) => trader.exits);
    if (first === undefined || others.length === 0 || withExits === undefined) continue;
    for (const other of others) {
      problems.push({ ...ctx.locator.value(other.path), path: other.path, message: `${symbol} is also traded by strategy ${String(first.id)}, and strategy ${String(withExits.id)} places exits at the broker: a strategy's position is the account's in the symbol, so one would close the other's shares and leave those exits working against a flat (then short) position; give each symbol to one strategy`, source: 'config' });
    }
  }

  entries(field(data, 'plugins')).forEach((plugin, index) => {
    const name = field(plugin, 'package');
    const schema = typeof name === 'string' ? ctx.pluginSchemas?.get(name) : undefined;
    const options = field(plugin, 'options') ?? {};
    if (schema && isRecord(options)) check(schema, `plugin ${JSON.stringify(name)} (its options schema)`, options, ['plugins', index, 'options']);
  });
  return problems;
}

function unknownKind(kind: string, path: YamlPath, ctx: Context): ConfigProblem {
  const kinds = [...ctx.strategyKinds.keys()].sort();
  const secret = ctx.secrets.has(pathKey(path));
  const guess = secret ? undefined : suggest(kind, kinds);
  const named = secret ? 'the kind from the environment (not shown)' : JSON.stringify(kind);
  const installed = kinds.length === 0 ? 'no strategy kinds are installed' : `installed kinds are ${kinds.join(', ')}`;
  const message = `unknown strategy kind ${named}; ${guess === undefined ? '' : `did you mean ${JSON.stringify(guess)}? `}${installed}`;
  return { ...ctx.locator.value(path), path, message, hint: KIND_DESCRIPTION, code: 'ROBO_ERR_STRATEGY_UNKNOWN', source: 'config' };
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function entries(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
