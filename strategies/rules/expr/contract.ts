/**
 * The rules language's boundary: text in, a checked program or every problem (as offsets inside the text)
 * out; a checked program compiled once into closures over an Environment. No `eval`, no `Function`.
 */

/** What a value is: a number (NaN = not ready yet) or a condition (undefined = not ready yet, never true). */
export type ValueType = 'number' | 'condition';

/** One problem, located inside the expression's text by offsets (0-based, `end` exclusive). */
export interface ExprProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** A name an expression may read. */
export interface NameInfo {
  readonly type: ValueType;
  /** Series (bar fields, indicator outputs) can be read back in time: `close[1]`. State cannot. */
  readonly series: boolean;
  /** For an indicator with several outputs: the names after the dot (`macd.signal`); the bare name reads the main one. */
  readonly outputs?: readonly string[];
  readonly description: string;
}

/** The names in scope for one strategy: bar fields, its indicators, position/trade and time state. */
export type NameTable = ReadonlyMap<string, NameInfo>;

/** What a compiled program reads at run time, bound once per strategy and symbol at compile time. */
export interface Environment {
  /**
   * A series' value `ago` bars back (0 = this bar): `series('close')`, `series('macd', 'signal')`.
   * Returns a reader bound at compile time; NaN before the series has that many values.
   */
  series(name: string, output?: string): (ago: number) => number;
  /** A state value now (position, bars_in_trade, minutes_to_close…); NaN when it has none. */
  state(name: string): () => number;
  /** Increases by one per bar of the strategy's timeframe; lets stateful operators (crosses_*) keep their previous values. */
  barIndex(): number;
}

export type Compiled<T extends ValueType> = T extends 'number' ? () => number : () => boolean | undefined;

/** A checked expression: its text, its type, and how far back it reads each series (`close[3]` → close: 3). */
export interface CheckedExpression {
  readonly text: string;
  readonly type: ValueType;
  /** Deepest look-back per series key, `name` or `name.output`; crosses_* count as 1. */
  readonly lookback: ReadonlyMap<string, number>;
}

/*
 * Implemented in ./index.ts:
 *   checkExpression(text, expected: ValueType, names: NameTable): { expression: CheckedExpression } | { problems: ExprProblem[] }
 *   compileExpression(expression: CheckedExpression, env: Environment): () => number | boolean | undefined
 */
