/**
 * `data.source: csv` with `data.path` naming a folder: every `.csv` file in it (not in sub-folders) read
 * as one stream in time order — a file per symbol, per day or per month alike. Each file keeps the CSV
 * format and its checks, and every error names the file and the line.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { csvBarSource, type CsvBarSource } from '../brokers/sim/data/csv.js';
import { scanBarTimes, scanSymbols, type BarTimes, type DataFile } from '../brokers/sim/data/csv-scan.js';
import { mergedSource, type MergeInput } from './merge.js';

export interface CsvPathOptions {
  readonly barSeconds: number;
  /** How messages name the path (as the config writes it); absent, the path itself. */
  readonly shownAs?: string | undefined;
}

/** Whether `path` is a folder (so data.path names a folder of CSV files, not one file). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is the file reader's to report
  }
}

/** A CSV file's source, or a folder's: what `data.source: csv` replays. */
export function csvPathSource(path: string, options: CsvPathOptions): CsvBarSource {
  if (!isFolder(path)) return csvBarSource(path, { barSeconds: options.barSeconds, ...(options.shownAs === undefined ? {} : { shownAs: options.shownAs }) });
  return csvFolderSource(path, options);
}

/** The first and last bar times of a CSV file or folder; undefined when it has no bars. */
export function csvPathTimes(path: string, shownAs: string): BarTimes | undefined {
  if (!isFolder(path)) return scanBarTimes({ path, name: shownAs });
  let times: BarTimes | undefined;
  for (const file of folderFiles(path, shownAs)) {
    const own = scanBarTimes(file);
    if (own === undefined) continue;
    times = times === undefined ? own : { firstMs: Math.min(times.firstMs, own.firstMs), lastMs: Math.max(times.lastMs, own.lastMs) };
  }
  return times;
}

function csvFolderSource(path: string, options: CsvPathOptions): CsvBarSource {
  const files = folderFiles(path, options.shownAs ?? path);
  // Ties between symbols in the order they first appear, files taken in name order.
  const symbols = [...new Set(files.flatMap((file) => scanSymbols(file)))];
  const sourceOf = (file: DataFile): CsvBarSource => csvBarSource(file.path, { barSeconds: options.barSeconds, symbols, shownAs: file.name });
  const inputs: MergeInput[] = files.flatMap((file) => {
    const times = scanBarTimes(file);
    return times === undefined ? [] : [{ name: file.name, firstMs: times.firstMs, batches: () => sourceOf(file).batches() }];
  });
  const merged = mergedSource(symbols, inputs);
  return {
    ...merged,
    // Every file with the replay's own checks, each reporting all its bad lines; then one merged pass for bars two files both hold.
    check: async () => {
      for (const file of files) await sourceOf(file).check();
      for await (const batch of merged.batches()) void batch;
    },
  };
}

/** The folder's `.csv` files in name order, named for messages under `shownAs`; a folder without one is refused. */
function folderFiles(path: string, shownAs: string): readonly DataFile[] {
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `cannot read the folder ${shownAs}: ${fileProblem(error)}`, { cause: error });
  }
  const csv = names.filter((name) => name.toLowerCase().endsWith('.csv')).sort();
  if (csv.length === 0) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${shownAs}: expected a folder with .csv files of bars, was one with none`, {
      details: ['  data.path names a CSV file, or a folder whose .csv files are read together as one time-ordered stream'],
    });
  }
  return csv.map((name) => ({ path: join(path, name), name: join(shownAs, name) }));
}
