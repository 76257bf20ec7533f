/** Writes the HTML report to a file: what `robo backtest --report FILE` does once the run has its record. */
import type { BacktestRecord } from '../backtest/types.js';
import { writeWhole } from '../write-whole.js';
import { renderReport, type ReportRun } from './html.js';

/** Whole or not at all: a browser that has the old report open, or a crash half-way, never sees half a page. */
export async function writeReport(file: string, record: BacktestRecord, run: ReportRun): Promise<void> {
  await writeWhole(file, renderReport(record, run));
}
