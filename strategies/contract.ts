/**
 * What a strategy kind from outside Robo must be — a package's or a module's default export — checked at
 * run time, because code on disk was not necessarily built against the SDK's types; and the version of
 * the strategy API that a kind's `robo` range is checked against.
 */
import { describeValue } from '../core/quote.js';
import { RULES_KEYS } from '../core/config/schema.js';

/**
 * The version of the strategy API this host provides (the SDK: StrategyKind, the context, the order
 * shapes), not the package version: a kind states the range it was written for in `robo`. Minor:
 * something was added; major: something a kind may use changed or went away.
 */
export const ROBO_STRATEGY_API = '1.0.0';

/** The entry keys a kind may declare it reads. */
const READABLE: ReadonlySet<string> = new Set(RULES_KEYS);

/** The characters of a semver range, with a version number in it (`^1`, `>=1.2 <2`, `1.x`): the full check is semver's, at load. */
const RANGE_LIKE = /^[\s^~<>=|]*(v?\d|[*xX])[\s\w.^~<>=|*+-]*$/;

/** What is wrong with a would-be strategy kind, in full words; undefined when it has the contract's shape. */
export function checkStrategyShape(value: unknown): string | undefined {
  if (!isRecord(value)) return `expected a strategy kind from defineStrategy(), was ${describeValue(value)}`;
  if (typeof value['kind'] !== 'string' || value['kind'] === '') return `kind must be the kind's name, a non-empty string, was ${describeValue(value['kind'])}`;
  if (typeof value['description'] !== 'string') return `description must be a string, was ${describeValue(value['description'])}`;
  if (!isRecord(value['paramsSchema'])) return `paramsSchema must be a JSON Schema object, was ${describeValue(value['paramsSchema'])}`;
  if (typeof value['create'] !== 'function') return 'the kind has no create(context, params) function';
  for (const hook of ['check', 'warmupBars'] as const) {
    if (value[hook] !== undefined && typeof value[hook] !== 'function') return `${hook} must be a function, was ${describeValue(value[hook])}`;
  }
  const reads = value['reads'];
  if (reads !== undefined && !(Array.isArray(reads) && reads.every((key) => typeof key === 'string' && READABLE.has(key)))) return `reads must list rules keys (${RULES_KEYS.join(', ')}), was ${describeValue(reads)}`;
  const robo = value['robo'];
  // Whether it is a valid range is asked where a kind from outside is loaded (load-kinds.ts): semver is not
  // loaded for the built-in kinds, which every start defines (docs/performance.md).
  if (robo !== undefined && (typeof robo !== 'string' || !RANGE_LIKE.test(robo))) return `robo must be a semver range of the Robo strategy API like ^1.0.0, was ${describeValue(robo)}`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
