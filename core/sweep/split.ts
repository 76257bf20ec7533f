/**
 * Walk-forward (`--split 70%`): a combination runs in-sample on the first part of the range's sessions and
 * out-of-sample on the rest, each a run of its own over `--from`/`--to` dates: strategies warm up again at
 * the start of the out-of-sample part, as they would trading it for the first time.
 */
import { RoboError } from '../domain/errors.js';
import type { TradeDateWindow } from '../cli/trade-window.js';

/** The in-sample share of the sessions, in percent, 1 to 99. */
export function splitArgument(value: string): number {
  const match = /^(\d{1,2}(?:\.\d+)?)%$/.exec(value.trim());
  const percent = match === null ? NaN : Number(match[1]);
  if (!(percent >= 1 && percent <= 99)) throw new RoboError('ROBO_ERR_USAGE', `--split: expected the in-sample share of the sessions as a percentage from 1% to 99% (such as 70%), was ${JSON.stringify(value)}`);
  return percent;
}

/** The two windows of `sessions` (trade dates, in order): the first `percent` of them, rounded down but at least one, then the rest. */
export function splitWindows(sessions: readonly string[], percent: number): { readonly inSample: Required<TradeDateWindow>; readonly outOfSample: Required<TradeDateWindow> } {
  const count = Math.floor((sessions.length * percent) / 100);
  const first = sessions[0];
  const last = sessions.at(-1);
  if (count < 1 || count >= sessions.length || first === undefined || last === undefined) {
    throw new RoboError('ROBO_ERR_USAGE', `--split ${percent}%: expected at least one session on each side, was ${sessions.length} session${sessions.length === 1 ? '' : 's'} in all, ${count} in-sample`);
  }
  return { inSample: { from: first, to: sessions[count - 1]! }, outOfSample: { from: sessions[count]!, to: last } };
}
