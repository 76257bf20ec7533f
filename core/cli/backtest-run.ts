/**
 * One backtest from a config path to its RunSummary: load and check the config, compose the host, replay,
 * summarize. `robo backtest` prints what it returns; a sweep's worker threads call it for each combination,
 * so a run in a sweep is the very run `robo backtest --json` makes of the same values.
 */
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import type { ConfigOverride } from '../config/overrides.js';
import type { LogLevel, LogSink } from '../log.js';
import { barsBetween, watchedBars } from '../brokers/sim/data/between.js';
import { windowInstants, type TradeDateWindow } from './trade-window.js';
import { SystemClock } from '../market/clock.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { compose, notReplayable, replayFeed } from './compose.js';
import { requireCoveredDates } from './config-calendar.js';
import { coverageWarningsFor, logCoverageWarnings } from './coverage.js';
import { requireUsableBars } from './check-bars.js';
import type { DataRange } from './data-range.js';
import { loadCliConfig, type CliConfig } from './load.js';
import { logRateNotices, rateNotices, requireRatedDates } from './rate-notices.js';
import { runSession } from './session.js';
import type { RunSummary } from './summary.js';
import { attachRecorder, finishAnalysis, type AnalysisOptions } from './backtest-analysis.js';
import type { BacktestRecord } from '../backtest/types.js';
import { parseRiskFreeRate } from './risk-free-rate.js';

/** What to run: the same request whether it comes from `robo backtest` or from one combination of a sweep. */
export interface BacktestRequest {
  readonly configPath: string;
  /** `--set PATH=VALUE`, written into the config before it is validated. */
  readonly overrides?: readonly ConfigOverride[];
  /** `--from` / `--to`: only the bars of these New York trade dates are replayed. */
  readonly window?: TradeDateWindow;
}

/** A config loaded and checked for a replay: everything that can be refused before anything runs has been. */
export interface PreparedBacktest {
  readonly loaded: CliConfig;
  /** The New York trade dates the run replays. */
  readonly range: DataRange;
  /** The trade dates of the range's sessions, in order: what progress counts. */
  readonly sessions: readonly string[];
  /** Whether the replay keeps only the window's bars (`--from` or `--to` given). */
  readonly windowed: boolean;
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
  /** Told each time the replay reaches a later trade date: how many of `sessions` are reached, and that date. */
  readonly onDateReached?: (done: number, date: string) => void;
  /** The metrics' risk-free rate, and whether the full record (for `--out` and `--report`) is kept; absent, 0% and no record. */
  readonly analysis?: AnalysisOptions;
}

/** The summary (with its metrics), and the whole record of the run when `analysis.details` asked for it. */
export interface BacktestOutcome {
  readonly summary: RunSummary;
  readonly record?: BacktestRecord;
}

/** Loads the config and refuses, before anything runs, dates the calendar or the fee tables do not cover and data the strategies cannot use. */
export async function prepareBacktest(request: BacktestRequest): Promise<PreparedBacktest> {
  const { loaded, range, sessions } = await checkBacktest(request);
  const checkedBars = await requireUsableBars(loaded);
  const window = request.window ?? {};
  return { loaded, range, sessions, windowed: window.from !== undefined || window.to !== undefined, checkedBars };
}

/**
 * The checks a sweep makes of every combination before it runs any: the config with its overrides, the
 * dates against the calendar and the fee tables. The data itself is read by the run (once per combination
 * would be once too many).
 */
export async function checkBacktest(request: BacktestRequest): Promise<Pick<PreparedBacktest, 'loaded' | 'range' | 'sessions'>> {
  const loaded = await loadCliConfig(request.configPath, request.overrides ?? []);
  const window = request.window ?? {};
  const range = requireCoveredDates(loaded, new SystemClock().now().toFormat('yyyy-MM-dd'), window);
  requireRatedDates(loaded, range);
  if (loaded.config.broker.kind !== 'sim') throw notReplayable(loaded.config);
  const sessions = loaded.calendar.sessionsBetween(range.from, range.to).map((session) => session.date);
  if (sessions.length === 0) {
    throw new RoboError('ROBO_ERR_USAGE', `--from ${range.from} --to ${range.to}: expected at least one trading session, was none (weekends and holidays only)`);
  }
  return { loaded, range, sessions };
}

export async function runBacktest(request: BacktestRequest, options: RunOptions): Promise<RunSummary> {
  return (await runPrepared(await prepareBacktest(request), options)).summary;
}

export async function runPrepared(prepared: PreparedBacktest, options: RunOptions): Promise<BacktestOutcome> {
  const { loaded: { file, config, plugins, strategyKinds, rateBook, calendar }, range, checkedBars } = prepared;
  const runtime = await compose(file, config, {
    logFd: 2,
    bufferLogs: true,
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.logSink === undefined ? {} : { logSink: options.logSink }),
    plugins, strategyKinds, rateBook, calendar,
    ...(checkedBars ? { checkedBars } : {}),
    shapeBars: (source) => watchedBars(prepared.windowed ? barsBetween(source, windowInstants(range, calendar.zone)) : source, progressOf(prepared, calendar.zone, options.onDateReached)),
  });
  replayFeed(runtime); // a live broker has nothing to replay: refuse before anything connects
  logRateNotices(runtime.log, rateNotices(rateBook, config, range));
  options.whenSignalled?.((signal) => runtime.log.warn({ signal }, `received ${signal}, stopping the backtest`));
  const analysis = options.analysis ?? { riskFreeRatePercent: parseRiskFreeRate(undefined), details: false };
  const recorder = attachRecorder(runtime, analysis);
  const run = await runSession(runtime, { signal: options.signal, beforeInstant: recorder.beforeInstant });
  const outcome = await finishAnalysis(recorder, run, { ...analysis, configFile: file });
  // A backtest's "today" is its data: warn when the data reaches within 60 days of a coverage end.
  logCoverageWarnings(runtime.log, coverageWarningsFor(calendar, { date: runtime.clock.now().toFormat('yyyy-MM-dd'), what: 'the last day replayed' }));
  return outcome;
}

/** The date reached, from the time of the last bar read: luxon once per batch, and the callback only when the date moved on. */
function progressOf(prepared: PreparedBacktest, zone: string, onDateReached: RunOptions['onDateReached']): (lastTimeMs: number) => void {
  if (onDateReached === undefined) return () => undefined;
  let nextDayMs = -Infinity;
  return (lastTimeMs) => {
    if (lastTimeMs < nextDayMs) return;
    const day = DateTime.fromMillis(lastTimeMs, { zone }).startOf('day');
    nextDayMs = day.plus({ days: 1 }).toMillis();
    const date = day.toFormat('yyyy-MM-dd');
    onDateReached(sessionsUpTo(prepared.sessions, date), date);
  };
}

/** How many of the sorted `sessions` are on or before `date`. */
function sessionsUpTo(sessions: readonly string[], date: string): number {
  let low = 0;
  let high = sessions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sessions[mid]! <= date) low = mid + 1;
    else high = mid;
  }
  return low;
}
