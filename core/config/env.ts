/**
 * Replaces `${NAME}` in string values of already-parsed data with environment variables, so a value
 * can never inject YAML; it records which paths hold such values so no error ever prints them.
 */
import type { Locator } from './locate.js';
import { pathKey } from './problem.js';
import type { ConfigProblem, YamlPath } from './problem.js';

const NAME = /^[A-Z_][A-Z0-9_]*$/;

export interface EnvResult {
  /** A fresh copy of the data; the input is left untouched, so shared (aliased) objects stay independent. */
  readonly value: unknown;
  readonly problems: readonly ConfigProblem[];
  /** Path keys (see `pathKey`) of strings built from the environment, with the variables used: never print these values. */
  readonly secrets: ReadonlyMap<string, readonly string[]>;
  /** Path keys of strings that name an unset variable: schema errors about them would only repeat the env error. */
  readonly unresolved: ReadonlySet<string>;
  /** Path keys of strings built from the environment, with their text as written (`${DATA_DIR}/bars.csv`): what messages print instead. */
  readonly written: ReadonlyMap<string, string>;
}

export function substituteEnv(data: unknown, env: NodeJS.ProcessEnv, locator: Locator): EnvResult {
  const problems: ConfigProblem[] = [];
  const secrets = new Map<string, string[]>();
  const unresolved = new Set<string>();
  const written = new Map<string, string>();

  const substitute = (text: string, path: YamlPath): string => {
    if (!text.includes('$')) return text;
    const names: string[] = [];
    let out = '';
    let i = 0;
    const fail = (message: string, source: ConfigProblem['source']): void => {
      problems.push({ ...locator.value(path), path, message, source });
      unresolved.add(pathKey(path));
    };
    while (i < text.length) {
      if (text.startsWith('$${', i)) {
        out += '${';
        i += 3;
      } else if (text.startsWith('${', i)) {
        const end = text.indexOf('}', i + 2);
        if (end < 0) {
          fail('has "${" without a closing "}"; write $${ for a literal ${', 'config');
          return text;
        }
        const name = text.slice(i + 2, end);
        if (!NAME.test(name)) {
          const shown = JSON.stringify(name.slice(0, 40));
          fail(shown + ' is not an environment variable name: use capital letters, digits and _, not starting with a digit; write $${ for a literal ${', 'config');
        } else {
          const found = env[name];
          if (found === undefined) fail(`environment variable ${name} is not set`, 'env');
          else out += found;
          names.push(name);
        }
        i = end + 1;
      } else {
        out += text.charAt(i); // i < text.length
        i += 1;
      }
    }
    if (names.length > 0) {
      secrets.set(pathKey(path), names);
      written.set(pathKey(path), text);
    }
    return out;
  };

  const walk = (value: unknown, path: YamlPath): unknown => {
    if (typeof value === 'string') return substitute(value, path);
    if (Array.isArray(value)) return value.map((item: unknown, index) => walk(item, [...path, index]));
    if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      // Keys are never substituted: a key from the environment could hide a typo or a forbidden key.
      for (const [key, item] of Object.entries(value)) copy[key] = walk(item, [...path, key]);
      return copy;
    }
    return value;
  };

  return { value: walk(data, []), problems, secrets, unresolved, written };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
