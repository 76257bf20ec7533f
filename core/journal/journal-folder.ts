/**
 * Where a journal file may be kept: in a folder of real storage (core/folders.ts makes it, mode 0700); a
 * path through a file, or into /proc, /sys or /dev, is refused as the config mistake it is.
 */
import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { makeFolders } from '../folders.js';
import { systemTreeOf } from '../system-trees.js';

/**
 * Makes the folder `file` goes in, or throws ROBO_ERR_CONFIG_INVALID saying why no journal can be kept
 * there. `shown` is how messages name the journal (journal.path as the config writes it); when it is not
 * the path itself, no folder on the way is named either: the expanded path may hold a secret.
 */
export function makeJournalFolder(file: string, shown = file): void {
  const problem = makeFolders(dirname(resolve(file)), 0o700);
  if (problem === undefined) return;
  throw cannotKeep(shown, shown === file ? `${problem.at}: ${problem.why}` : `a folder on its path: ${problem.why}`);
}

/** An existing journal path must be a regular file (a device such as /dev/null would swallow every write). */
export function requireJournalFile(file: string, stat: Stats, shown = file): void {
  if (!stat.isFile()) throw cannotKeep(shown, 'it is not a regular file');
  refuseSystemTree(shown, realpathSync(file));
}

/**
 * A journal about to be written (robo start, robo breaker reset) must be writable. A file its owner made
 * read-only is a decision Robo respects and never overrides, even where it could (as root); a file or
 * folder it may not write would fail at the first order instead, so both are refused before anything runs.
 */
export function requireWritableJournal(file: string, stat: Stats, shown = file): void {
  const refuse = (why: string, fix: string): never => {
    throw new RoboError('ROBO_ERR_JOURNAL_WRITE', `the journal ${shown} ${why}; robo start writes every order to it before the order is sent, and robo breaker reset writes its state there`, {
      details: [`  ${fix}`, '  robo journal and robo breaker status only read it, and work meanwhile'],
    });
  };
  if ((stat.mode & 0o200) === 0) refuse(`is read-only (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')})`, `if you mean to trade on this journal, make it writable by its owner: chmod 600 ${shown}`);
  try {
    accessSync(file, constants.W_OK);
    // SQLite writes its -wal and -shm files beside the journal.
    accessSync(dirname(resolve(file)), constants.W_OK);
  } catch (error) {
    refuse(`cannot be written: ${fileProblem(error)}`, 'restore write access to the journal and its folder for the user robo runs as');
  }
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
