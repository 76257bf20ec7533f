/**
 * Text to syntax tree, or one problem at the place the text stops making sense, worded for the person
 * who wrote the rule ("expected a number, a name or '(' after '<'"), never ohm's own list of tokens.
 */
import type { Node as OhmNode } from 'ohm-js';
import type { ExprProblem } from './contract.js';
import type { Node, Operator, Span } from './ast.js';
import { grammar } from './grammar.js';

const span = (node: OhmNode): Span => ({ start: node.source.startIdx, end: node.source.endIdx });
const operator = (node: OhmNode): Operator => ({ ...span(node), text: node.sourceString });
const ast = (node: OhmNode): Node => (node as unknown as { ast(): Node }).ast();

const semantics = grammar.createSemantics().addOperation<Node>('ast', {
  Or_binary(left, op, right) {
    return { kind: 'logic', ...span(this), op: operator(op), left: ast(left), right: ast(right) };
  },
  And_binary(left, op, right) {
    return { kind: 'logic', ...span(this), op: operator(op), left: ast(left), right: ast(right) };
  },
  Not_not(op, operand) {
    return { kind: 'not', ...span(this), op: operator(op), operand: ast(operand) };
  },
  Compare_compare(first, ops, rest) {
    return { kind: 'compare', ...span(this), operands: [ast(first), ...rest.children.map(ast)], ops: ops.children.map(operator) };
  },
  Sum_binary(left, op, right) {
    return { kind: 'arithmetic', ...span(this), op: operator(op), left: ast(left), right: ast(right) };
  },
  Product_binary(left, op, right) {
    return { kind: 'arithmetic', ...span(this), op: operator(op), left: ast(left), right: ast(right) };
  },
  Unary_negate(_minus, operand) {
    return { kind: 'negate', ...span(this), operand: ast(operand) };
  },
  Postfix_history(target, _open, ago, _close) {
    return { kind: 'history', ...span(this), target: ast(target), ago: ast(ago) };
  },
  // Parentheses only group: the inner node takes their span, so a problem with `(rsi < 30)` points at all of it.
  Primary_paren(_open, inner, _close) {
    return { ...ast(inner), ...span(this) };
  },
  Primary_call(callee, _open, args, _close) {
    return { kind: 'call', ...span(this), callee: { ...span(callee), name: callee.sourceString }, args: args.asIteration().children.map(ast) };
  },
  Primary_member(object, _dot, output) {
    return {
      kind: 'member',
      ...span(this),
      object: { ...span(object), name: object.sourceString },
      output: { ...span(output), name: output.sourceString },
    };
  },
  Primary_name(name) {
    return { kind: 'name', ...span(this), name: name.sourceString };
  },
  time(hours1, hours2, _colon, minutes1, minutes2) {
    return {
      kind: 'time',
      ...span(this),
      hours: Number(hours1.sourceString + hours2.sourceString),
      minutes: Number(minutes1.sourceString + minutes2.sourceString),
      text: this.sourceString,
    };
  },
  number(_digits, _fraction, _exponent) {
    return { kind: 'number', ...span(this), value: Number(this.sourceString), text: this.sourceString };
  },
});

/** The longest expression checked: far beyond any readable rule, well within what the parser's recursion can take. */
export const MAX_LENGTH = 2000;
/** The deepest nesting of '(' and '[' checked, for the same reason. */
export const MAX_NESTING = 32;

export function parse(text: string): { ast: Node } | { problem: ExprProblem } {
  const tooLarge = sizeProblem(text);
  if (tooLarge !== undefined) return { problem: tooLarge };
  const match = grammar.match(text);
  if (match.failed()) return { problem: syntaxProblem(text, match.getRightmostFailurePosition(), match.getExpectedText()) };
  return { ast: (semantics(match) as { ast(): Node }).ast() };
}

