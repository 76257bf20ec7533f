/**
 * Where a command writes the files a user asked for (`robo backtest --out DIR`, `--report FILE`): the
 * folder is made, with the folders above it, before any work is done — a refusal after a long replay
 * would waste it — and refused when a file stands in its way, it lies in /proc, /sys or /dev, or it
 * cannot be written.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { makeFolders } from '../folders.js';

/** Makes `folder` (as the user wrote it, after `flag`) ready for files; returns its absolute path. */
export function requireOutputFolder(flag: string, folder: string): string {
  const absolute = resolve(folder);
  const refuse = (why: string): never => {
    throw new RoboError('ROBO_ERR_USAGE', `${flag} ${folder}: ${flag === '--report' ? 'the report' : 'the exports'} cannot be written there: ${why}`);
  };
  const problem = makeFolders(absolute, 0o755);
  if (problem !== undefined) refuse(`${problem.at}: ${problem.why}`);
  try {
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    refuse(`it cannot be written: ${fileProblem(error)}`);
  }
  return absolute;
}

/** Makes the folder `file` goes in; an existing `file` must be a regular file that can be written (it is replaced). Returns its absolute path. */
export function requireOutputFile(flag: string, file: string): string {
  const absolute = resolve(file);
  requireOutputFolder(flag, dirname(absolute));
  let isFile: boolean | undefined;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    return absolute; // nothing there yet
  }
  const refuse = (why: string): never => {
    throw new RoboError('ROBO_ERR_USAGE', `${flag} ${file}: the report cannot be written there: ${why}`);
  };
  if (!isFile) refuse('something other than a file is there (a folder?)');
  try {
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    refuse(`it cannot be written: ${fileProblem(error)}`);
  }
  return absolute;
}
