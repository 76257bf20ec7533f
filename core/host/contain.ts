/**
 * Wraps every tap of every hook so a plugin can neither crash the host nor hang it: each failure is
 * attributed to its plugin and hook, a throwing or hanging tap on a gate (`beforeOrder`,
 * `beforeBrokerRequest`) refuses what it guards (fail closed), and a tap elsewhere that fails is
 * reported while the host goes on.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { Veto } from '../domain/types.js';
import type { HookName, Hooks } from './hooks.js';
import { isClocked, type Timers, type TimerHandle } from './timers.js';
import { Watchdog } from './watchdog.js';

export interface TapFailure {
  readonly plugin: string;
  readonly hook: HookName;
  readonly kind: 'threw' | 'timed-out' | 'invalid-result';
  readonly message: string;
  readonly error?: unknown;
}

export interface ContainmentOptions {
  readonly timers: Timers;
  /** How long one tap may take before it is reported (and, on a gate, refuses the order or request). */
  readonly tapTimeoutMs: number;
  /** Hooks whose taps may take longer (state recovery waits for the broker's answers), in milliseconds. */
  readonly hookTimeoutsMs?: Partial<Readonly<Record<HookName, number>>>;
  readonly report: (failure: TapFailure) => void;
  /** Plugins installed earlier stop later: onShutdown taps get a stage that reverses installation order. */
  readonly shutdownStage: (plugin: string) => number | undefined;
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Observe-only hooks the host fires on every bar and every order with callSeries (series.ts): their
 * contained taps also carry a direct form under DIRECT, which returns undefined when the tap finished
 * at once instead of a promise. Their taps may be sync or promise taps, and a sync tap may return a
 * promise: it is waited for.
 */
const DIRECT_HOOKS: ReadonlySet<HookName> = new Set(['onBar', 'afterOrder', 'orderUpdate', 'afterFill']);
export const DIRECT: unique symbol = Symbol('robo.direct');

/** The hooks whose taps decide whether something is sent: a failure there refuses it rather than letting it through. */
const GATES: ReadonlySet<HookName> = new Set(['beforeOrder', 'beforeBrokerRequest', 'beforeTrading']);
const VETO_CODE = /^[A-Z][A-Z0-9_]*$/;

export function describeFailure(failure: TapFailure): string {
  return `[plugin ${failure.plugin}] failed in hooks.${failure.hook}: ${failure.message}`;
}

export function containHooks(hooks: Hooks, options: ContainmentOptions): void {
  // Real timers can share one watchdog timer among all pending taps of one time limit; other timers (fakes in tests) get one timer per call.
  const watchdogs = new Map<number, Watchdog>();
  const watchdogFor = (timeoutMs: number): Watchdog | undefined => {
    const { timers } = options;
    if (!isClocked(timers)) return undefined;
    let watchdog = watchdogs.get(timeoutMs);
    if (watchdog === undefined) watchdogs.set(timeoutMs, watchdog = new Watchdog(timers, timeoutMs));
    return watchdog;
  };
  for (const name of Object.keys(hooks) as HookName[]) {
    const timeoutMs = options.hookTimeoutsMs?.[name] ?? options.tapTimeoutMs;
    const hook = hooks[name] as unknown as { intercept(i: { register(tap: { name: string; type: string; fn: AnyFn; stage?: number }): unknown }): void };
    hook.intercept({
      register: (tap) => {
        if (tap.type === 'async') {
          throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${tap.name}] tapped hooks.${name} with tapAsync; use tap or tapPromise`);
        }
        const stage = name === 'onShutdown' ? options.shutdownStage(tap.name) : undefined;
        const tapOptions = { ...options, tapTimeoutMs: timeoutMs };
        const fn = wrap(name, tap.name, tap.type === 'promise', tap.fn, tapOptions, watchdogFor(timeoutMs));
        if (DIRECT_HOOKS.has(name)) Object.assign(fn, { [DIRECT]: direct(name, tap.name, tap.fn, tapOptions, watchdogFor(timeoutMs)) });
        return { ...tap, ...(stage === undefined ? {} : { stage }), fn };
      },
    });
  }
}

function wrap(hook: HookName, plugin: string, isPromise: boolean, fn: AnyFn, options: ContainmentOptions, watchdog: Watchdog | undefined): AnyFn {
  const failed = (kind: TapFailure['kind'], message: string, error?: unknown): Veto | undefined => {
    options.report({ plugin, hook, kind, message, error });
    if (!GATES.has(hook)) return undefined;
    const what = hook === 'beforeOrder' ? 'the order was refused' : hook === 'beforeTrading' ? 'trading was not resumed' : 'the broker request was refused';
    return { by: plugin, code: 'PLUGIN_FAILED', reason: `the plugin failed in hooks.${hook} (${message}), so ${what}` };
  };
  const check = (result: unknown): unknown => {
    if (!GATES.has(hook)) return undefined;
    if (result === undefined || isVeto(result)) return result;
    return failed('invalid-result', `returned ${describe(result)}; expected undefined to allow or { by, reason } to veto`);
  };

  if (!isPromise) {
    return (...args: unknown[]) => {
      try {
        return check(fn(...args));
      } catch (error) {
        return failed('threw', messageOf(error), error);
      }
    };
  }

  if (watchdog !== undefined) {
    // The tap runs at once (not a microtask later); a tap that settles in time costs no timer of its own.
    const threw = (error: unknown): unknown => failed('threw', messageOf(error), error);
    const timedOut = (): unknown => failed('timed-out', `did not settle within ${options.tapTimeoutMs} ms`);
    return (...args: unknown[]) => {
      const startedAt = watchdog.now();
      let result: unknown;
      try {
        result = fn(...args);
      } catch (error) {
        return Promise.resolve(threw(error));
      }
      if (!isThenable(result)) return Promise.resolve(check(result));
      return watchdog.watch(startedAt, result, check, threw, timedOut);
    };
  }

  return (...args: unknown[]) => {
    let handle: TimerHandle | undefined;
    const timeout = new Promise<unknown>((resolve) => {
      handle = options.timers.setTimeout(
        () => resolve(failed('timed-out', `did not settle within ${options.tapTimeoutMs} ms`)),
        options.tapTimeoutMs,
      );
    });
    const work = Promise.resolve()
      .then(() => fn(...args))
      .then(check, (error: unknown) => failed('threw', messageOf(error), error));
    return Promise.race([work, timeout]).finally(() => {
      if (handle !== undefined) options.timers.clearTimeout(handle);
    });
  };
}

/** A tap of an observe-only hook, called at once: undefined if it finished then, else its contained promise. */
function direct(hook: HookName, plugin: string, fn: AnyFn, options: ContainmentOptions, watchdog: Watchdog | undefined): AnyFn {
  // What a pending result goes through: the promise path of wrap(), timing and failure report included.
  const settle = wrap(hook, plugin, true, (pending: unknown) => pending, options, watchdog);
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      options.report({ plugin, hook, kind: 'threw', message: messageOf(error), error });
      return undefined;
    }
    return isThenable(result) ? settle(result) : undefined;
  };
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function isVeto(value: unknown): value is Veto {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const code = v['code'];
  return typeof v['by'] === 'string' && v['by'] !== '' && typeof v['reason'] === 'string' && v['reason'] !== ''
    && (code === undefined || (typeof code === 'string' && VETO_CODE.test(code)));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object without a non-empty by and reason (and a code, if any, in capital letters, digits and underscores)';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- null and objects are described above; only primitives and functions get here
  return `${typeof value} ${String(value)}`;
}
