/**
 * Runs work in order and waits only where it must: each step may finish at once (undefined) or return a
 * promise, and only a promise makes the rest wait for it. On the bar path almost every step finishes at
 * once — a strategy that does not trade, a guard that only compares — so a bar then costs no promise and
 * no trip through the microtask queue; a step that trades still holds the next one back until it is done.
 */
import type { AsyncSeriesBailHook, AsyncSeriesHook } from 'tapable';
import { RoboError } from '../domain/errors.js';
import { DIRECT, isThenable } from './contain.js';

export type MaybePromise = void | Promise<void>;

type DirectFn<T> = ((arg: T) => MaybePromise) & { readonly [DIRECT]?: (arg: T) => MaybePromise };

/**
 * Calls the taps of `hook` in tapable's order (by stage, then registration), each through its contained
 * direct form (contain.ts): the same failure containment and time limit as `hook.promise(arg)`, without
 * a promise for taps that finish at once. Only hooks contain.ts lists as direct are called this way.
 */
export function callSeries<T>(hook: AsyncSeriesHook<[T]>, arg: T, from = 0): MaybePromise {
  const taps = hook.taps;
  // A plain loop that recurses only past a promise: it runs for every bar, and a closure per call is measurable there.
  for (let index = from; index < taps.length; index++) {
    const fn = taps[index]!.fn as DirectFn<T>;
    const direct = fn[DIRECT];
    if (direct === undefined) throw new RoboError('ROBO_ERR_INTERNAL', `hooks.${hook.name ?? '?'} has a tap without a direct form: only the hooks in DIRECT_HOOKS (contain.ts) can be called with callSeries`);
    const pending = direct(arg);
    if (pending !== undefined) return pending.then(() => callSeries(hook, arg, index + 1));
  }
  return undefined;
}

/**
 * Calls the taps of a gate (`beforeOrder`, `beforeBrokerRequest`) in tapable's order and stops at the first
 * veto, as `hook.promise(arg)` does, without tapable's promises: a `tap` tap's contained form (contain.ts)
 * returns its veto or undefined at once — a throw or an invalid result already turned into a veto — and a
 * `tapPromise` tap's returns a promise that is waited for, with its time limit. So the fail-closed rules
 * are the containment's, unchanged; a gate whose taps all finish at once costs no promise.
 */
export function callBail<T, R>(hook: AsyncSeriesBailHook<[T], R | undefined>, arg: T, from = 0): R | undefined | Promise<R | undefined> {
  const taps = hook.taps;
  for (let index = from; index < taps.length; index++) {
    const tap = taps[index]!;
    const result = (tap.fn as (arg: T) => unknown)(arg);
    if (tap.type === 'promise') {
      // A contained promise tap always returns a promise (contain.ts); tapable would refuse anything else.
      if (!isThenable(result)) throw new RoboError('ROBO_ERR_INTERNAL', `hooks.${hook.name ?? '?'}: the tap ${tap.name} did not return a promise`);
      return Promise.resolve(result).then((veto) => (veto !== undefined ? (veto as R) : callBail(hook, arg, index + 1)));
    }
    if (result !== undefined) return result as R;
  }
  return undefined;
}
