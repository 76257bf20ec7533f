/**
 * The functions of the language, one table: the checker words its arity and type problems from it, the
 * compiler builds each call from it, and the language reference lists it.
 */
import type { Environment, ValueType } from './contract.js';

export type NumberReader = () => number;
export type ConditionReader = () => boolean | undefined;

export interface FunctionInfo {
  /** Parameter names as the reference and messages show them; with `variadic`, the last may repeat. */
  readonly params: readonly string[];
  readonly variadic: boolean;
  /** Every argument is a number. */
  readonly returns: ValueType;
  /** Keeps the previous bar's values of its arguments, so every series read inside needs one bar more. */
  readonly stateful: boolean;
  readonly description: string;
  readonly build: (args: readonly NumberReader[], env: Environment) => NumberReader | ConditionReader;
}

/**
 * `a` crosses `b` on this bar: the previous bar's values and this bar's are all known, and `crossed` holds
 * between them. The previous values shift when the bar index moves by one; a call on the same bar again
 * recomputes from the same previous values; a bar skipped (the index jumps) leaves the previous values unknown.
 */
function crosses(crossed: (a: number, b: number, previousA: number, previousB: number) => boolean) {
  return ([readA, readB]: readonly NumberReader[], env: Environment): ConditionReader => {
    const a = readA!;
    const b = readB!;
    let bar = NaN;
    let previousA = NaN;
    let previousB = NaN;
    let currentA = NaN;
    let currentB = NaN;
    return () => {
      const valueA = a();
      const valueB = b();
      const now = env.barIndex();
      if (now !== bar) {
        const next = now === bar + 1;
        previousA = next ? currentA : NaN;
        previousB = next ? currentB : NaN;
        bar = now;
      }
      currentA = valueA;
      currentB = valueB;
      if (valueA !== valueA || valueB !== valueB || previousA !== previousA || previousB !== previousB) return undefined;
      return crossed(valueA, valueB, previousA, previousB);
    };
  };
}

/** The smallest (or largest) of all arguments, NaN when any is NaN; every argument is read on every call. */
function extreme(pick: (a: number, b: number) => boolean) {
  return (readers: readonly NumberReader[]): NumberReader => {
    const first = readers[0]!;
    const rest = readers.slice(1);
    return () => {
      let result = first();
      for (const read of rest) {
        const value = read();
        if (value !== value || result !== result) result = NaN;
        else if (pick(value, result)) result = value;
      }
      return result;
    };
  };
}

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map<string, FunctionInfo>([
  [
    'crosses_above',
    {
      params: ['a', 'b'],
      variadic: false,
      returns: 'condition',
      stateful: true,
      description: 'a is above b on this bar and was at or below it on the previous bar',
      build: crosses((a, b, previousA, previousB) => a > b && previousA <= previousB),
    },
  ],
  [
    'crosses_below',
    {
      params: ['a', 'b'],
      variadic: false,
      returns: 'condition',
      stateful: true,
      description: 'a is below b on this bar and was at or above it on the previous bar',
      build: crosses((a, b, previousA, previousB) => a < b && previousA >= previousB),
    },
  ],
  ['min', { params: ['a', 'b'], variadic: true, returns: 'number', stateful: false, description: 'the smallest of two or more numbers', build: extreme((v, r) => v < r) }],
  ['max', { params: ['a', 'b'], variadic: true, returns: 'number', stateful: false, description: 'the largest of two or more numbers', build: extreme((v, r) => v > r) }],
  [
    'abs',
    {
      params: ['x'],
      variadic: false,
      returns: 'number',
      stateful: false,
      description: 'x without its sign',
      build: ([read]) => {
        const x = read!;
        return () => Math.abs(x());
      },
    },
  ],
]);

/** "crosses_above takes 2 arguments (a, b)", "min takes 2 or more arguments (a, b, ...)". */
export function arity(name: string, info: FunctionInfo): string {
  const count = info.params.length;
  const noun = count === 1 ? 'argument' : 'arguments';
  const list = info.params.join(', ') + (info.variadic ? ', ...' : '');
  return `${name} takes ${count}${info.variadic ? ' or more' : ''} ${noun} (${list})`;
}
