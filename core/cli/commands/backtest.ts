/** `robo backtest <config> [--json] [--set PATH=VALUE]… [--from DATE] [--to DATE]`: the same host, plugins and strategies, replayed as fast as possible. */
import type { ConfigOverride } from '../../config/overrides.js';
import { flushBufferedLogs, type LogLevel } from '../../log.js';
import { prepareBacktest, runPrepared } from '../backtest-run.js';
import { HeldLogs } from '../held-logs.js';
import { progressBar } from '../progress.js';
import { requireCleanEnd } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals } from './signals.js';

export interface BacktestCommandOptions {
  readonly json?: boolean;
  readonly logLevel?: string;
  readonly set?: readonly ConfigOverride[];
  readonly from?: string;
  readonly to?: string;
}

export async function backtestCommand(path: string, options: BacktestCommandOptions): Promise<void> {
  const signals = abortOnSignals();
  try {
    const window = { ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) };
    const prepared = await prepareBacktest({ configPath: path, overrides: options.set ?? [], window });
    const logLevel = (options.logLevel ?? (options.json ? 'warn' : prepared.loaded.config.log.level)) as LogLevel;
    const bar = progressBar({ label: 'backtest', total: prepared.sessions.length, unit: 'days', quiet: options.json === true });
    // While the bar is drawn, the run's log lines wait: written under it, the next redraw would tear them.
    const held = bar.live ? new HeldLogs(() => bar.stop()) : undefined;
    try {
      const summary = await runPrepared(prepared, {
        logLevel,
        signal: signals.signal,
        whenSignalled: (handler) => signals.whenSignalled(handler),
        onDateReached: (done, date) => bar.update(done, date),
        ...(held === undefined ? {} : { logSink: held }),
      });
      bar.stop();
      held?.release();
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      requireCleanEnd(summary);
    } finally {
      bar.stop();
      held?.release();
    }
  } finally {
    flushBufferedLogs(); // the replay's log lines before anything the command prints after it (an error, say)
    signals.release();
  }
}
