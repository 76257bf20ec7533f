/**
 * The hooks as a plugin sees them: it can tap, in its own name, and nothing more — no interceptors, no
 * view of other plugins' taps, no way to fire the order path's hooks. A plugin that is not mandatory
 * can never run before the built-in guards: its stage is raised to at least `STAGE.DEFAULT`, its
 * `before` is dropped (tapable's `before` ignores stages), and `beforeBrokerRequest` — where the rate
 * limiter must be the last word before the broker — is reserved for the built-in guards.
 */
import { RoboError } from '../domain/errors.js';
import { STAGE, type HookName, type Hooks } from './hooks.js';

/** What a plugin may do with one hook. */
export type PluginHook<H> = Pick<H, Extract<keyof H, 'tap' | 'tapPromise' | 'isUsed'>>;

/** Every hook, tap-only; `onTradingState` may also be fired (by a mandatory guard that changed the trading state). */
export type PluginHooks = { readonly [K in Exclude<HookName, 'onTradingState'>]: PluginHook<Hooks[K]> } & {
  readonly onTradingState: PluginHook<Hooks['onTradingState']> & Pick<Hooks['onTradingState'], 'promise'>;
};

/** Hooks only mandatory plugins may tap. */
const RESERVED: ReadonlySet<HookName> = new Set(['beforeBrokerRequest']);

type AnyFn = (...args: never[]) => unknown;
type TapOptions = { name: string; stage?: number; before?: string | string[] } & Record<string, unknown>;
interface RawHook {
  tap(options: TapOptions, fn: AnyFn): void;
  tapPromise(options: TapOptions, fn: AnyFn): void;
  isUsed(): boolean;
  promise(...args: unknown[]): Promise<unknown>;
}

export interface PluginHooksOptions {
  /** Built-in safety plugins keep their stages; everyone else runs after them. */
  readonly mandatory: boolean;
  /** Told when a tap option was dropped, so the plugin author learns why the tap runs where it does. */
  readonly warn: (message: string) => void;
}

export function pluginHooks(hooks: Hooks, plugin: string, options: PluginHooksOptions): PluginHooks {
  const own = (hook: HookName, requested: string | TapOptions): TapOptions => {
    const tap: TapOptions = typeof requested === 'string' ? { name: requested } : { ...requested };
    if (tap.name !== plugin) {
      throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${plugin}] tapped hooks.${hook} as ${JSON.stringify(tap.name)}; a plugin taps only in its own name`);
    }
    if (options.mandatory) return tap;
    if (RESERVED.has(hook)) {
      throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${plugin}] tapped hooks.${hook}, which only the built-in guards may tap (the rate limiter must be the last step before the broker); veto orders in hooks.beforeOrder instead`);
    }
    if (tap.before !== undefined) {
      options.warn(`[plugin ${plugin}] asked to tap hooks.${hook} before ${String(tap.before)}; ignored, because a plugin that is not built in runs after the safety guards`);
      delete tap.before;
    }
    if ((tap.stage ?? STAGE.DEFAULT) < STAGE.DEFAULT) {
      options.warn(`[plugin ${plugin}] asked to tap hooks.${hook} at stage ${String(tap.stage)}; raised to ${STAGE.DEFAULT}, because a plugin that is not built in runs after the safety guards`);
      tap.stage = STAGE.DEFAULT;
    }
    return tap;
  };

  const view: Record<string, unknown> = {};
  for (const name of Object.keys(hooks) as HookName[]) {
    const hook = hooks[name] as unknown as RawHook;
    view[name] = Object.freeze({
      tap: (requested: string | TapOptions, fn: AnyFn) => hook.tap(own(name, requested), fn),
      tapPromise: (requested: string | TapOptions, fn: AnyFn) => hook.tapPromise(own(name, requested), fn),
      isUsed: () => hook.isUsed(),
      ...(name === 'onTradingState'
        ? {
            promise: (...args: unknown[]) => {
              if (!options.mandatory) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${plugin}] fired hooks.onTradingState; only the built-in guards change the trading state`);
              return hook.promise(...args);
            },
          }
        : {}),
    });
  }
  return Object.freeze(view) as unknown as PluginHooks;
}
