/** What a sweep hands a worker thread and what it hands back: plain data, as structured clone carries it. */
import type { ConfigOverride } from '../config/overrides.js';
import type { RoboErrorCode } from '../domain/errors.js';
import type { TradeDateWindow } from '../cli/trade-window.js';

/** `full`: the whole range; `in-sample` and `out-of-sample`: the two parts of a walk-forward split. */
export type Phase = 'full' | 'in-sample' | 'out-of-sample';

export interface SweepJob {
  /** The job's own number, so results that come back in any order find their place. */
  readonly id: number;
  readonly combination: number;
  readonly phase: Phase;
  readonly configPath: string;
  readonly overrides: readonly ConfigOverride[];
  readonly window: TradeDateWindow;
}

export interface RunError {
  readonly code: RoboErrorCode;
  readonly message: string;
}

/**
 * A run's summary as `robo backtest --json` prints it (the JSON text, so nothing is lost in between), and
 * the error the command would end with after printing it; or only an error when the run never started.
 */
export type JobResult =
  | { readonly id: number; readonly summaryJson: string; readonly error?: RunError }
  | { readonly id: number; readonly error: RunError };
