/**
 * The plugins installed in a host, in order, and what each was given: its API (hooks scoped to its
 * name, its tasks and subscriptions, its store, its summary section and notices), and — for the built-in
 * safety plugins alone — the privileges of a guard: the link's control, a send-time check, reporting an
 * anomaly. What plugins contributed is read back here for the summary and for every order sent.
 */
import { RoboError, isRoboError, messageOf } from '../domain/errors.js';
import type { Decimal } from '../domain/money.js';
import type { OrderBook } from '../domain/order-book.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { OrderIntent, Veto } from '../domain/types.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import type { Anomaly } from './events.js';
import type { Hooks } from './hooks.js';
import type { PluginDefinition } from './plugin.js';
import type { FillNote, LinkControl, PluginApi, SendCheck } from './plugin-api.js';
import { pluginHooks } from './plugin-hooks.js';
import { checkPluginOptions } from './plugin-options.js';
import type { PriceMarks } from './price-marks.js';
import type { StateStore } from './state-store.js';
import type { SubscriptionRegistry } from './subscriptions.js';
import type { TaskRegistry } from './tasks.js';

/** What a plugin's API is made of: the host's parts, and its few doors for what plugins may ask of it. */
export interface PluginHostParts {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly tasks: TaskRegistry;
  readonly subscriptions: SubscriptionRegistry;
  readonly portfolio: Portfolio;
  readonly prices: PriceMarks;
  readonly orders: OrderBook;
  readonly store: StateStore;
  charge(amount: Decimal, what: string): void;
  linkControl(): LinkControl;
  noteFill(execId: string, note: FillNote): void;
  anomaly(anomaly: Anomaly): Promise<void>;
}

export class InstalledPlugins {
  readonly #host: PluginHostParts;
  readonly #names: string[] = [];
  /** The installed plugins that cannot be removed: the safety guards. */
  readonly #mandatory = new Set<string>();
  readonly #sections = new Map<string, () => unknown>();
  readonly #notices: { readonly plugin: string; readonly provide: () => readonly string[] }[] = [];
  readonly #sendChecks: { readonly plugin: string; readonly check: SendCheck }[] = [];

  constructor(host: PluginHostParts) {
    this.#host = host;
  }

  /** Plugin names in install order. */
  get names(): readonly string[] {
    return this.#names;
  }

  get mandatory(): readonly string[] {
    return [...this.#mandatory];
  }

  isMandatory(name: string): boolean {
    return this.#mandatory.has(name);
  }

  async install<O>(plugin: PluginDefinition<O>, options: O): Promise<void> {
    if (this.#names.includes(plugin.name)) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} is installed twice`);
    // Being mandatory is a privilege (the first stage, the re-check of amended orders), so only a built-in can claim it.
    if (plugin.mandatory && !plugin.name.startsWith('robo:')) {
      throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} says it is mandatory, but only built-in plugins (named robo:…) can be`);
    }
    await checkPluginOptions(plugin, options);
    this.#names.push(plugin.name);
    if (plugin.mandatory) this.#mandatory.add(plugin.name);
    try {
      await plugin.apply(this.#api(plugin.name), options);
    } catch (error) {
      // A plugin that refuses to start with a coded error (data it cannot trust, say) keeps its code and fix.
      const code = isRoboError(error) && error.code !== 'ROBO_ERR_INTERNAL' ? error.code : 'ROBO_ERR_PLUGIN_FAILED';
      throw new RoboError(code, `[plugin ${plugin.name}] failed while installing: ${messageOf(error)}`, { cause: error, ...(isRoboError(error) ? { details: error.details } : {}) });
    }
  }

  /** The summary sections plugins contributed; a section that fails to render says so instead of hiding the rest. */
  summarySections(): Record<string, unknown> {
    const sections: Record<string, unknown> = {};
    for (const [name, provide] of this.#sections) {
      try {
        sections[name] = provide();
      } catch (error) {
        sections[name] = { error: messageOf(error) };
      }
    }
    return sections;
  }

  /** The notices plugins put at the top of the summary, in install order; one that fails says so. */
  summaryNotices(): string[] {
    return this.#notices.flatMap(({ plugin, provide }) => {
      try {
        return [...provide()];
      } catch (error) {
        return [`[plugin ${plugin}] could not say its notices: ${messageOf(error)}`];
      }
    });
  }

  /** The built-in guards' send-time checks, in install order; one that throws refuses the order (fail closed). */
  sendVeto(intent: OrderIntent): Veto | undefined {
    for (const { plugin, check } of this.#sendChecks) {
      try {
        const veto = check(intent);
        if (veto !== undefined) return veto;
      } catch (error) {
        return { by: plugin, code: 'SEND_CHECK_FAILED', reason: `the send-time check of ${plugin} failed (${messageOf(error)}), so the order was refused` };
      }
    }
    return undefined;
  }

  #api(name: string): PluginApi {
    const host = this.#host;
    const { tasks, subscriptions, portfolio, orders, store } = host;
    const guard = this.#mandatory.has(name);
    return Object.freeze({
      name,
      hooks: pluginHooks(host.hooks, name, { mandatory: guard, warn: (message) => host.log.warn({ plugin: name }, message) }),
      clock: host.clock,
      calendar: host.calendar,
      log: host.log.child({ plugin: name }),
      tasks: {
        timeout: (task: string, ms: number, fn: () => void) => tasks.timeout(name, task, ms, fn),
        interval: (task: string, ms: number, fn: () => void | Promise<void>) => tasks.interval(name, task, ms, fn),
        sleep: (ms: number) => tasks.sleep(name, ms),
        run: (task: string, work: (signal: AbortSignal) => Promise<void>) => tasks.run(name, task, work),
      },
      subscriptions: { add: (description: string, release: () => Promise<void> | void) => subscriptions.add(name, description, release) },
      portfolio,
      prices: { staleness: (symbol: string) => host.prices.staleness(symbol) },
      orders,
      store: { read: () => store.read(name), write: (value: unknown) => store.write(name, value) },
      summary: (section: string, provide: () => unknown) => {
        if (this.#sections.has(section)) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${name}] summary section ${section} is already taken`);
        this.#sections.set(section, provide);
      },
      summaryNotices: (provide: () => readonly string[]) => {
        this.#notices.push({ plugin: name, provide });
      },
      charge: (amount: Decimal, what: string) => host.charge(amount, what),
      link: guard ? host.linkControl() : undefined,
      noteFill: (execId: string, note: FillNote) => host.noteFill(execId, note),
      atSend: guard ? (check: SendCheck) => { this.#sendChecks.push({ plugin: name, check }); } : undefined,
      reportAnomaly: guard ? (anomaly: Anomaly) => host.anomaly(anomaly) : undefined,
    });
  }
}
