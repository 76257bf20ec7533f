/**
 * `--set strategies[0].params.fast=10`: a value of the config replaced on the command line before the
 * config is validated. The replacement is made in the parsed YAML document — a value written in the file
 * keeps its place — so an error still names the file, line and column, and says which `--set` it came from.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { RoboError } from '../domain/errors.js';
import { formatPath, pathKey, type ConfigProblem, type YamlPath } from './problem.js';

export interface ConfigOverride {
  /** Keys and indexes from the root, as `--set` names them. */
  readonly path: YamlPath;
  /** A YAML scalar: a number, a boolean, null or a string. */
  readonly value: string | number | boolean | null;
  /** The argument as given (`strategies[0].params.fast=10`): how messages name it. */
  readonly written: string;
}

const KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/** `a.b[0].c` into `['a', 'b', 0, 'c']`; a usage error naming `written` when it is not that shape. */
export function parseOverridePath(text: string, written: string): YamlPath {
  const path: (string | number)[] = [];
  let rest = text;
  const fail = (): never => {
    throw new RoboError('ROBO_ERR_USAGE', `--set ${written}: expected a config path of keys and [indexes] such as strategies[0].params.fast, was ${JSON.stringify(text)}`);
  };
  while (rest !== '') {
    const index = /^\[(\d{1,6})\]/.exec(rest);
    if (index !== null) {
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else {
      if (path.length > 0) rest = rest.startsWith('.') ? rest.slice(1) : fail();
      const key = KEY.exec(rest) ?? fail();
      path.push(key[0]);
      rest = rest.slice(key[0].length);
    }
  }
  return path.length === 0 ? fail() : path;
}

/** `PATH=VALUE`, the value read as a YAML scalar (`10` a number, `true` a boolean, `tiered` a string). */
export function parseOverride(argument: string): ConfigOverride {
  const at = argument.indexOf('=');
  if (at < 0) throw new RoboError('ROBO_ERR_USAGE', `--set: expected PATH=VALUE such as strategies[0].params.fast=10, was ${JSON.stringify(argument)}`);
  return { path: parseOverridePath(argument.slice(0, at), argument), value: scalarOf(argument.slice(at + 1), argument), written: argument };
}

/** A value as YAML reads it when written plainly; a list or a mapping is refused (one value per `--set`). */
export function scalarOf(text: string, written: string): ConfigOverride['value'] {
  const doc = parseDocument(text, { schema: 'core', strict: true, customTags: [] });
  const node = doc.contents;
  if (doc.errors.length > 0 || (node !== null && !isScalar(node)) || node?.tag !== undefined) {
    throw new RoboError('ROBO_ERR_USAGE', `--set ${written}: expected one value (a number, true or false, or text), was ${JSON.stringify(text)}`);
  }
  const value: unknown = node === null ? null : node.value;
  // The core schema reads a plain value as one of these; anything else (none is known) is kept as written.
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' || value === null ? value : text;
}

/**
 * Writes each override into `doc`, in order. A scalar already written in the file is changed in place, so
 * it keeps its line and column; a missing key is added (with the keys leading to it). A list index must
 * exist: `strategies[3]` of a config with one strategy is a usage error, not a new strategy.
 */
export function applyOverrides(doc: Document, overrides: readonly ConfigOverride[]): void {
  for (const override of overrides) {
    requireIndexesExist(doc, override);
    const node: unknown = doc.getIn(override.path, true);
    if (isScalar(node)) node.value = override.value;
    else doc.setIn(override.path, doc.createNode(override.value));
  }
}

function requireIndexesExist(doc: Document, override: ConfigOverride): void {
  let node: unknown = doc.contents;
  for (const [depth, segment] of override.path.entries()) {
    if (node === undefined || node === null) return; // the rest is created
    if (typeof segment === 'number') {
      if (!isSeq(node) || segment >= node.items.length) {
        const count = isSeq(node) ? `has ${node.items.length} item${node.items.length === 1 ? '' : 's'}` : 'is not a list';
        throw new RoboError('ROBO_ERR_USAGE', `--set ${override.written}: ${formatPath(override.path.slice(0, depth + 1))} does not exist: ${formatPath(override.path.slice(0, depth)) || 'the config'} ${count}`);
      }
      node = node.items[segment];
    } else if (isMap(node)) {
      node = node.get(segment, true);
    } else {
      throw new RoboError('ROBO_ERR_USAGE', `--set ${override.written}: ${formatPath(override.path.slice(0, depth))} is a single value, so it has no key ${segment}`);
    }
  }
}

/** The problem with the `--set` it came from named, when it is about an overridden value or something inside one. */
export function blameOverrides(problems: readonly ConfigProblem[], overrides: readonly ConfigOverride[]): ConfigProblem[] {
  if (overrides.length === 0) return [...problems];
  return problems.map((problem) => {
    // The last override of a path wins, so it is the one to name.
    const from = overrides.findLast((o) => o.path.length <= problem.path.length && pathKey(problem.path.slice(0, o.path.length)) === pathKey(o.path));
    return from === undefined ? problem : { ...problem, message: `${problem.message} (the value comes from --set ${from.written})` };
  });
}
