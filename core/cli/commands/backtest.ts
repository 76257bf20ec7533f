/** `robo backtest <config> [--json]`: the same host, plugins and strategies, replayed as fast as possible. */
import { flushBufferedLogs, type LogLevel } from '../../log.js';
import { prepareBacktest, runPrepared } from '../backtest-run.js';
import { requireCleanEnd } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals } from './signals.js';

export interface BacktestCommandOptions {
  readonly json?: boolean;
  readonly logLevel?: string;
}

export async function backtestCommand(path: string, options: BacktestCommandOptions): Promise<void> {
  const signals = abortOnSignals();
  try {
    const prepared = await prepareBacktest({ configPath: path });
    const logLevel = (options.logLevel ?? (options.json ? 'warn' : prepared.loaded.config.log.level)) as LogLevel;
    const summary = await runPrepared(prepared, { logLevel, signal: signals.signal, whenSignalled: (handler) => signals.whenSignalled(handler) });
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    requireCleanEnd(summary);
  } finally {
    flushBufferedLogs(); // the replay's log lines before anything the command prints after it (an error, say)
    signals.release();
  }
}
