/**
 * Making a folder a user named, safely: the folders on the way are made one at a time (with the mode
 * given) below the nearest one that exists — Node's recursive mkdir never returns under /proc — and a
 * path through a file, or into /proc, /sys or /dev, is refused. Callers turn a problem into their own
 * error, naming the path the way the user wrote it.
 */
import { mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileProblem } from './file-problem.js';
import { systemTreeOf } from './system-trees.js';

export interface FolderProblem {
  /** The folder on the way where it failed. */
  readonly at: string;
  /** What is wrong there, in words, naming no path. */
  readonly why: string;
}

/** Makes `folder` and any missing folders above it; the problem that stopped it, or undefined once it exists. */
export function makeFolders(folder: string, mode: number): FolderProblem | undefined {
  const missing: string[] = [];
  let existing = resolve(folder);
  for (let stat = statOrProblem(existing); stat === undefined; stat = statOrProblem(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  const stat = statOrProblem(existing);
  if (stat !== undefined && 'why' in stat) return stat;
  if (stat !== undefined && !stat.isDirectory()) return { at: existing, why: 'it is a file, not a folder' };
  const tree = systemTreeOf(realpathSync(existing));
  if (tree !== undefined) return { at: existing, why: `${tree} holds the kernel's files and devices, not storage` };
  for (const each of missing) {
    try {
      mkdirSync(each, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { at: each, why: `it cannot be made: ${fileProblem(error)}` };
    }
  }
  return undefined;
}

/** The path's stat; undefined when nothing is there (or a file stands where a folder should: the walk up says so); a problem when it cannot be asked. */
function statOrProblem(path: string): Stats | FolderProblem | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { at: path, why: fileProblem(error) };
  }
}
