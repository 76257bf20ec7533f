/** A sweep's results in one shape for the table, the CSV file and `--json`. */
import type { RunSummary } from '../cli/summary.js';
import type { AxisValue } from './axes.js';
import type { RunError } from './job.js';

/** One run: its summary as `robo backtest --json` prints it, the error it ended with, or both (a run that stopped on an error still has a summary). */
export interface Outcome {
  readonly summary?: RunSummary;
  readonly error?: RunError;
}

export type SweepRow =
  | { readonly kind: 'plain'; readonly index: number; readonly values: Readonly<Record<string, AxisValue>>; readonly run: Outcome }
  /** Walk-forward (`--split`): the same combination in-sample on the first part of the sessions, then out-of-sample on the rest. */
  | { readonly kind: 'walk-forward'; readonly index: number; readonly values: Readonly<Record<string, AxisValue>>; readonly inSample: Outcome; readonly outOfSample: Outcome };

/** The run a ranking looks at: the whole run, or the in-sample one. */
export function rankedRun(row: SweepRow): Outcome {
  return row.kind === 'plain' ? row.run : row.inSample;
}

/** `--json`'s entry for a row: `summary` (and `error`) of a plain run; `inSample` and `outOfSample` of a walk-forward one. */
export function jsonOf(row: SweepRow): object {
  const outcome = (o: Outcome): object => ({ ...(o.summary === undefined ? {} : { summary: o.summary }), ...(o.error === undefined ? {} : { error: o.error }) });
  return row.kind === 'plain'
    ? { index: row.index, values: row.values, ...outcome(row.run) }
    : { index: row.index, values: row.values, inSample: outcome(row.inSample), outOfSample: outcome(row.outOfSample) };
}
