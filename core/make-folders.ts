/**
 * Makes a folder and the folders on its way, one at a time below the nearest that exists, because Node's
 * recursive mkdir never returns under /proc. A path through a file, or into the kernel's trees (/proc,
 * /sys, /dev), holds no one's data: it is refused, and why is returned in words, never thrown.
 */
import { mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileProblem } from './file-problem.js';
import { systemTreeOf } from './system-trees.js';

/** Why `folder` cannot be made (its words name the path in question), or undefined once it exists. */
export function makeFolders(folder: string, mode?: number): string | undefined {
  const missing: string[] = [];
  let existing = resolve(folder);
  for (let found = statOf(existing); found === undefined; found = statOf(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  const found = statOf(existing);
  if (typeof found === 'string') return `${existing}: ${found}`;
  if (found !== undefined && !found.isDirectory()) return `${existing} is a file, not a folder`;
  const tree = systemTreeOf(realpathSync(existing));
  if (tree !== undefined) return `${tree} holds the kernel's files and devices, not storage`;
  for (const next of missing) {
    try {
      mkdirSync(next, mode === undefined ? {} : { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return `${next} cannot be made: ${fileProblem(error)}`;
    }
  }
  return undefined;
}

/** The path's stat; undefined when nothing is there (or a file stands where a folder should: the walk up finds it); a reason otherwise. */
function statOf(path: string): Stats | string | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : fileProblem(error);
  }
}
