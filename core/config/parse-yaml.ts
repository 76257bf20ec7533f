/**
 * Parses config text into plain data, or into problems with lines: syntax errors, warnings, duplicate
 * keys, explicit tags, prototype keys and alias bombs are all refused before any value is built.
 */
import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import { MAX_ALIAS_COUNT, findAliasBomb, firstAliasOffset } from './alias-bomb.js';
import { createLocator } from './locate.js';
import type { Locator } from './locate.js';
import type { ConfigProblem, YamlPath } from './problem.js';

/** Far deeper than any config needs, and shallow enough that no recursive walk after parsing can overflow. */
export const MAX_DEPTH = 64;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type ParsedYaml =
  | { readonly ok: true; readonly doc: Document; readonly locator: Locator; readonly value: unknown }
  /** `empty`: the file holds no YAML at all (nothing but comments and blank lines) — its only problem. */
  | { readonly ok: false; readonly problems: readonly ConfigProblem[]; readonly empty?: true };

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    // Checked below in one pass: yaml's own check compares each key with every earlier one, so a
    // mapping of 20,000 keys took seconds to read.
    uniqueKeys: false,
    strict: true,
    merge: false,
    prettyErrors: false,
    schema: 'core',
    customTags: [],
    stringKeys: true,
  });
  const locator = createLocator(doc, lineCounter, text);
  const problem = (at: number, message: string): ConfigProblem => ({ ...locator.offset(at), path: locator.pathAt(at), message, source: 'config' });

  const problems: ConfigProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const at = error.pos[0];
    // Every tag is refused below with a clearer message, resolvable or not.
    if (error.code === 'TAG_RESOLVE_FAILED') continue;
    if (error.code === 'RESOURCE_EXHAUSTION') {
      // yaml reports the overflow once per level it unwinds; once is enough.
      if (problems.some((p) => p.message.startsWith('the YAML is nested too deeply'))) continue;
      problems.push(problem(at, `the YAML is nested too deeply to read (more than ${MAX_DEPTH} levels are refused anyway)`));
    } else {
      const kind = error.name === 'YAMLWarning' ? 'YAML warning (treated as an error)' : 'YAML syntax error';
      problems.push(problem(at, `${kind}: ${error.message}`));
    }
  }
  for (const { at, path } of duplicateKeys(doc.contents, [])) {
    problems.push({ ...locator.offset(at), path, message: `duplicate key ${JSON.stringify(path.at(-1) ?? '')}: a key may appear only once in a mapping`, source: 'config' });
  }
  if (doc.contents === null && problems.length === 0) {
    return { ok: false, empty: true, problems: [{ line: 1, col: 1, path: [], message: 'the file is empty; it needs at least version, account, broker, data and strategies', source: 'config' }] };
  }

  // After a stack overflow the tree is cut short; walking it again would add nothing.
  const exhausted = doc.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION');
  for (const found of exhausted ? [] : findForbiddenNodes(doc, text)) {
    problems.push({ ...locator.offset(found.at), path: found.path, message: found.message, source: 'config' });
  }
  if (problems.length > 0) return { ok: false, problems };

  const bomb = findAliasBomb(doc);
  if (bomb) return { ok: false, problems: [problem(bomb.at, bomb.message)] };

  try {
    return { ok: true, doc, locator, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    // A backstop: findAliasBomb mirrors yaml's own count, so this is not expected to run.
    const firstAlias = firstAliasOffset(doc);
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [problem(firstAlias, `YAML aliases cannot be expanded: ${reason}`)] };
  }
}

interface Forbidden {
  /** Where to point: the key, or the tag itself. */
  readonly at: number;
  readonly path: YamlPath;
  readonly message: string;
}

/**
 * Keys that could reach an object's prototype, explicit tags (`!!str`, `!foo`) and nesting deeper
 * than MAX_DEPTH: the config needs none of them.
 */
function findForbiddenNodes(doc: Document, text: string): Forbidden[] {
  const found: Forbidden[] = [];
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && FORBIDDEN_KEYS.has(pair.key.value) && pair.key.range) {
        const message = `key ${JSON.stringify(pair.key.value)} is not allowed: it could change the prototype of JavaScript objects`;
        found.push({ at: pair.key.range[0], path: [...pathOf(ancestors), pair.key.value], message });
      }
    },
    Node(_key, node, ancestors) {
      if (isCollection(node) && ancestors.filter(isCollection).length >= MAX_DEPTH) {
        found.push({ at: node.range?.[0] ?? 0, path: pathOf([...ancestors, node]), message: `is nested more than ${MAX_DEPTH} levels deep; a config never needs that` });
        return visit.SKIP;
      }
      if (isAlias(node) || !node.tag || !node.range) return undefined;
      const shown = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
      // The node's range starts after its tag; point at the tag when only blanks lie between them.
      const tagAt = text.lastIndexOf(shown, node.range[0]);
      const at = tagAt >= 0 && text.slice(tagAt + shown.length, node.range[0]).trim() === '' ? tagAt : node.range[0];
      found.push({ at, path: pathOf([...ancestors, node]), message: `explicit tag ${shown} is not allowed: write the plain value and let the schema decide its type` });
      return undefined;
    },
  });
  return found;
}

/** The keys and indexes leading to the last node of a chain of ancestors, as `visit` hands it over. */
function pathOf(chain: readonly unknown[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (const [i, parent] of chain.entries()) {
    const child = chain[i + 1];
    if (child === undefined) break;
    if (isPair(parent) && isScalar(parent.key)) path.push(String(parent.key.value));
    else if (isSeq(parent)) path.push(parent.items.indexOf(child));
  }
  return path;
}

/** Every key written a second time in its mapping — where and its path — in one walk of the tree; keys are strings (`stringKeys`). */
function duplicateKeys(node: unknown, path: YamlPath, found: { at: number; path: YamlPath }[] = []): { at: number; path: YamlPath }[] {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const item of node.items) {
      if (!isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (seen.has(key)) found.push({ at: item.key.range?.[0] ?? 0, path: [...path, key] });
      else seen.add(key);
      duplicateKeys(item.value, [...path, key], found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => duplicateKeys(item, [...path, index], found));
  }
  return found;
}
