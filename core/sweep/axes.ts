/**
 * What a sweep varies: each `--set PATH=SPEC` is one axis — a range `a..b:step` (both ends included,
 * stepped in exact decimals so 0.1..0.3:0.1 is three values), a list `a,b,c`, or one value — and the
 * combinations are every choice of one value per axis, in the order the axes were given.
 */
import { RoboError } from '../domain/errors.js';
import { Dec } from '../domain/money.js';
import { parseOverridePath, scalarOf, type ConfigOverride } from '../config/overrides.js';
import type { YamlPath } from '../config/problem.js';

/** More runs than anyone reads the table of; a bigger grid is a mistake in a range's step. */
export const MAX_COMBINATIONS = 10_000;

export type AxisValue = ConfigOverride['value'];

export interface Axis {
  /** The path as written (`strategies[0].params.fast`): the column's name and the key in `values`. */
  readonly name: string;
  readonly path: YamlPath;
  readonly values: readonly AxisValue[];
}

export interface Combination {
  /** Its place in the grid, from 0: the first axis varies slowest. Ties in a ranking are broken by it. */
  readonly index: number;
  /** One value per axis, by the axis's name, in the order of the axes. */
  readonly values: Readonly<Record<string, AxisValue>>;
  readonly overrides: readonly ConfigOverride[];
}

export function parseAxis(argument: string): Axis {
  const at = argument.indexOf('=');
  if (at < 0) throw new RoboError('ROBO_ERR_USAGE', `--set: expected PATH=VALUES such as strategies[0].params.fast=5..20:5, was ${JSON.stringify(argument)}`);
  const name = argument.slice(0, at);
  const spec = argument.slice(at + 1);
  const path = parseOverridePath(name, argument);
  if (spec.includes('..')) return { name, path, values: rangeValues(spec, argument) };
  if (spec.includes(',')) return { name, path, values: spec.split(',').map((item) => scalarOf(item.trim(), argument)) };
  return { name, path, values: [scalarOf(spec, argument)] };
}

/** `a..b:step` (step 1 when left out): a, a + step, … up to b included when the steps land on it. */
function rangeValues(spec: string, written: string): number[] {
  const match = /^\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*(?::\s*([\d.]+)\s*)?$/.exec(spec);
  const fail = (why: string): never => { throw new RoboError('ROBO_ERR_USAGE', `--set ${written}: ${why}`); };
  if (match === null) return fail(`expected a range written FIRST..LAST:STEP such as 5..20:5, was ${JSON.stringify(spec)}`);
  const number = (text: string): InstanceType<typeof Dec> => {
    try { return new Dec(text); } catch { return fail(`expected a number, was ${JSON.stringify(text)}`); }
  };
  const first = number(match[1]!);
  const last = number(match[2]!);
  const step = number(match[3] ?? '1');
  if (step.lte(0)) return fail(`expected a step above 0, was ${step.toString()}`);
  if (first.gt(last)) return fail(`expected the first value on or below the last, was ${first.toString()} above ${last.toString()}`);
  const count = last.minus(first).div(step).floor().plus(1);
  if (count.gt(MAX_COMBINATIONS)) return fail(`expected at most ${MAX_COMBINATIONS} values, was ${count.toString()}: is the step too small?`);
  return Array.from({ length: count.toNumber() }, (_, i) => first.plus(step.times(i)).toNumber());
}

/** Every combination, the first axis varying slowest; refused past MAX_COMBINATIONS before any is built. */
export function combinationsOf(axes: readonly Axis[]): Combination[] {
  const total = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (total > MAX_COMBINATIONS) {
    throw new RoboError('ROBO_ERR_USAGE', `the sweep has ${total} combinations (${axes.map((a) => `${a.values.length} of ${a.name}`).join(' × ')}): expected at most ${MAX_COMBINATIONS}; use fewer values or larger steps`);
  }
  const combinations: Combination[] = [];
  for (let index = 0; index < total; index++) {
    let rest = index;
    const picks = new Array<AxisValue>(axes.length);
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      picks[a] = axis.values[rest % axis.values.length]!;
      rest = Math.floor(rest / axis.values.length);
    }
    combinations.push({
      index,
      values: Object.fromEntries(axes.map((axis, a) => [axis.name, picks[a]!])),
      overrides: axes.map((axis, a) => ({ path: axis.path, value: picks[a]!, written: `${axis.name}=${String(picks[a])}` })),
    });
  }
  return combinations;
}
