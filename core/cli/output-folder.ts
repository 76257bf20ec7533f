/**
 * A folder the user named for a command's output files (`robo backtest --out`): made, with the folders
 * above it, before any work is done — a refusal after a long replay would waste it — and refused when it
 * is a file, lies in /proc, /sys or /dev, or cannot be written.
 */
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { makeFolders } from '../folders.js';

/** Makes `folder` (as the user wrote it, after `flag`) ready for files; returns its absolute path. */
export function requireOutputFolder(flag: string, folder: string): string {
  const absolute = resolve(folder);
  const refuse = (why: string): never => {
    throw new RoboError('ROBO_ERR_USAGE', `${flag} ${folder}: the exports cannot be written there: ${why}`);
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
