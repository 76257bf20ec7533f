/** The syntax tree of one expression: every node keeps its offsets in the text, `end` exclusive. */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An operator as written (`and`, `&&`, `=`), where it stands. */
export interface Operator extends Span {
  readonly text: string;
}

export type Node =
  | (Span & { readonly kind: 'number'; readonly value: number; readonly text: string })
  | (Span & { readonly kind: 'time'; readonly hours: number; readonly minutes: number; readonly text: string })
  | (Span & { readonly kind: 'name'; readonly name: string })
  | (Span & { readonly kind: 'member'; readonly object: Span & { readonly name: string }; readonly output: Span & { readonly name: string } })
  | (Span & { readonly kind: 'history'; readonly target: Node; readonly ago: Node })
  | (Span & { readonly kind: 'negate'; readonly operand: Node })
  | (Span & { readonly kind: 'not'; readonly op: Operator; readonly operand: Node })
  | (Span & { readonly kind: 'arithmetic'; readonly op: Operator; readonly left: Node; readonly right: Node })
  | (Span & { readonly kind: 'logic'; readonly op: Operator; readonly left: Node; readonly right: Node })
  /** `a < b`, or a chain `a < b < c` that the checker refuses with a message saying how to write it. */
  | (Span & { readonly kind: 'compare'; readonly operands: readonly Node[]; readonly ops: readonly Operator[] })
  | (Span & { readonly kind: 'call'; readonly callee: Span & { readonly name: string }; readonly args: readonly Node[] });
