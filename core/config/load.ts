/**
 * Loads `robo.config.yaml`: read with a size cap, parse safely, substitute `${VAR}` into values,
 * validate against the config, strategy and plugin schemas, apply defaults and freeze. Any mistake
 * throws one RoboError listing every problem with its line, and never prints an environment value.
 */
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RoboError, messageOf } from '../domain/errors.js';
import { applyDefaults } from './defaults.js';
import type { ResolvedConfig } from './defaults.js';
import { substituteEnv } from './env.js';
import { formatProblem, sortProblems } from './format.js';
import { parseYaml } from './parse-yaml.js';
import { pathKey } from './problem.js';
import type { ConfigProblem } from './problem.js';
import { validateConfig } from './validate.js';

export type { ResolvedConfig } from './defaults.js';

/** A config is a page of settings; anything larger is a mistake or an attack, refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadOptions {
  /** Installed strategy kinds by name; each kind's `paramsSchema` checks `strategies[].params`. */
  readonly strategyKinds: ReadonlyMap<string, { readonly paramsSchema: object }>;
  /** Options schemas of plugins by package name; a plugin without one gets no options check. */
  readonly pluginSchemas?: ReadonlyMap<string, object>;
  /** Where `${VAR}` values come from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** Its folder: relative paths in the config (data.path, plugins) are resolved from here. */
  readonly dir: string;
  readonly config: ResolvedConfig;
}

export async function loadConfig(file: string, options: LoadOptions): Promise<LoadedConfig> {
  const absolute = resolve(file);
  const text = await readConfigText(file, absolute);

  const parsed = parseYaml(text);
  if (!parsed.ok) throw configError(file, parsed.problems);

  const substituted = substituteEnv(parsed.value, options.env ?? process.env, parsed.locator);
  const validation = validateConfig(substituted.value, {
    locator: parsed.locator,
    secrets: substituted.secrets,
    strategyKinds: options.strategyKinds,
    pluginSchemas: options.pluginSchemas,
  });
  // A value whose variable is unset was never really read; schema errors about it would only be noise.
  const schemaProblems = validation.problems.filter((problem) => !substituted.unresolved.has(pathKey(problem.path)));
  const problems = [...substituted.problems, ...schemaProblems];
  if (problems.length > 0) throw configError(file, problems);
  if (!validation.config) throw new RoboError('ROBO_ERR_INTERNAL', `the config ${file} was refused by the schema, but no error was reported`);

  return { file: absolute, dir: dirname(absolute), config: applyDefaults(validation.config) };
}

/** Reads at most one byte past the cap, so a huge file (or an endless device) is refused without being read. */
async function readConfigText(file: string, absolute: string): Promise<string> {
  let bytes: Buffer;
  try {
    const handle = await open(absolute, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${file} is not a regular file`);
      const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        length += bytesRead;
        if (bytesRead === 0 || length === buffer.length) break;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof RoboError) throw error;
    throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${file} ${describeReadError(error)}`, { cause: error });
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw configError(file, [problemAtStart(`the file is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB); a config file is never that big`)]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw configError(file, [problemAtStart('the file is not UTF-8 text')]);
  }
}

function describeReadError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read: ${messageOf(error)}`;
}

function problemAtStart(message: string): ConfigProblem {
  return { line: 1, col: 1, path: [], message, source: 'config' };
}

/** Unset variables get their own code, but only when nothing else is wrong: fixing them is then all it takes. */
function configError(file: string, problems: readonly ConfigProblem[]): RoboError {
  const sorted = sortProblems(problems);
  const onlyEnv = sorted.every((problem) => problem.source === 'env');
  const count = `${sorted.length} error${sorted.length === 1 ? '' : 's'}`;
  return new RoboError(onlyEnv ? 'ROBO_ERR_CONFIG_ENV_MISSING' : 'ROBO_ERR_CONFIG_INVALID', `${count} in ${file}`, {
    details: sorted.map((problem) => formatProblem(file, problem)),
  });
}
