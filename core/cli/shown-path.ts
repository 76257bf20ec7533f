/**
 * How a file named in the config is printed in messages and logs: as the config writes it when
 * environment variables built it (`${DATA_DIR}/bars.csv` — the expanded value may hold a secret, a
 * token in a mount path, a user name), otherwise the way the user reaches it: relative to the config
 * as they named it, or absolute as written.
 */
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { YamlPath } from '../config/problem.js';

/** What this needs of a loaded config (a CliConfig has it). */
export interface WrittenValues {
  readonly writtenAs: (path: YamlPath) => string | undefined;
}

export function shownPath(configFile: string, entry: string, at: YamlPath, config: WrittenValues): string {
  return config.writtenAs(at) ?? (isAbsolute(entry) ? entry : join(dirname(configFile), entry));
}

/** A path Robo chose (a folder it made, a file it wrote) as short as it reads well: relative when it lies below the current folder, absolute otherwise. */
export function shownFromHere(path: string): string {
  const below = relative(process.cwd(), path);
  return below === '' ? '.' : below.startsWith('..') ? path : below;
}
