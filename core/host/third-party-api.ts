/**
 * The capability façade a third-party plugin gets: the hooks (tap-only, never `beforeBrokerRequest`,
 * never firing one), read-only views of the portfolio and the orders, the clock and calendar, and
 * services owned in its name — and nothing else: no broker, no way to place an order or move cash.
 * Everything the plugin's callbacks do runs in its own context, so the handles it opens are its own.
 */
import type { HookName, Hooks } from './hooks.js';
import type { FillNote, OrdersView, PluginApi } from './plugin-api.js';
import type { PluginHook } from './plugin-hooks.js';

/** The hooks a third-party plugin may tap: all but `beforeBrokerRequest`, reserved for the built-in guards. */
export type ThirdPartyHooks = { readonly [K in Exclude<HookName, 'beforeBrokerRequest'>]: PluginHook<Hooks[K]> };

/**
 * The built-in API less what a third party must not have (`charge`, the broker link), with hooks that
 * exclude `beforeBrokerRequest`. Derived, not restated, so the two cannot drift; the field docs are
 * those of PluginApi.
 */
export type ThirdPartyApi = Pick<PluginApi, 'name' | 'clock' | 'calendar' | 'log' | 'tasks' | 'subscriptions' | 'portfolio' | 'prices' | 'orders' | 'store' | 'summary' | 'summaryNotices' | 'noteFill'> & {
  /** Tap-only; a third-party tap always runs after the safety guards (stage DEFAULT or later). */
  readonly hooks: ThirdPartyHooks;
};

/** Runs a callback on behalf of the plugin (`within`), or of the host (`outside`): see LeakWatch. */
export interface OwnerContext {
  within<T>(fn: () => T): T;
  outside<T>(fn: () => T): T;
}

type AnyFn = (...args: never[]) => unknown;
interface TapView { tap(options: unknown, fn: AnyFn): void; tapPromise(options: unknown, fn: AnyFn): void; isUsed(): boolean }

export function thirdPartyApi(api: PluginApi, context: OwnerContext): ThirdPartyApi {
  // The plugin's callbacks run as the plugin; the services it calls run as the host, whose timers are released at stop.
  const inside = <F extends AnyFn>(fn: F): F => ((...args: Parameters<F>) => context.within(() => fn(...args))) as F;
  const host = <T>(fn: () => T): T => context.outside(fn);
  const hooks: Record<string, TapView> = {};
  // Every hook stays reachable, beforeBrokerRequest too: tapping it is then refused with a message that says why.
  for (const [name, view] of Object.entries(api.hooks) as [string, TapView][]) {
    hooks[name] = Object.freeze({
      tap: (options: unknown, fn: AnyFn) => view.tap(options, inside(fn)),
      tapPromise: (options: unknown, fn: AnyFn) => view.tapPromise(options, inside(fn)),
      isUsed: () => view.isUsed(),
    });
  }
  const { portfolio: p, orders: o, tasks: t } = api;
  return Object.freeze({
    name: api.name,
    hooks: Object.freeze(hooks) as unknown as ThirdPartyHooks,
    clock: api.clock,
    calendar: api.calendar,
    log: api.log,
    tasks: Object.freeze({
      timeout: (task: string, ms: number, fn: () => void) => host(() => t.timeout(task, ms, inside(fn))),
      interval: (task: string, ms: number, fn: () => void | Promise<void>) => host(() => t.interval(task, ms, inside(fn))),
      sleep: (ms: number) => host(() => t.sleep(ms)),
      run: (task: string, work: (signal: AbortSignal) => Promise<void>) => host(() => t.run(task, inside(work))),
    }),
    subscriptions: Object.freeze({ add: (description: string, release: () => Promise<void> | void) => api.subscriptions.add(description, inside(release)) }),
    // Views that delegate, so the plugin holds no reference to the portfolio or the order book themselves.
    portfolio: Object.freeze({
      get cash() { return p.cash; },
      get realizedPnl() { return p.realizedPnl; },
      get costs() { return p.costs; },
      position: (symbol: string) => p.position(symbol),
      positions: () => p.positions(),
      lastPrice: (symbol: string) => p.lastPrice(symbol),
      equity: () => p.equity(),
      valuation: () => p.valuation(),
      snapshot: () => p.snapshot(),
    }),
    prices: Object.freeze({ staleness: (symbol: string) => api.prices.staleness(symbol) }),
    orders: Object.freeze({
      get: (id: number) => o.get(id),
      byRef: (ref: string) => o.byRef(ref),
      all: () => o.all(),
      open: (filter?: Parameters<OrdersView['open']>[0]) => o.open(filter),
    }),
    store: Object.freeze({ read: () => api.store.read(), write: (value: unknown) => api.store.write(value) }),
    summary: (section: string, provide: () => unknown) => api.summary(section, inside(provide)),
    summaryNotices: (provide: () => readonly string[]) => api.summaryNotices(inside(provide)),
    noteFill: (execId: string, note: FillNote) => api.noteFill(execId, note),
  });
}
