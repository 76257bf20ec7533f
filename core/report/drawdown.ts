/**
 * How far an equity curve is below its highest point so far, at every point: the report's drawdown chart.
 * The peak starts at the starting equity, so a run that loses from its first session shows it.
 */
import { dec, type Decimal } from '../domain/money.js';

export interface DrawdownPoint {
  readonly time: number;
  /** Money below the peak so far: zero or negative. */
  readonly amount: string;
  /** The same in percent of that peak: zero or negative. */
  readonly percent: string;
}

export function drawdownSeries(points: readonly { readonly time: number; readonly equity: string }[], startingEquity: string): DrawdownPoint[] {
  let peak: Decimal = dec(startingEquity);
  return points.map(({ time, equity }) => {
    const value = dec(equity);
    if (value.gt(peak)) peak = value;
    const amount = value.minus(peak);
    // Below a peak of zero or less there is no percentage to speak of; the amount still tells.
    const percent = peak.gt(0) ? amount.div(peak).times(100) : dec('0');
    return { time, amount: amount.toString(), percent: percent.toString() };
  });
}
