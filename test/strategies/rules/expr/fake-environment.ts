/** A name table like a strategy's and an Environment over plain arrays, one value per bar, oldest first. */
import type { Environment, NameInfo, NameTable } from '../../../../strategies/rules/expr/contract.js';
import { checkExpression, compileExpression } from '../../../../strategies/rules/expr/index.js';
import type { ValueType } from '../../../../strategies/rules/expr/contract.js';

const series = (description: string, outputs?: readonly string[]): NameInfo => ({ type: 'number', series: true, outputs, description });
const state = (description: string, type: ValueType = 'number'): NameInfo => ({ type, series: false, description });

export const NAMES: NameTable = new Map<string, NameInfo>([
  ['open', series('the bar open')],
  ['high', series('the bar high')],
  ['low', series('the bar low')],
  ['close', series('the bar close')],
  ['volume', series('the bar volume')],
  ['rsi', series('RSI(14) of close')],
  ['trend', series('SMA(200) of close')],
  ['atr', series('ATR(14)')],
  ['macd', series('MACD(12, 26, 9)', ['signal', 'histogram'])],
  ['bb', series('Bollinger bands(20, 2)', ['upper', 'lower'])],
  ['position', state('shares held, negative when short')],
  ['bars_in_trade', state('bars since the entry')],
  ['time_of_day', state('minutes since midnight, exchange time')],
  ['weekday', state('Monday 1 … Sunday 7')],
  ['in_session', state('whether the regular session is open', 'condition')],
]);

/** Values per bar; a series key is `name` or `name.output`. Missing bars and names read NaN. */
export type Bars = Readonly<Record<string, readonly number[]>>;

export interface FakeEnvironment extends Environment {
  /** Moves to bar `index`. */
  at(index: number): void;
  /** How many readers were bound, by key: compile binds each once, calls bind none. */
  readonly bound: Map<string, number>;
}

export function fakeEnvironment(values: Bars): FakeEnvironment {
  let bar = 0;
  const bound = new Map<string, number>();
  const bind = (key: string): void => void bound.set(key, (bound.get(key) ?? 0) + 1);
  return {
    bound,
    at: (index) => {
      bar = index;
    },
    series: (name, output) => {
      const key = output === undefined ? name : `${name}.${output}`;
      bind(key);
      const list = values[key] ?? [];
      return (ago) => list[bar - ago] ?? NaN;
    },
    state: (name) => {
      bind(name);
      const list = values[name] ?? [];
      return () => list[bar] ?? NaN;
    },
    barIndex: () => bar,
  };
}

/** Checks and compiles `text`, failing with the problems when it does not check. */
export function compile(text: string, type: ValueType, env: Environment): () => number | boolean | undefined {
  const result = checkExpression(text, type, NAMES);
  if ('problems' in result) throw new Error(`'${text}' does not check: ${JSON.stringify(result.problems)}`);
  return compileExpression(result.expression, env);
}

/** The value of `text` on each bar of `values`, called once per bar. */
export function run(text: string, type: ValueType, values: Bars, bars: number): (number | boolean | undefined)[] {
  const env = fakeEnvironment(values);
  const evaluate = compile(text, type, env);
  return Array.from({ length: bars }, (_, i) => {
    env.at(i);
    return evaluate();
  });
}

/** The value of `text` on one bar where each name has the given value. */
export function valueOf(text: string, type: ValueType, now: Readonly<Record<string, number>> = {}): number | boolean | undefined {
  const env = fakeEnvironment(Object.fromEntries(Object.entries(now).map(([key, value]) => [key, [value]])));
  return compile(text, type, env)();
}
