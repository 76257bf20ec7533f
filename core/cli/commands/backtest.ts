/** `robo backtest <config> [--json]`: the same host, plugins and strategies, replayed as fast as possible. */
import { flushBufferedLogs, type LogLevel } from '../../log.js';
import { SystemClock } from '../../market/clock.js';
import { compose, replayFeed } from '../compose.js';
import { requireCoveredDates } from '../config-calendar.js';
import { coverageWarningsFor, logCoverageWarnings } from '../coverage.js';
import { requireUsableBars } from '../check-bars.js';
import { loadCliConfig } from '../load.js';
import { logRateNotices, rateNotices, requireRatedDates } from '../rate-notices.js';
import { requireCleanEnd, runSession } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals, type SignalAbort } from './signals.js';

export async function backtestCommand(path: string, options: { json?: boolean; logLevel?: string }): Promise<void> {
  const signals = abortOnSignals();
  try {
    await backtest(path, options, signals);
  } finally {
    signals.release();
  }
}

async function backtest(path: string, options: { json?: boolean; logLevel?: string }, signals: SignalAbort): Promise<void> {
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
  try {
    const summary = await runSession(runtime, { signal: signals.signal });
    // A backtest's "today" is its data: warn when the data reaches within 60 days of a coverage end.
    logCoverageWarnings(runtime.log, coverageWarningsFor(calendar, { date: runtime.clock.now().toFormat('yyyy-MM-dd'), what: 'the last day replayed' }));
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    requireCleanEnd(summary);
  } finally {
    flushBufferedLogs(); // the replay's log lines before anything the command prints after it (an error, say)
  }
}
