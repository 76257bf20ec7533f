/** A bar source streams the bars of all its symbols as one sequence ordered by time, never holding them all in memory. */
import type { Bar } from '../../../domain/types.js';

export interface BarSource {
  /** The symbols this source yields, in the order that breaks ties between bars with the same `time`. */
  readonly symbols: readonly string[];
  /**
   * Every bar of every symbol in non-decreasing `time` order; bars with the same `time` come in the
   * order of `symbols`. Each call starts a fresh pass; breaking out of the loop releases the source's
   * resources (file handles) before the loop statement completes.
   */
  bars(): AsyncIterable<Bar>;
}
