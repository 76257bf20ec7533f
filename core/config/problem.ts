/** The shape every config error takes before formatting, and the one way a YAML path is written. */
import type { RoboErrorCode } from '../domain/errors.js';

/** Keys and list indexes from the document root down to a value, e.g. `['strategies', 1, 'sizing']`. */
export type YamlPath = readonly (string | number)[];

/**
 * One error in a config file. `source` tells an unset environment variable (`env`) from every other
 * mistake (`config`), because only the former gets its own error code.
 */
export interface ConfigProblem {
  readonly line: number;
  readonly col: number;
  readonly path: YamlPath;
  readonly message: string;
  /** The schema's description of the property, shown on its own line after the error. */
  readonly hint?: string;
  readonly source: 'config' | 'env';
  /** A problem that is not the config's own (a plugin that cannot be loaded) carries the code of its error. */
  readonly code?: RoboErrorCode;
}

const MAX_SHOWN_DEPTH = 16;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `strategies[1].sizing.quantity`; keys that are not plain words are quoted, the root is `(root)`. */
export function formatPath(path: YamlPath): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const [depth, segment] of path.entries()) {
    // Only absurdly nested input gets here; a path of thousands of `[0]` helps nobody.
    if (depth === MAX_SHOWN_DEPTH) return `${text}...(${path.length - depth} levels deeper)`;
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** A stable key for a path, to look paths up in maps and sets. */
export function pathKey(path: YamlPath): string {
  return JSON.stringify(path);
}
