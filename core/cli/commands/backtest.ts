/** `robo backtest <config> [--json] [--out DIR] [--report FILE] [--risk-free-rate PCT]`: the same host, plugins and strategies, replayed as fast as possible. */
import { flushBufferedLogs, type LogLevel } from '../../log.js';
import { SystemClock } from '../../market/clock.js';
import { writeExports } from '../../backtest/exports.js';
import type { Decimal } from '../../domain/money.js';
import { attachRecorder, finishAnalysis } from '../backtest-analysis.js';
import { compose, replayFeed } from '../compose.js';
import { requireCoveredDates } from '../config-calendar.js';
import { coverageWarningsFor, logCoverageWarnings } from '../coverage.js';
import { requireUsableBars } from '../check-bars.js';
import { loadCliConfig } from '../load.js';
import { logRateNotices, rateNotices, requireRatedDates } from '../rate-notices.js';
import { requireCleanEnd, runSession } from '../session.js';
import { formatSummary } from '../summary.js';
import { parseRiskFreeRate } from '../risk-free-rate.js';
import { requireOutputFile, requireOutputFolder } from '../output-folder.js';
import { writeReport } from '../../report/write-report.js';
import { abortOnSignals, type SignalAbort } from './signals.js';

export interface BacktestOptions {
  readonly json?: boolean;
  readonly logLevel?: string;
  /** Writes trades, orders, fills, equity and the summary into this folder. */
  readonly out?: string;
  /** Writes the run as one self-contained HTML page. */
  readonly report?: string;
  /** Annual, in percent, as typed: `4.5`. */
  readonly riskFreeRate?: string;
}

export async function backtestCommand(path: string, options: BacktestOptions): Promise<void> {
  const riskFreeRatePercent = parseRiskFreeRate(options.riskFreeRate);
  const out = options.out === undefined ? undefined : requireOutputFolder('--out', options.out);
  const report = options.report === undefined ? undefined : requireOutputFile('--report', options.report);
  const signals = abortOnSignals();
  try {
    await backtest(path, { ...options, ...(out === undefined ? {} : { out }), ...(report === undefined ? {} : { report }) }, riskFreeRatePercent, signals);
  } finally {
    signals.release();
  }
}

async function backtest(path: string, options: BacktestOptions, riskFreeRatePercent: Decimal, signals: SignalAbort): Promise<void> {
  const loaded = await loadCliConfig(path);
  const { file, config, plugins, strategyKinds, rateBook, calendar } = loaded;
  const range = requireCoveredDates(loaded, new SystemClock().now().toFormat('yyyy-MM-dd'));
  requireRatedDates(loaded, range);
  const checkedBars = await requireUsableBars(loaded);
  const logLevel = (options.logLevel ?? (options.json ? 'warn' : config.log.level)) as LogLevel;
  const runtime = await compose(file, config, { logFd: 2, logLevel, plugins, strategyKinds, rateBook, calendar, bufferLogs: true, ...(checkedBars ? { checkedBars } : {}) });
  replayFeed(runtime); // a live broker has nothing to replay: refuse before anything connects
  logRateNotices(runtime.log, rateNotices(rateBook, config, range));
  signals.whenSignalled((signal) => runtime.log.warn({ signal }, `received ${signal}, stopping the backtest`));
  const analysisOptions = { riskFreeRatePercent, details: options.out !== undefined || options.report !== undefined };
  const recorder = attachRecorder(runtime, analysisOptions);
  try {
    const run = await runSession(runtime, { signal: signals.signal, beforeInstant: recorder.beforeInstant });
    const { summary, record } = await finishAnalysis(recorder, run, { ...analysisOptions, configFile: file });
    // A backtest's "today" is its data: warn when the data reaches within 60 days of a coverage end.
    logCoverageWarnings(runtime.log, coverageWarningsFor(calendar, { date: runtime.clock.now().toFormat('yyyy-MM-dd'), what: 'the last day replayed' }));
    if (options.out !== undefined && record !== undefined) await writeExports(options.out, record, summary, calendar.zone);
    if (options.report !== undefined && record !== undefined) {
      await writeReport(options.report, record, { period: { from: record.sessions[0]?.date ?? summary.period.from, to: record.sessions.at(-1)?.date ?? summary.period.to } });
    }
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    requireCleanEnd(summary);
  } finally {
    flushBufferedLogs(); // the replay's log lines before anything the command prints after it (an error, say)
  }
}
