/** Writes the HTML report to a file: what `robo backtest --report FILE` does once the run has its record. */
import { writeFileSync } from 'node:fs';
import type { BacktestRecord } from '../backtest/types.js';
import { renderReport, type ReportRun } from './html.js';

export function writeReport(file: string, record: BacktestRecord, run: ReportRun): void {
  writeFileSync(file, renderReport(record, run), 'utf8');
}
