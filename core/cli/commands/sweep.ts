/**
 * `robo sweep <config> --set PATH=VALUES…`: the backtest of every combination of the swept values, on
 * worker threads, ranked in one table. Every combination's config is checked before any runs; each run is
 * the run `robo backtest --json --set …` makes of the same values, so the sweep's figures can be checked
 * one by one; and the output depends neither on the worker count nor on which worker finished first.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { RoboError, isRoboError, type RoboErrorCode } from '../../domain/errors.js';
import { checkBacktest } from '../backtest-run.js';
import { progressBar } from '../progress.js';
import type { RunSummary } from '../summary.js';
import type { TradeDateWindow } from '../trade-window.js';
import { combinationsOf, type Axis, type Combination } from '../../sweep/axes.js';
import type { JobResult, Phase, SweepJob } from '../../sweep/job.js';
import { WorkerPool } from '../../sweep/pool.js';
import { SORT_KEYS, rank, type SortKeyName } from '../../sweep/ranking.js';
import { jsonOf, rankedRun, type Outcome, type SweepRow } from '../../sweep/results.js';
import { splitWindows } from '../../sweep/split.js';
import { formatCsv, formatTable, tableCells } from '../../sweep/table.js';
import { abortOnSignals } from './signals.js';

export interface SweepCommandOptions {
  readonly set?: readonly Axis[];
  readonly workers?: number;
  readonly sort: SortKeyName;
  readonly json?: boolean;
  readonly csv?: string;
  readonly from?: string;
  readonly to?: string;
  /** The in-sample share of the sessions, in percent. */
  readonly split?: number;
}

/**
 * The workers to start: as asked, by default the cores less one, and never more than the cores. Runs
 * beyond them only take turns on the cores, each slower for it: on 2 cores, 4 workers used half as much
 * CPU again as 2 for the same sweep, and finished later (docs/performance.md).
 */
function workerCount(asked: number | undefined): number {
  const cores = availableParallelism();
  if (asked === undefined) return Math.max(1, cores - 1);
  if (asked <= cores) return asked;
  process.stderr.write(`robo: --workers ${asked} on ${cores} ${cores === 1 ? 'core' : 'cores'}: running ${cores} at a time; runs beyond the cores only take turns on them, and each is then slower\n`);
  return cores;
}

/** Invalid combinations listed in full before the count of the rest: enough to see the pattern. */
const SHOWN_INVALID = 20;

export async function sweepCommand(path: string, options: SweepCommandOptions): Promise<void> {
  const signals = abortOnSignals();
  let stoppedBy: NodeJS.Signals | undefined;
  signals.whenSignalled((signal) => { stoppedBy = signal; });
  let pool: WorkerPool | undefined;
  try {
    const axes = requireAxes(options.set ?? []);
    const combinations = combinationsOf(axes);
    const window: TradeDateWindow = { ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) };
    // Started now, the workers load their modules while this thread checks every combination.
    pool = new WorkerPool(Math.min(combinations.length * (options.split === undefined ? 1 : 2), workerCount(options.workers)));
    const stopped = (done: string): void => {
      process.stderr.write(`robo: received ${stoppedBy ?? 'a signal'}: the sweep stopped ${done}, its workers terminated; nothing is ranked\n`);
      process.exitCode = 130;
    };
    const jobs = await jobsFor(path, combinations, window, options.split, signals.signal);
    if (signals.signal.aborted) { stopped('while it checked the combinations'); return; }
    const bar = progressBar({ label: 'sweep', total: jobs.length, unit: 'runs', quiet: options.json === true });
    const results = new Map<number, JobResult>();
    try {
      await pool.run(jobs, { signal: signals.signal, onResult: (result) => { results.set(result.id, result); bar.update(results.size); } });
    } catch (error) {
      if (stoppedBy === undefined) throw error;
      bar.stop();
      stopped(`after ${results.size} of ${jobs.length} runs`);
      return;
    } finally {
      bar.stop();
    }
    const rows = rank(rowsOf(combinations, jobs, results), SORT_KEYS[options.sort], (row) => rankedRun(row).summary);
    const cells = tableCells(rows, axes.map((axis) => axis.name), options.sort);
    if (options.csv !== undefined) writeFileSync(options.csv, formatCsv(cells));
    process.stdout.write(options.json
      ? `${JSON.stringify({ config: path, sortedBy: options.sort, ...(options.split === undefined ? {} : { split: { inSamplePercent: options.split } }), axes: axes.map(({ name, values }) => ({ name, values })), runs: rows.map(jsonOf) })}\n`
      : `${formatTable(cells)}\n`);
    requireEveryRun(rows);
  } finally {
    await pool?.close();
    signals.release();
  }
}

