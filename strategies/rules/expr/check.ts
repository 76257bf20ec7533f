/**
 * Syntax tree to a typed program, or every name and type problem at once, each at the node it is about.
 * A node that already has a problem gives its parent no type, so one mistake is reported once.
 */
import { suggest } from '../../../core/config/suggest.js';
import type { ExprProblem, NameTable, ValueType } from './contract.js';
import type { Node, Span } from './ast.js';
import { arity, FUNCTIONS } from './functions.js';

/** The program the compiler turns into closures: names resolved, types known, history depths fixed. */
export type Program =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'series'; readonly type: ValueType; readonly name: string; readonly output: string | undefined; readonly ago: number }
  | { readonly kind: 'state'; readonly type: ValueType; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: Program }
  | { readonly kind: 'arithmetic'; readonly op: '+' | '-' | '*' | '/'; readonly left: Program; readonly right: Program }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly operands: ValueType; readonly left: Program; readonly right: Program }
  | { readonly kind: 'not'; readonly operand: Program }
  | { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly left: Program; readonly right: Program }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Program[] };

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Words with a fixed value: `true`, `false`, and the weekdays as the `weekday` state numbers them (Monday 1 … Sunday 7). */
export const CONSTANTS: ReadonlyMap<string, Program & { kind: 'number' | 'boolean' }> = new Map<string, Program & { kind: 'number' | 'boolean' }>([
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map(
    (day, i) => [day, { kind: 'number', value: i + 1 }] as [string, Program & { kind: 'number' }],
  ),
]);

/** The deepest `[n]` history may reach. */
export const MAX_AGO = 5000;

const SYMBOL_WORDS: Readonly<Record<string, string>> = { '&&': 'and', '||': 'or', '!': 'not' };
const NAMES_LISTED = 20;

interface Typed {
  /** Undefined when the node has a problem already reported. */
  readonly type: ValueType | undefined;
  readonly program: Program;
}

const NOTHING: Program = { kind: 'number', value: NaN };

