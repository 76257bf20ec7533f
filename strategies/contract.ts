/**
 * What a strategy kind from outside Robo must be — a package's or a module's default export — checked at
 * run time, because code on disk was not necessarily built against the SDK's types; and the version of
 * the strategy API that a kind's `robo` range is checked against.
 */
import semver from 'semver';
import { excerpt } from '../core/quote.js';

/**
 * The version of the strategy API this host provides (the SDK: StrategyKind, the context, the order
 * shapes), not the package version: a kind states the range it was written for in `robo`. Minor:
 * something was added; major: something a kind may use changed or went away.
 */
export const ROBO_STRATEGY_API = '1.0.0';

/** What is wrong with a would-be strategy kind, in full words; undefined when it has the contract's shape. */
export function checkStrategyShape(value: unknown): string | undefined {
  if (!isRecord(value)) return `expected a strategy kind from defineStrategy(), was ${describe(value)}`;
  if (typeof value['kind'] !== 'string' || value['kind'] === '') return `kind must be the kind's name, a non-empty string, was ${describe(value['kind'])}`;
  if (typeof value['description'] !== 'string') return `description must be a string, was ${describe(value['description'])}`;
  if (!isRecord(value['paramsSchema'])) return `paramsSchema must be a JSON Schema object, was ${describe(value['paramsSchema'])}`;
  if (typeof value['create'] !== 'function') return 'the kind has no create(context, params) function';
  const robo = value['robo'];
  if (robo !== undefined && (typeof robo !== 'string' || semver.validRange(robo) === null)) return `robo must be a semver range of the Robo strategy API like ^1.0.0, was ${describe(robo)}`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${excerpt(value)}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects and functions are described above; only primitives get here
  return `${typeof value} ${excerpt(String(value))}`;
}