function requireAxes(axes: readonly Axis[]): readonly Axis[] {
  if (axes.length === 0) throw new RoboError('ROBO_ERR_USAGE', 'expected at least one --set PATH=VALUES to sweep, such as --set strategies[0].params.fast=5..20:5');
  const names = new Set<string>();
  for (const axis of axes) {
    if (names.has(axis.name)) throw new RoboError('ROBO_ERR_USAGE', `--set ${axis.name} is given twice: expected each path once, with all its values (a list a,b,c or a range a..b:step)`);
    names.add(axis.name);
  }
  return axes;
}

/**
 * Checks every combination's config and dates before any runs, and makes its jobs: one run, or an
 * in-sample and an out-of-sample run of its own sessions (a swept value may change the data's range).
 */
async function jobsFor(path: string, combinations: readonly Combination[], window: TradeDateWindow, split: number | undefined, signal: AbortSignal): Promise<SweepJob[]> {
  const jobs: SweepJob[] = [];
  const invalid: { combination: Combination; error: RoboError }[] = [];
  for (const combination of combinations) {
    if (signal.aborted) return jobs; // Ctrl-C while ten thousand configs are checked
    // One combination at a time on this thread: a signal must be able to come in between.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const { sessions } = await checkBacktest({ configPath: path, overrides: combination.overrides, window });
      const phases: [Phase, TradeDateWindow][] = split === undefined ? [['full', window]] : Object.entries(splitWindows(sessions, split)).map(([phase, part]) => [phase === 'inSample' ? 'in-sample' : 'out-of-sample', part]);
      for (const [phase, part] of phases) jobs.push({ id: jobs.length, combination: combination.index, phase, configPath: path, overrides: combination.overrides, window: part });
    } catch (error) {
      if (!isRoboError(error)) throw error;
      invalid.push({ combination, error });
    }
  }
  const [first] = invalid;
  if (first === undefined) return jobs;
  // Every combination failing the same way is a mistake outside the swept values: say it as it is.
  const said = (error: RoboError): string => [error.code, error.message, ...error.details].join('\n');
  if (invalid.length === combinations.length && invalid.every(({ error }) => said(error) === said(first.error))) throw first.error;
  const codes = new Set<RoboErrorCode>(invalid.map(({ error }) => error.code));
  const [code] = codes.size === 1 ? codes : ['ROBO_ERR_CONFIG_INVALID' as const];
  throw new RoboError(code ?? 'ROBO_ERR_CONFIG_INVALID', `${invalid.length} of ${combinations.length} combinations are invalid; none was run`, {
    details: [
      ...invalid.slice(0, SHOWN_INVALID).flatMap(({ combination, error }) => [`combination #${combination.index} (${valuesText(combination)}): ${error.message}`, ...error.details.map((line) => `  ${line}`)]),
      ...(invalid.length > SHOWN_INVALID ? [`… and ${invalid.length - SHOWN_INVALID} more`] : []),
    ],
  });
}

function valuesText(combination: Combination): string {
  return Object.entries(combination.values).map(([name, value]) => `${name}=${String(value)}`).join(', ');
}

function rowsOf(combinations: readonly Combination[], jobs: readonly SweepJob[], results: ReadonlyMap<number, JobResult>): SweepRow[] {
  const jobOf = new Map(jobs.map((job) => [`${job.combination} ${job.phase}`, job.id]));
  const outcome = (combination: number, phase: Phase): Outcome => {
    const id = jobOf.get(`${combination} ${phase}`);
    const result = id === undefined ? undefined : results.get(id);
    if (result === undefined) return { error: { code: 'ROBO_ERR_INTERNAL', message: 'the run left no result' } };
    return {
      ...('summaryJson' in result ? { summary: JSON.parse(result.summaryJson) as RunSummary } : {}),
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  };
  return combinations.map(({ index, values }): SweepRow => (jobOf.has(`${index} full`)
    ? { kind: 'plain', index, values, run: outcome(index, 'full') }
    : { kind: 'walk-forward', index, values, inSample: outcome(index, 'in-sample'), outOfSample: outcome(index, 'out-of-sample') }));
}

/** After the table: a sweep with failed runs ends with the first one's error, naming how many failed. */
function requireEveryRun(rows: readonly SweepRow[]): void {
  const failed = rows.flatMap((row) => (row.kind === 'plain' ? [row.run] : [row.inSample, row.outOfSample]).filter((o) => o.error !== undefined).map((o) => ({ row, error: o.error! })));
  const first = [...failed].sort((a, b) => a.row.index - b.row.index)[0];
  if (first === undefined) return;
  throw new RoboError(first.error.code, `${failed.length} run${failed.length === 1 ? '' : 's'} of the sweep failed; each row says why. The first, combination #${first.row.index}: ${first.error.message.split('\n')[0] ?? ''}`);
}
