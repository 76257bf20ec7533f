/**
 * Wraps every tap of every hook so a plugin can neither crash the host nor hang it: each failure is
 * attributed to its plugin and hook, a throwing or hanging `beforeOrder` tap vetoes the order (fail
 * closed), and a tap elsewhere that fails is reported while the host goes on.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { Veto } from '../domain/types.js';
import type { HookName, Hooks } from './hooks.js';
import type { Timers, TimerHandle } from './timers.js';

export interface TapFailure {
  readonly plugin: string;
  readonly hook: HookName;
  readonly kind: 'threw' | 'timed-out' | 'invalid-result';
  readonly message: string;
  readonly error?: unknown;
}

export interface ContainmentOptions {
  readonly timers: Timers;
  /** How long one tap may take before it is reported (and, in beforeOrder, vetoes the order). */
  readonly tapTimeoutMs: number;
  readonly report: (failure: TapFailure) => void;
  /** Plugins installed earlier stop later: onShutdown taps get a stage that reverses installation order. */
  readonly shutdownStage: (plugin: string) => number | undefined;
}

type AnyFn = (...args: unknown[]) => unknown;

export function describeFailure(failure: TapFailure): string {
  return `[plugin ${failure.plugin}] failed in hooks.${failure.hook}: ${failure.message}`;
}

export function containHooks(hooks: Hooks, options: ContainmentOptions): void {
  for (const name of Object.keys(hooks) as HookName[]) {
    const hook = hooks[name] as unknown as { intercept(i: { register(tap: { name: string; type: string; fn: AnyFn; stage?: number }): unknown }): void };
    hook.intercept({
      register: (tap) => {
        if (tap.type === 'async') {
          throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${tap.name}] tapped hooks.${name} with tapAsync; use tap or tapPromise`);
        }
        const stage = name === 'onShutdown' ? options.shutdownStage(tap.name) : undefined;
        return { ...tap, ...(stage === undefined ? {} : { stage }), fn: wrap(name, tap.name, tap.type === 'promise', tap.fn, options) };
      },
    });
  }
}

function wrap(hook: HookName, plugin: string, isPromise: boolean, fn: AnyFn, options: ContainmentOptions): AnyFn {
  const failed = (kind: TapFailure['kind'], message: string, error?: unknown): Veto | undefined => {
    options.report({ plugin, hook, kind, message, error });
    return hook === 'beforeOrder' ? { by: plugin, reason: `the plugin failed (${message}), so the order was refused` } : undefined;
  };
  const check = (result: unknown): unknown => {
    if (hook !== 'beforeOrder') return undefined;
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

function isVeto(value: unknown): value is Veto {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['by'] === 'string' && v['by'] !== '' && typeof v['reason'] === 'string' && v['reason'] !== '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object without a non-empty by and reason';
  return `${typeof value} ${String(value)}`;
}
