/**
 * One backtest from a config path to its RunSummary: load and check the config, compose the host, replay,
 * summarize. `robo backtest` prints what it returns; a sweep's worker threads call it for each combination,
 * so a run in a sweep is the very run `robo backtest --json` makes of the same values.
 */
import type { LogLevel, LogSink } from '../log.js';
import { SystemClock } from '../market/clock.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { compose, replayFeed } from './compose.js';
import { requireCoveredDates } from './config-calendar.js';
import { coverageWarningsFor, logCoverageWarnings } from './coverage.js';
import { requireUsableBars } from './check-bars.js';
import type { DataRange } from './data-range.js';
import { loadCliConfig, type CliConfig } from './load.js';
import { logRateNotices, rateNotices, requireRatedDates } from './rate-notices.js';
import { runSession } from './session.js';
import type { RunSummary } from './summary.js';

/** What to run: the same request whether it comes from `robo backtest` or from one combination of a sweep. */
export interface BacktestRequest {
  readonly configPath: string;
}

/** A config loaded and checked for a replay: everything that can be refused before anything runs has been. */
export interface PreparedBacktest {
  readonly loaded: CliConfig;
  /** The New York trade dates the run replays. */
  readonly range: DataRange;
  readonly checkedBars: BarSource | undefined;
}

export interface RunOptions {
  /** Absent: the config's `log.level`. */
  readonly logLevel?: LogLevel;
  /** Where the log lines go: stderr, buffered (the command flushes them), or a sink of the caller's. */
  readonly logSink?: LogSink;
  readonly signal: AbortSignal;
  /** Says in the log which signal stopped the run, once one did. */
  readonly whenSignalled?: (handler: (signal: NodeJS.Signals) => void) => void;
}

/** Loads the config and refuses, before anything runs, dates the calendar or the fee tables do not cover and data the strategies cannot use. */
export async function prepareBacktest(request: BacktestRequest): Promise<PreparedBacktest> {
  const loaded = await loadCliConfig(request.configPath);
  const range = requireCoveredDates(loaded, new SystemClock().now().toFormat('yyyy-MM-dd'));
  requireRatedDates(loaded, range);
  const checkedBars = await requireUsableBars(loaded);
  return { loaded, range, checkedBars };
}

export async function runBacktest(request: BacktestRequest, options: RunOptions): Promise<RunSummary> {
  return runPrepared(await prepareBacktest(request), options);
}

export async function runPrepared(prepared: PreparedBacktest, options: RunOptions): Promise<RunSummary> {
  const { loaded: { file, config, plugins, strategyKinds, rateBook, calendar }, range, checkedBars } = prepared;
  const runtime = await compose(file, config, {
    logFd: 2,
    bufferLogs: true,
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.logSink === undefined ? {} : { logSink: options.logSink }),
    plugins, strategyKinds, rateBook, calendar,
    ...(checkedBars ? { checkedBars } : {}),
  });
  replayFeed(runtime); // a live broker has nothing to replay: refuse before anything connects
  logRateNotices(runtime.log, rateNotices(rateBook, config, range));
  options.whenSignalled?.((signal) => runtime.log.warn({ signal }, `received ${signal}, stopping the backtest`));
  const summary = await runSession(runtime, { signal: options.signal });
  // A backtest's "today" is its data: warn when the data reaches within 60 days of a coverage end.
  logCoverageWarnings(runtime.log, coverageWarningsFor(calendar, { date: runtime.clock.now().toFormat('yyyy-MM-dd'), what: 'the last day replayed' }));
  return summary;
}
