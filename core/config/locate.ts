/** Turns a path in the parsed config into the 1-based line and column of the YAML text it came from, and back. */
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Scalar, YAMLMap } from 'yaml';
import type { YamlPath } from './problem.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface Locator {
  /** Where an offset in the text is. */
  offset(offset: number): Position;
  /** Where the value at `path` starts; if it has no node of its own (an alias), its nearest ancestor. */
  value(path: YamlPath): Position;
  /** Where the key naming the last segment of `path` is written; falls back to the value. */
  key(path: YamlPath): Position;
  /** The path of the deepest key or value that contains `offset`. */
  pathAt(offset: number): YamlPath;
  /**
   * Where the character at `index` of the string value at `path` is written: a problem inside a rule
   * (`rsi <`) points into the YAML string, past its quotes, escapes and folded lines.
   */
  inside(path: YamlPath, index: number): Position;
}

const START: Position = { line: 1, col: 1 };

export function createLocator(doc: Document, lineCounter: LineCounter, text = ''): Locator {
  const offset = (at: number): Position => {
    const pos = lineCounter.linePos(at);
    // linePos reports line 0 for a text without newlines; the first line is 1.
    return pos.line === 0 ? { line: 1, col: at + 1 } : { line: pos.line, col: pos.col };
  };

  const nodeAt = (path: YamlPath): Node | undefined => {
    const found: unknown = doc.getIn(path, true);
    return isNode(found) ? found : undefined;
  };

  const value = (path: YamlPath): Position => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = nodeAt(path.slice(0, depth));
      if (node?.range) return offset(node.range[0]);
    }
    return START;
  };

  // Each mapping's keys, indexed the first time one of them is asked for: a config with thousands of
  // unknown keys asks for every one, and a search through the mapping each time made that quadratic.
  const keysOf = new WeakMap<YAMLMap, Map<unknown, Scalar>>();
  const keyNode = (map: YAMLMap, name: string | number): Scalar | undefined => {
    let index = keysOf.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) if (isScalar(item.key) && !index.has(item.key.value)) index.set(item.key.value, item.key);
      keysOf.set(map, index);
    }
    return index.get(name);
  };

  const key = (path: YamlPath): Position => {
    const last = path[path.length - 1];
    const parent = nodeAt(path.slice(0, -1));
    if (last !== undefined && isMap(parent)) {
      const found = keyNode(parent, last);
      if (found?.range) return offset(found.range[0]);
    }
    return value(path);
  };

  const pathAt = (at: number): YamlPath => {
    const path: (string | number)[] = [];
    let node: unknown = doc.contents;
    // Descend while some child contains the offset; each step adds the key or index that led there.
    for (;;) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && (contains(item.key, at) || contains(item.value, at)));
        if (!pair || !isScalar(pair.key)) return path;
        path.push(String(pair.key.value));
        if (contains(pair.key, at)) return path;
        node = pair.value;
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => contains(item, at));
        if (index < 0) return path;
        path.push(index);
        node = node.items[index];
      } else {
        return path;
      }
    }
  };

  const inside = (path: YamlPath, index: number): Position => {
    const node = nodeAt(path);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return value(path);
    return offset(sourceOffset(text, node.range[0], node.range[1], node.type, node.value, index));
  };

  return { offset, value, key, pathAt, inside };
}

/**
 * The source offset of the value's character `index`: the value's characters are found in order in the
 * source after the opening quote or block header, skipping what YAML drops (line folds, indentation,
 * the second quote of `''`, an escape's backslash). A character the source writes as an escape (`\t`)
 * is matched at its backslash. Past the end, the end of the scalar's text.
 */
function sourceOffset(text: string, start: number, end: number, type: Scalar['type'], value: string, index: number): number {
  let at = start;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') at += 1;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') at = Math.min(end, text.indexOf('\n', start) + 1 || end);
  const stop = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? Math.max(at, end - 1) : end;
  if (text === '') return Math.min(at + index, stop);
  const escapes = type === 'QUOTE_DOUBLE';
  for (let i = 0; i < Math.min(index, value.length); i += 1) {
    const found = next(text, escapes ? pastLineEscapes(text, at, stop) : at, stop, value[i]!);
    at = escapes && text[found] === '\\' ? found + escapeLength(text, found) : found + 1;
    if (type === 'QUOTE_SINGLE' && value[i] === "'") at += 1;
  }
  if (index >= value.length) return stop;
  return next(text, escapes ? pastLineEscapes(text, at, stop) : at, stop, value[index]!);
}

/** How many characters the escape at `at` is written with: `\t` 2, `\x41` 4, `\u00e9` 6, `\U0001F600` 10. */
function escapeLength(text: string, at: number): number {
  const letter = text[at + 1];
  return letter === 'x' ? 4 : letter === 'u' ? 6 : letter === 'U' ? 10 : 2;
}

/**
 * Past the escaped line breaks from `at` (a `\` that ends a line of a double-quoted scalar): they stand
 * for no character of the value, so a search for one must not stop at their backslash.
 */
function pastLineEscapes(text: string, at: number, stop: number): number {
  for (let j = at; j < stop; j += 1) {
    const c = text[j];
    if (c === '\\' && (text[j + 1] === '\n' || text[j + 1] === '\r')) {
      at = j + 1;
      continue;
    }
    if (c !== '\n' && c !== '\r' && c !== ' ' && c !== '\t') return at;
  }
  return at;
}

/** The first offset from `at` where the source writes `char` (or an escape standing for it), else `at`. */
function next(text: string, at: number, stop: number, char: string): number {
  for (let j = at; j < stop; j += 1) {
    const c = text[j];
    if (c === char) return j;
    if (c === '\\') return j;
    // Only what YAML removes may be skipped: line breaks, indentation, and the spaces a fold leaves.
    if (c !== '\n' && c !== '\r' && c !== ' ' && c !== '\t') return at;
  }
  return at;
}

function contains(node: unknown, at: number): boolean {
  return isNode(node) && node.range !== undefined && node.range !== null && node.range[0] <= at && at < Math.max(node.range[1], node.range[0] + 1);
}
