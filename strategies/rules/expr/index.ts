/**
 * The rules language: `checkExpression` turns text into a checked expression or every problem in it, with
 * offsets in the text; `compileExpression` binds a checked expression to an Environment as one closure.
 */
import { RoboError } from '../../../core/domain/errors.js';
import { check, type Program } from './check.js';
import { compileCondition, compileNumber } from './compile.js';
import type { CheckedExpression, Environment, ExprProblem, NameTable, ValueType } from './contract.js';
import { parse } from './parse.js';

export type { CheckedExpression, Compiled, Environment, ExprProblem, NameInfo, NameTable, ValueType } from './contract.js';
export { FUNCTIONS } from './functions.js';
export { CONSTANTS, MAX_AGO } from './check.js';
export { MAX_LENGTH, MAX_NESTING } from './parse.js';

/** The typed program behind each checked expression, kept out of the contract's plain data. */
const programs = new WeakMap<CheckedExpression, Program>();

/** Parses and checks `text` as a value of type `expected`; a syntax problem alone, or every name and type problem. */
export function checkExpression(
  text: string,
  expected: ValueType,
  names: NameTable,
): { expression: CheckedExpression } | { problems: ExprProblem[] } {
  if (text.trim() === '') {
    const example = expected === 'condition' ? 'a condition such as close > 100' : 'a number such as 2 * atr';
    return { problems: [{ start: 0, end: text.length, message: `the expression is empty; write ${example}` }] };
  }
  let checked: ReturnType<typeof check>;
  try {
    const parsed = parse(text);
    if ('problem' in parsed) return { problems: [parsed.problem] };
    checked = check(parsed.ast, text, expected, names);
  } catch (error) {
    // Within MAX_LENGTH and MAX_NESTING only a long run of prefix operators (`- - - …`, `not not …`) can still
    // exhaust the parser's recursion; that text is refused like any other mistake, never thrown.
    if (!(error instanceof RangeError)) throw error;
    return { problems: [{ start: 0, end: text.length, message: 'the expression nests too deeply to check; write it flatter' }] };
  }
  if ('problems' in checked) return checked;
  const expression: CheckedExpression = Object.freeze({ text, type: checked.type, lookback: checked.lookback });
  programs.set(expression, checked.program);
  return { expression };
}

/**
 * Binds a checked expression to `env`: a number expression gives NaN until ready, a condition gives
 * undefined until ready. Call the result once per bar (again on the same bar is harmless); it never throws
 * on values, only on an expression that checkExpression did not return.
 */
export function compileExpression(expression: CheckedExpression, env: Environment): () => number | boolean | undefined {
  const program = programs.get(expression);
  if (program === undefined) {
    throw new RoboError('ROBO_ERR_INTERNAL', `compileExpression was given an expression checkExpression did not return: '${expression.text}'`);
  }
  const bound = bindOnce(env);
  return expression.type === 'number' ? compileNumber(program, bound) : compileCondition(program, bound);
}

/** The same Environment, asked once per series key and state name however often the expression reads it. */
function bindOnce(env: Environment): Environment {
  const series = new Map<string, (ago: number) => number>();
  const state = new Map<string, () => number>();
  return {
    series(name, output) {
      const key = output === undefined ? name : `${name}.${output}`;
      let reader = series.get(key);
      if (reader === undefined) series.set(key, (reader = env.series(name, output)));
      return reader;
    },
    state(name) {
      let reader = state.get(name);
      if (reader === undefined) state.set(name, (reader = env.state(name)));
      return reader;
    },
    barIndex: () => env.barIndex(),
  };
}
