/**
 * Finds the alias at which a YAML document would expand past yaml's own alias limit ("billion
 * laughs"), without expanding anything, so the refusal can point at a line.
 */
import { isAlias, isCollection, isPair, visit } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

/** yaml's own default; kept explicit because it is what stops an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

interface AnchorCount {
  count: number;
  aliasCount: number;
}

/**
 * Replays yaml's own alias accounting (Alias.resolve in yaml 2: an anchor's uses times the aliases
 * nested in it must stay within maxAliasCount) without building any value, so the refusal can name
 * the alias where the expansion blows up.
 */
export function findAliasBomb(doc: Document): { at: number; message: string } | undefined {
  const sourceOf = new Map<Alias, Node>();
  const counts = new Map<Node, AnchorCount>();
  const latest = new Map<string, Node>();
  const order: Node[] = [];
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const source = latest.get(node.source);
        if (source) sourceOf.set(node, source);
        order.push(node);
      } else if (node.anchor) {
        latest.set(node.anchor, node);
        order.push(node);
      }
    },
  });

  const nestedCount = (node: unknown): number => {
    if (isAlias(node)) {
      const source = sourceOf.get(node);
      const data = source ? counts.get(source) : undefined;
      return data ? data.count * data.aliasCount : 0;
    }
    if (isCollection(node)) {
      let most = 0;
      for (const item of node.items) most = Math.max(most, nestedCount(item));
      return most;
    }
    if (isPair(node)) return Math.max(nestedCount(node.key), nestedCount(node.value));
    return 1;
  };

  for (const node of order) {
    if (!isAlias(node)) {
      counts.set(node, { count: 1, aliasCount: 0 });
      continue;
    }
    const at = node.range?.[0] ?? 0;
    const source = sourceOf.get(node);
    const data = source ? counts.get(source) : undefined;
    if (!data) return { at, message: `alias *${node.source} refers to no anchor &${node.source} written before it` };
    data.count += 1;
    if (data.aliasCount === 0) data.aliasCount = nestedCount(source);
    if (data.count * data.aliasCount > MAX_ALIAS_COUNT) {
      return {
        at,
        message: `alias *${node.source} makes the document expand too much (more than ${MAX_ALIAS_COUNT} copies of anchored values, counting aliases inside aliases); this limit stops "billion laughs" attacks`,
      };
    }
  }
  return undefined;
}

/** Where the first alias is, for a refusal that has no better place to point. */
export function firstAliasOffset(doc: Document): number {
  let at = 0;
  visit(doc, {
    Alias(_key, node) {
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}
