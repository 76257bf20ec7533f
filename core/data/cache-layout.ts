/**
 * Where the cache keeps its bars: one CSV file per symbol, bar length and New York trade date,
 * `<cache>/<SYMBOL>/<bar>/<yyyy-MM-dd>.csv`, in the format `data.source: csv` reads. A day's file is
 * written once, whole, when the day is complete — so a file that exists is a day that is done, and the
 * folder listing alone says what a rerun still has to fetch.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { fileProblem } from '../file-problem.js';
import { RoboError } from '../domain/errors.js';

/** The cache's folder, relative to the config file, unless `data.path` says otherwise. */
export const DEFAULT_CACHE_PATH = 'data/cache';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.csv$/;

export function barFolder(root: string, symbol: string, bar: string): string {
  return join(root, symbol, bar);
}

export function dayFile(root: string, symbol: string, bar: string, date: string): string {
  return join(barFolder(root, symbol, bar), `${date}.csv`);
}

/** The trade dates whose files the cache holds for one symbol and bar length, oldest first; none when the folder is absent. */
export function cachedDates(root: string, symbol: string, bar: string): readonly string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(barFolder(root, symbol, bar), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RoboError('ROBO_ERR_DATA_INVALID', `cannot read the cache folder ${barFolder(root, symbol, bar)}: ${fileProblem(error)}`, { cause: error });
  }
  // Temporary files of a write in progress (or one killed) end in .tmp and are not days; nor is anything
  // but a file or a link to one (a folder of that name is in the way, and the fetch says so when it writes the day;
  // a link to nothing is fetched again, the file written in its place).
  const folder = barFolder(root, symbol, bar);
  return entries.filter((entry) => entry.isFile() || (entry.isSymbolicLink() && linksToFile(join(folder, entry.name)))).flatMap((entry) => DAY_FILE.exec(entry.name)?.[1] ?? []).sort();
}

function linksToFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
