/**
 * Where a command writes the files a user asked for (`robo backtest --out DIR`, `--report FILE`): the
 * folder is made, with the folders above it, before any work is done — a refusal after a long replay
 * would waste it — and refused when a file stands in its way, it lies in /proc, /sys or /dev, or it
 * cannot be written. A file already there is replaced only when it is one robo writes there: an
 * export, a report of an earlier run (or an empty file) — never the config, its data or a page of yours.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { EXPORT_FILES } from '../backtest/exports.js';
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
  // The exports' names must be free for files: a folder there would fail the last rename, after the replay.
  if (flag === '--out') {
    for (const name of EXPORT_FILES) {
      if (existsAsNonFile(join(absolute, name))) refuse(`${name} there is not a file (a folder?), and the export of that name replaces it`);
    }
  }
  return absolute;
}

function existsAsNonFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What robo's report carries near its top, and nothing else does (html.ts). */
const REPORT_MARK = '<meta name="generator" content="robo-trader ';

/** Whether the file at `path` is empty or a report robo wrote: the only files `--report` may replace. */
function isReplaceable(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2048);
    const length = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, length).toString('utf8');
    return length === 0 || (text.startsWith('<!DOCTYPE html>') && text.includes(REPORT_MARK));
  } finally {
    closeSync(fd);
  }
}

/** Makes the folder `file` goes in; an existing `file` must be an empty file or an earlier report, which can be written (it is replaced). Returns its absolute path. */
export function requireOutputFile(flag: string, file: string): string {
  // resolve() drops a trailing slash: `reports/` would become a file named reports.
  if (file.endsWith('/') || file.endsWith(sep)) {
    throw new RoboError('ROBO_ERR_USAGE', `${flag} ${file}: expected the report's file name (${file}report.html, say), was a folder`);
  }
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
    if (!isReplaceable(absolute)) refuse('a file is there that is not a report robo wrote (the config? its data?), and the report would replace it; name another file, or move that one away');
  } catch (error) {
    if (error instanceof RoboError) throw error;
    refuse(`it cannot be written: ${fileProblem(error)}`);
  }
  return absolute;
}