export function check(
  root: Node,
  text: string,
  expected: ValueType,
  names: NameTable,
): { program: Program; type: ValueType; lookback: Map<string, number> } | { problems: ExprProblem[] } {
  const problems: ExprProblem[] = [];
  const lookback = new Map<string, number>();
  const report = (at: Span, message: string): void => void problems.push({ start: at.start, end: at.end, message });
  const source = (at: Span): string => text.slice(at.start, at.end);
  const failed: Typed = { type: undefined, program: NOTHING };

  /** A problem when the node's type is known and is not `wanted`; `what` finishes "this is a number; …". */
  const expect = (typed: Typed, wanted: ValueType, at: Span, what: string): void => {
    if (typed.type === undefined || typed.type === wanted) return;
    report(at, typed.type === 'number' ? `this is a number; ${what}` : `this is a condition (true or false); ${what}`);
  };

  const unknownName = (at: Span & { readonly name: string }): void => {
    const known = [...names.keys(), ...CONSTANTS.keys(), ...FUNCTIONS.keys()];
    const guess = suggest(at.name, known);
    const listed = [...names.keys()].sort();
    const list = listed.length > NAMES_LISTED ? `${listed.slice(0, NAMES_LISTED).join(', ')}, …` : listed.join(', ');
    report(
      at,
      guess !== undefined
        ? `unknown name '${at.name}'; did you mean ${guess}?`
        : `unknown name '${at.name}'${listed.length > 0 ? `; the names here are ${list}` : ''}`,
    );
  };

  /** A name or `name.output`, read `ago` bars back; `shift` is how many more bars a stateful function around it keeps. */
  const read = (node: Node & { kind: 'name' | 'member' }, ago: number, shift: number): Typed => {
    const object = node.kind === 'name' ? node : node.object;
    const constant = CONSTANTS.get(object.name);
    const info = constant === undefined ? names.get(object.name) : undefined;
    if (constant !== undefined && node.kind === 'name') return { type: constant.kind === 'number' ? 'number' : 'condition', program: constant };
    if (info === undefined && FUNCTIONS.has(object.name) && node.kind === 'name') {
      report(node, `${object.name} is a function; call it as ${object.name}(${FUNCTIONS.get(object.name)!.params.join(', ')})`);
      return failed;
    }
    if (info === undefined) {
      if (constant !== undefined || FUNCTIONS.has(object.name)) report(node, `${object.name} has no outputs`);
      else unknownName(object);
      return failed;
    }
    let output: string | undefined;
    if (node.kind === 'member') {
      output = node.output.name;
      const outputs = info.outputs ?? [];
      if (outputs.length === 0) {
        report(node.output, `${object.name} has no outputs; read it as ${object.name}`);
        return failed;
      }
      if (!outputs.includes(output)) {
        const guess = suggest(output, outputs);
        report(node.output, `${object.name} has no output '${output}'${guess === undefined ? '' : `; did you mean ${guess}?`} Its outputs are ${outputs.join(', ')}`);
        return failed;
      }
      if (!info.series) {
        report(node, `${object.name} is not a series, so its outputs cannot be read`);
        return failed;
      }
    }
    if (!info.series) return { type: info.type, program: { kind: 'state', type: info.type, name: object.name } };
    const key = output === undefined ? object.name : `${object.name}.${output}`;
    lookback.set(key, Math.max(lookback.get(key) ?? 0, ago + shift));
    return { type: info.type, program: { kind: 'series', type: info.type, name: object.name, output, ago } };
  };

  const visit = (node: Node, shift: number): Typed => {
    switch (node.kind) {
      case 'number':
        if (!Number.isFinite(node.value)) {
          report(node, `${node.text} is too large a number`);
          return failed;
        }
        return { type: 'number', program: { kind: 'number', value: node.value } };
      case 'time':
        if (node.hours > 23 || node.minutes > 59) {
          report(node, `${node.text} is no time of day: hours go from 0 to 23, minutes from 00 to 59`);
          return failed;
        }
        return { type: 'number', program: { kind: 'number', value: node.hours * 60 + node.minutes } };
      case 'name':
      case 'member':
        return read(node, 0, shift);
      case 'history':
        return history(node, shift);
      case 'negate': {
        const operand = visit(node.operand, shift);
        expect(operand, 'number', node.operand, "'-' needs a number");
        return { type: operand.type && 'number', program: { kind: 'negate', operand: operand.program } };
      }
      case 'arithmetic': {
        const left = visit(node.left, shift);
        const right = visit(node.right, shift);
        const what = `'${node.op.text}' needs a number on each side`;
        expect(left, 'number', node.left, what);
        expect(right, 'number', node.right, what);
        const type = left.type === 'number' && right.type === 'number' ? 'number' : undefined;
        return { type, program: { kind: 'arithmetic', op: node.op.text as '+', left: left.program, right: right.program } };
      }
      case 'not': {
        const word = SYMBOL_WORDS[node.op.text];
        if (word !== undefined) report(node.op, `use '${word}' instead of '${node.op.text}'`);
        const operand = visit(node.operand, shift);
        expect(operand, 'condition', node.operand, "'not' needs a condition, such as not (close > 100)");
        return { type: operand.type && 'condition', program: { kind: 'not', operand: operand.program } };
      }
      case 'logic': {
        const word = SYMBOL_WORDS[node.op.text] ?? node.op.text;
        if (word !== node.op.text) report(node.op, `use '${word}' instead of '${node.op.text}'`);
        const left = visit(node.left, shift);
        const right = visit(node.right, shift);
        const what = `'${word}' needs a condition on each side, such as close > 100`;
        expect(left, 'condition', node.left, what);
        expect(right, 'condition', node.right, what);
        const type = left.type === 'condition' && right.type === 'condition' ? 'condition' : undefined;
        return { type, program: { kind: 'logic', op: word as 'and', left: left.program, right: right.program } };
      }
      case 'compare':
        return compare(node, shift);
      case 'call':
        return call(node, shift);
    }
  };

  const history = (node: Node & { kind: 'history' }, shift: number): Typed => {
    const ago = node.ago;
    const agoValid = ago.kind === 'number' && Number.isInteger(ago.value) && ago.value >= 0 && ago.value <= MAX_AGO;
    if (!agoValid) report(ago, `bars back must be a whole number from 0 to ${MAX_AGO}, such as close[1]`);
    const target = node.target;
    if (target.kind !== 'name' && target.kind !== 'member') {
      visit(target, shift);
      report(node, `only a series name can be read back in time, such as close[1] or macd.signal[2]; '${source(target)}' is not one`);
      return failed;
    }
    const name = target.kind === 'name' ? target.name : target.object.name;
    const info = names.get(name);
    if (info !== undefined && !info.series && !CONSTANTS.has(name)) {
      report(node, `${name} is not a series and has no history; only bar fields and indicators can be read back, such as close[1]`);
      return failed;
    }
    if (CONSTANTS.has(name) && target.kind === 'name') {
      report(node, `${name} is a constant and has no history`);
      return failed;
    }
    const typed = read(target, agoValid ? (ago as { value: number }).value : 0, shift);
    return agoValid ? typed : failed;
  };

  const compare = (node: Node & { kind: 'compare' }, shift: number): Typed => {
    for (const op of node.ops) if (op.text === '=') report(op, "use '==' to compare; '=' is not an operator here");
    const operands = node.operands.map((operand) => visit(operand, shift));
    if (node.ops.length > 1) {
      const pairs = node.ops.map((op, i) => `${source(node.operands[i]!)} ${op.text} ${source(node.operands[i + 1]!)}`);
      report(node, `comparisons cannot be chained; write ${pairs.join(' and ')}`);
      return failed;
    }
    const [left, right] = operands as [Typed, Typed];
    const op = node.ops[0]!.text === '=' ? '==' : (node.ops[0]!.text as CompareOp);
    const equality = op === '==' || op === '!=';
    let type: ValueType | undefined = 'condition';
    if (!equality) {
      const what = `'${op}' compares numbers, such as close > 100`;
      expect(left, 'number', node.operands[0]!, what);
      expect(right, 'number', node.operands[1]!, what);
      if (left.type !== 'number' || right.type !== 'number') type = undefined;
    } else if (left.type === undefined || right.type === undefined) {
      type = undefined;
    } else if (left.type !== right.type) {
      report(node, `'${op}' compares a number with a number or a condition with a condition; here one side is a number, the other a condition`);
      type = undefined;
    }
    if (node.ops[0]!.text === '=') type = undefined;
    return { type, program: { kind: 'compare', op, operands: left.type ?? 'number', left: left.program, right: right.program } };
  };

  const call = (node: Node & { kind: 'call' }, shift: number): Typed => {
    const name = node.callee.name;
    const info = FUNCTIONS.get(name);
    const args = node.args.map((arg) => visit(arg, shift + (info?.stateful === true ? 1 : 0)));
    if (info === undefined) {
      const guess = suggest(name, FUNCTIONS.keys());
      if (names.has(name) || CONSTANTS.has(name)) report(node.callee, `${name} is not a function; read it as ${name}`);
      else report(node.callee, `unknown function '${name}'; ${guess === undefined ? `the functions are ${[...FUNCTIONS.keys()].join(', ')}` : `did you mean ${guess}?`}`);
      return failed;
    }
    const count = node.args.length;
    if (count < info.params.length || (!info.variadic && count > info.params.length)) {
      report(node, `${arity(name, info)}, was given ${count}`);
      return failed;
    }
    args.forEach((arg, i) => {
      const param = info.params[Math.min(i, info.params.length - 1)]!;
      expect(arg, 'number', node.args[i]!, `${name}'s argument ${info.variadic ? i + 1 : param} must be a number`);
    });
    const typed = args.every((arg) => arg.type === 'number');
    return { type: typed ? info.returns : undefined, program: { kind: 'call', name, args: args.map((arg) => arg.program) } };
  };

  const result = visit(root, 0);
  if (result.type !== undefined && result.type !== expected) {
    const short = text.trim().length <= 30 ? text.trim() : 'close';
    report(
      root,
      expected === 'condition'
        ? `this is a number; a rule needs a condition such as ${short} > 100`
        : 'this is a condition (true or false); a number is needed here, such as 2 * atr',
    );
  }
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.start - b.start || a.end - b.end) };
  return { program: result.program, type: expected, lookback };
}
