/** `robo backtest <config> [--json] [--out DIR] [--report FILE] [--risk-free-rate PCT] [--set PATH=VALUE]… [--from DATE] [--to DATE]`: the same host, plugins and strategies, replayed as fast as possible. */
import type { ConfigOverride } from '../../config/overrides.js';
import { join } from 'node:path';
import { EXPORT_FILES, writeExports } from '../../backtest/exports.js';
import { RoboError } from '../../domain/errors.js';
import { flushBufferedLogs, type LogLevel } from '../../log.js';
import { writeReport } from '../../report/write-report.js';
import { prepareBacktest, runPrepared } from '../backtest-run.js';
import { HeldLogs } from '../held-logs.js';
import { requireOutputFile, requireOutputFolder } from '../output-folder.js';
import { progressBar } from '../progress.js';
import { parseRiskFreeRate } from '../risk-free-rate.js';
import { requireCleanEnd } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals } from './signals.js';

export interface BacktestCommandOptions {
  readonly json?: boolean;
  readonly logLevel?: string;
  /** Writes trades, orders, fills, equity and the summary into this folder. */
  readonly out?: string;
  /** Writes the run as one self-contained HTML page. */
  readonly report?: string;
  /** Annual, in percent, as typed: `4.5`. */
  readonly riskFreeRate?: string;
  readonly set?: readonly ConfigOverride[];
  readonly from?: string;
  readonly to?: string;
}

/** A report written where --out puts an export would replace it, or be replaced by it. */
function refuseReportAmongExports(written: string, report: string, out: string): void {
  const clash = EXPORT_FILES.find((name) => join(out, name) === report);
  if (clash === undefined) return;
  throw new RoboError('ROBO_ERR_USAGE', `--report ${written}: that is where --out writes ${clash}; name the report another file, such as ${join(out, 'report.html')}`);
}

export async function backtestCommand(path: string, options: BacktestCommandOptions): Promise<void> {
  const riskFreeRatePercent = parseRiskFreeRate(options.riskFreeRate);
  const out = options.out === undefined ? undefined : requireOutputFolder('--out', options.out);
  const report = options.report === undefined ? undefined : requireOutputFile('--report', options.report);
  if (out !== undefined && report !== undefined) refuseReportAmongExports(options.report ?? '', report, out);
  const signals = abortOnSignals();
  try {
    const window = { ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) };
    const prepared = await prepareBacktest({ configPath: path, overrides: options.set ?? [], window });
    const logLevel = (options.logLevel ?? (options.json ? 'warn' : prepared.loaded.config.log.level)) as LogLevel;
    const bar = progressBar({ label: 'backtest', total: prepared.sessions.length, unit: 'days', quiet: options.json === true });
    // While the bar is drawn, the run's log lines wait: written under it, the next redraw would tear them.
    const held = bar.live ? new HeldLogs(() => bar.stop()) : undefined;
    try {
      const { summary, record } = await runPrepared(prepared, {
        logLevel,
        signal: signals.signal,
        whenSignalled: (handler) => signals.whenSignalled(handler),
        onDateReached: (done, date) => bar.update(done, date),
        analysis: { riskFreeRatePercent, details: out !== undefined || report !== undefined },
        ...(held === undefined ? {} : { logSink: held }),
      });
      bar.stop();
      held?.release();
      if (out !== undefined && record !== undefined) await writeExports(out, record, summary, prepared.loaded.calendar.zone);
      if (report !== undefined && record !== undefined) {
        await writeReport(report, record, { period: { from: record.sessions[0]?.date ?? summary.period.from, to: record.sessions.at(-1)?.date ?? summary.period.to } });
      }
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