function sizeProblem(text: string): ExprProblem | undefined {
  if (text.length > MAX_LENGTH) {
    return { start: MAX_LENGTH, end: text.length, message: `the expression is ${text.length} characters long; at most ${MAX_LENGTH} are allowed` };
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) return { start: i, end: i + 1, message: `more than ${MAX_NESTING} levels of parentheses and brackets; write the expression flatter` };
  }
  return undefined;
}

/** Tokens as a reader sees them, used only to word a syntax problem: what came before, what stands here, what is still open. */
const TOKEN = /\d{1,2}:\d{2}(?!\d)|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||\S/gu;
const OPERATOR_WORDS = new Set(['and', 'or', 'not']);

function syntaxProblem(text: string, position: number, expected: string): ExprProblem {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const before = tokens.filter((t) => t.end <= position).at(-1);
  const here = tokens.find((t) => t.start >= position);
  const atEnd = here === undefined;
  const at = atEnd ? { start: text.length, end: text.length } : { start: here.start, end: here.end };
  const found = atEnd ? '' : `, found '${here.text}'`;
  const open: string[] = [];
  for (const token of tokens) {
    if (token.start >= position) break;
    if (token.text === '(' || token.text === '[') open.push(token.text);
    if (token.text === ')' || token.text === ']') open.pop();
  }
  const closer = open.at(-1) === '(' ? ')' : open.at(-1) === '[' ? ']' : undefined;
  const problem = (message: string): ExprProblem => ({ ...at, message });

  const literal = malformedLiteral(text, position);
  if (literal !== undefined) return literal;
  if (before === undefined) {
    return problem(atEnd ? 'the expression is empty' : `expected a number, a name or '(' at the start${found}`);
  }
  if (before.text === '.') return problem(`expected an output name after '${text.slice(0, before.end).match(/[A-Za-z_][A-Za-z0-9_]*\.$/u)?.[0] ?? '.'}'${found}`);
  if (expected === 'a digit') return problem(`expected a digit${found}`);
  if (expected.includes('a letter') && expected.includes('a digit')) {
    return problem(`expected a number, a name or '(' after '${before.text}'${atEnd ? ', but the expression ends there' : found}`);
  }
  if (atEnd) return problem(closer === undefined ? `the expression ends too early after '${before.text}'` : `unclosed '${open.at(-1)!}': expected '${closer}'`);
  if (here.text === ')' || here.text === ']') {
    if (closer === undefined) return problem(`'${here.text}' closes nothing: there is no '${here.text === ')' ? '(' : '['}' before it`);
    if (closer !== here.text) return problem(`expected '${closer}' to close the '${open.at(-1)!}'${found}`);
  }
  if (OPERATOR_WORDS.has(here.text.toLowerCase()) && !OPERATOR_WORDS.has(here.text)) return problem(`write '${here.text.toLowerCase()}' in lowercase`);
  if (here.text === '&' || here.text === '|') return problem(`use '${here.text === '&' ? 'and' : 'or'}' instead of '${here.text}'`);
  const or = closer === undefined ? '' : ` or '${closer}'`;
  return problem(`expected an operator such as and, or, <, +${or} after '${before.text}'${found}`);
}

/** A number or time of day written wrong (`1.`, `.5`, `2x`, `1e+`, `15:4`, `9:30:00`), as the whole word around the failure. */
function malformedLiteral(text: string, position: number): ExprProblem | undefined {
  const back = /[\w.:]*(?:[eE][+-])?$/u.exec(text.slice(0, position))![0];
  const ahead = /^[\w.:]*/u.exec(text.slice(position))![0];
  const word = back + ahead;
  if (!/^\.?\d/u.test(word)) return undefined;
  const at = { start: position - back.length, end: position + ahead.length };
  if (word.includes(':')) {
    return /^\d{1,2}:\d{2}$/u.test(word) ? undefined : { ...at, message: `'${word}' is no time of day; write hours:minutes, as in 9:30 or 15:45` };
  }
  return /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/u.test(word) ? undefined : { ...at, message: `'${word}' is not a number; write numbers as 30, 0.5 or 1e3` };
}
