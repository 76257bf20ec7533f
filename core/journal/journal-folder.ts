/**
 * Where a journal file may be kept: in a folder of real storage. The folders on the way are made one at a
 * time (mode 0700) below the nearest one that exists, because Node's recursive mkdir never returns under
 * /proc; a path through a file, or into /proc, /sys or /dev, is refused as the config mistake it is.
 */
import { mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { systemTreeOf } from '../system-trees.js';

/**
 * Makes the folder `file` goes in, or throws ROBO_ERR_CONFIG_INVALID saying why no journal can be kept
 * there. `shown` is how messages name the journal (journal.path as the config writes it); when it is not
 * the path itself, no folder on the way is named either: the expanded path may hold a secret.
 */
export function makeJournalFolder(file: string, shown = file): void {
  const folderName = (folder: string): string => (shown === file ? folder : 'a folder on its path');
  const missing: string[] = [];
  let existing = dirname(resolve(file));
  for (let stat = statIfAny(existing); stat === undefined; stat = statIfAny(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  const stat = statIfAny(existing);
  if (stat !== undefined && !stat.isDirectory()) throw cannotKeep(shown, `${folderName(existing)} is a file, not a folder`);
  refuseSystemTree(shown, realpathSync(existing));
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotKeep(shown, `${folderName(folder)} cannot be made: ${fileProblem(error)}`);
    }
  }
}

/** An existing journal path must be a regular file (a device such as /dev/null would swallow every write). */
export function requireJournalFile(file: string, stat: Stats, shown = file): void {
  if (!stat.isFile()) throw cannotKeep(shown, 'it is not a regular file');
  refuseSystemTree(shown, realpathSync(file));
}

function refuseSystemTree(file: string, real: string): void {
  const tree = systemTreeOf(real);
  if (tree !== undefined) throw cannotKeep(file, `${tree} holds the kernel's files and devices, not storage`);
}

/** The path's stat, or undefined when nothing is there (or a file stands where a folder should: the walk up says so). */
export function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw cannotKeep(path, fileProblem(error));
  }
}

function cannotKeep(file: string, why: string): RoboError {
  return new RoboError('ROBO_ERR_CONFIG_INVALID', `journal.path: no journal can be kept at ${file}: ${why}`, {
    details: ['  set journal.path to a file in a folder you own, for example .robo/journal.sqlite next to the config'],
  });
}
