/**
 * What a backtest command adds around a run: a recorder attached before the replay, and afterwards the
 * metrics put into the summary and, when asked for, the exports written.
 */
import { readFile } from 'node:fs/promises';
import { decimalFromNumber, type Decimal } from '../domain/money.js';
import type { Runtime } from './compose.js';
import type { RunSummary } from './summary.js';
import { analyze } from '../backtest/analyze.js';
import { backtestRecord } from '../backtest/record.js';
import { BacktestRecorder } from '../backtest/recorder.js';
import type { BacktestRecord } from '../backtest/types.js';

export interface AnalysisOptions {
  /** Annual, in percent. */
  readonly riskFreeRatePercent: Decimal;
  /** Per-bar equity and every order are kept only for exports and the report. */
  readonly details: boolean;
}

export function attachRecorder(runtime: Runtime, options: AnalysisOptions): BacktestRecorder {
  const { config } = runtime;
  return new BacktestRecorder(runtime.host, {
    startingCash: decimalFromNumber(config.account.startingCash),
    symbols: [...new Set(config.strategies.flatMap((s) => s.symbols))],
    strategies: config.strategies.map((s) => s.id),
    details: options.details,
  });
}

/** The summary with its metrics, and (with `details`) the full record for exports and the report. */
export async function finishAnalysis(recorder: BacktestRecorder, summary: RunSummary, options: AnalysisOptions & { readonly configFile: string }): Promise<{ readonly summary: RunSummary; readonly record?: BacktestRecord }> {
  const run = recorder.finish();
  const analysis = analyze(run, { riskFreeRatePercent: options.riskFreeRatePercent, costs: summary.sections.costs as Record<string, unknown> | undefined });
  const withMetrics: RunSummary = {
    ...summary,
    metrics: { riskFreeRatePercent: analysis.riskFreeRatePercent, overall: analysis.overall, benchmark: analysis.benchmark, byStrategy: analysis.byStrategy, bySymbol: analysis.bySymbol },
  };
  if (!options.details) return { summary: withMetrics };
  return { summary: withMetrics, record: backtestRecord(run, analysis, { file: options.configFile, text: await readFile(options.configFile, 'utf8') }) };
}
