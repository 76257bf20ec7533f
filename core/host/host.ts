/**
 * The host: owns the event loop, orders, portfolio, ids, clock, tasks and subscriptions, and runs every
 * order through one path — beforeOrder (guards may veto or amend) → id → journal → broker — and every
 * broker event, in arrival order, through the order state machine into the portfolio and the hooks.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import { OrderIds } from '../domain/ids.js';
import { applyExecution, acknowledge, cancel, createOrder, isTerminal, reject, type Order } from '../domain/order.js';
import { OrderBook } from '../domain/order-book.js';
import { Portfolio } from '../domain/portfolio.js';
import type { Decimal } from '../domain/money.js';
import type { Bar, OrderIntent, Veto } from '../domain/types.js';
import type { BrokerEvent, BrokerPort } from '../brokers/port.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import { containHooks, describeFailure, type TapFailure } from './contain.js';
import { OrderRequest, type ShutdownInfo } from './events.js';
import { createHooks, type Hooks } from './hooks.js';
import type { PluginDefinition } from './plugin.js';
import type { PluginApi } from './plugin-api.js';
import { RunStats } from './run-stats.js';
import { SubscriptionRegistry } from './subscriptions.js';
import { MemoryStateStore, type StateStore } from './state-store.js';
import { TaskRegistry, type TaskInfo } from './tasks.js';
import { realTimers, type Timers } from './timers.js';
import { validateIntent } from './validate-intent.js';

export const HOST = 'robo:host';

export type HostState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

export type SubmitResult =
  | { readonly kind: 'vetoed'; readonly veto: Veto }
  | { readonly kind: 'sent'; readonly order: Order }
  | { readonly kind: 'rejected'; readonly order: Order; readonly reason: string };

/** Where an order intent is written durably before it is sent; the journal issue supplies a real one. */
export interface IntentJournal {
  recordIntent(order: Order): Promise<void>;
}

export interface HostOptions {
  readonly broker: BrokerPort;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly startingCash: Decimal;
  readonly timers?: Timers;
  readonly tapTimeoutMs?: number;
  readonly journal?: IntentJournal;
  /** Durable plugin state; a backtest keeps it in memory. */
  readonly store?: StateStore;
}

export interface ShutdownReport {
  readonly leakedTasks: readonly TaskInfo[];
  readonly failures: readonly string[];
}

export class Host {
  readonly hooks: Hooks;
  readonly tasks: TaskRegistry;
  readonly subscriptions = new SubscriptionRegistry();
  readonly portfolio: Portfolio;
  readonly orders = new OrderBook();
  readonly ids = new OrderIds(1);
  readonly stats = new RunStats();
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly broker: BrokerPort;
  readonly #journal: IntentJournal | undefined;
  readonly #plugins: string[] = [];
  readonly #orderOfExecution = new Map<string, number>();
  readonly #store: StateStore;
  readonly #summarySections = new Map<string, () => unknown>();
  #state: HostState = 'created';
  #events: Promise<void> = Promise.resolve();
  #stopping: Promise<ShutdownReport> | undefined;

  constructor(options: HostOptions) {
    this.broker = options.broker;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.log = options.log;
    this.#journal = options.journal;
    this.#store = options.store ?? new MemoryStateStore();
    this.portfolio = new Portfolio(options.startingCash);
    const timers = options.timers ?? realTimers;
    this.tasks = new TaskRegistry({
      timers,
      onFailure: (info, error) => this.log.error({ owner: info.owner, task: info.name, err: messageOf(error) }, `[plugin ${info.owner}] task ${info.name} failed`),
    });
    this.hooks = createHooks();
    containHooks(this.hooks, {
      timers,
      tapTimeoutMs: options.tapTimeoutMs ?? 5_000,
      report: (failure) => this.#onTapFailure(failure),
      shutdownStage: (plugin) => {
        const index = this.#plugins.indexOf(plugin);
        return index === -1 ? undefined : -index;
      },
    });
  }

  get state(): HostState {
    return this.#state;
  }

  get plugins(): readonly string[] {
    return this.#plugins;
  }

  /** Installs a plugin before start; built-ins first, in the order of the built-in list. */
  async install<O>(plugin: PluginDefinition<O>, options: O): Promise<void> {
    if (this.#state !== 'created') throw new RoboError('ROBO_ERR_INTERNAL', `plugin ${plugin.name} must be installed before the host starts`);
    if (this.#plugins.includes(plugin.name)) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} is installed twice`);
    this.#plugins.push(plugin.name);
    try {
      await plugin.apply(this.pluginApi(plugin.name), options);
    } catch (error) {
      throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${plugin.name}] failed while installing: ${messageOf(error)}`, { cause: error });
    }
  }

  pluginApi(name: string): PluginApi {
    const { tasks, subscriptions, portfolio, orders } = this;
    return Object.freeze({
      name,
      hooks: this.hooks,
      clock: this.clock,
      calendar: this.calendar,
      log: this.log.child({ plugin: name }),
      tasks: {
        timeout: (task: string, ms: number, fn: () => void) => tasks.timeout(name, task, ms, fn),
        interval: (task: string, ms: number, fn: () => void | Promise<void>) => tasks.interval(name, task, ms, fn),
        sleep: (ms: number) => tasks.sleep(name, ms),
        run: (task: string, work: (signal: AbortSignal) => Promise<void>) => tasks.run(name, task, work),
      },
      subscriptions: { add: (description: string, release: () => Promise<void> | void) => subscriptions.add(name, description, release) },
      portfolio,
      orders,
      store: { read: () => this.#store.read(name), write: (value: unknown) => this.#store.write(name, value) },
      summary: (section: string, provide: () => unknown) => {
        if (this.#summarySections.has(section)) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `[plugin ${name}] summary section ${section} is already taken`);
        this.#summarySections.set(section, provide);
      },
      charge: (amount: Decimal) => portfolio.charge(amount),
    });
  }

  /** The summary sections plugins contributed; a section that fails to render says so instead of hiding the rest. */
  summarySections(): Record<string, unknown> {
    const sections: Record<string, unknown> = {};
    for (const [name, provide] of this.#summarySections) {
      try {
        sections[name] = provide();
      } catch (error) {
        sections[name] = { error: messageOf(error) };
      }
    }
    return sections;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') throw new RoboError('ROBO_ERR_INTERNAL', `the host can start once; it is ${this.#state}`);
    this.#state = 'starting';
    const session = await this.broker.connect((event) => this.#enqueue(event));
    this.ids.observe(session.nextValidId);
    this.#state = 'running';
    this.log.info({ broker: this.broker.kind, nextOrderId: this.ids.peek() }, `connected to the ${this.broker.kind} broker`);
    await this.hooks.onConnect.promise({ broker: this.broker.kind, accounts: session.accounts, nextValidId: session.nextValidId });
  }

  /** Subscribes the host to bars; each bar is marked, then given to the onBar taps (strategies among them). */
  async watch(symbols: readonly string[]): Promise<void> {
    const veto = await this.hooks.beforeBrokerRequest.promise({ kind: 'subscribeBars', lane: 'data', symbols });
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the bar subscription for ${symbols.join(',')} was refused by ${veto.by}: ${veto.reason}`);
    const stop = await this.broker.subscribeBars(symbols, (bar) => this.handleBar(bar));
    this.subscriptions.add(HOST, `bars ${symbols.join(',')}`, stop);
  }

  async handleBar(bar: Bar): Promise<void> {
    if (this.#state !== 'running') return;
    await this.#events;
    this.portfolio.mark(bar.symbol, bar.close);
    this.stats.bars++;
    this.stats.recordEquity(this.portfolio.equity());
    await this.hooks.onBar.promise(bar);
  }

  /** The one order path. Resolves when the order is vetoed, acknowledged, or rejected. */
  async submit(intent: OrderIntent): Promise<SubmitResult> {
    const request = new OrderRequest(intent);
    const veto = this.#state === 'running'
      ? await this.hooks.beforeOrder.promise(request)
      : { by: HOST, reason: `the host is ${this.#state}, not running, so no order can be sent` };
    const final = request.intent;
    const refusal = veto ?? validateIntent(final, intent) ?? (await this.hooks.beforeBrokerRequest.promise({ kind: 'placeOrder', lane: 'order', intent: final }));
    if (refusal) {
      this.stats.recordVeto(refusal);
      this.log.warn({ strategy: final.strategyId, symbol: final.symbol, side: final.side, quantity: final.quantity.toString(), by: refusal.by }, `order vetoed by ${refusal.by}: ${refusal.reason}`);
      await this.hooks.afterOrder.promise({ kind: 'vetoed', intent: final, veto: refusal });
      return { kind: 'vetoed', veto: refusal };
    }

    const id = this.ids.next();
    const order = createOrder(id, `robo:${final.strategyId}:${id}`, final, this.clock.nowMs());
    this.orders.add(order);
    await this.#journal?.recordIntent(order);
    this.log.info(orderFields(order), `order ${id} ${final.side} ${final.quantity.toString()} ${final.symbol} ${final.type === 'LMT' ? `limit ${final.limitPrice.toString()}` : 'market'}`);
    try {
      await this.broker.placeOrder({ orderId: id, orderRef: order.ref, intent: final });
    } catch (error) {
      await this.#events;
      const reason = messageOf(error);
      const current = this.orders.get(id) ?? order;
      if (!isTerminal(current)) await this.#setOrder(reject(current, reason), current);
      this.stats.ordersRejected++;
      const rejected = this.orders.get(id) ?? current;
      await this.hooks.afterOrder.promise({ kind: 'rejected', order: rejected, reason });
      return { kind: 'rejected', order: rejected, reason };
    }
    this.stats.ordersSent++;
    const sent = this.orders.get(id) ?? order;
    await this.hooks.afterOrder.promise({ kind: 'sent', order: sent });
    return { kind: 'sent', order: sent };
  }

  /** Asks the broker to cancel; resolves with the veto when a guard refused to send the cancel. */
  async cancel(orderId: number, reason: string): Promise<Veto | undefined> {
    const order = this.orders.get(orderId);
    if (!order || isTerminal(order)) return undefined;
    const veto = await this.hooks.beforeBrokerRequest.promise({ kind: 'cancelOrder', lane: 'cancel', orderId });
    if (veto) {
      this.log.warn({ orderId, by: veto.by }, `cancel of order ${orderId} refused by ${veto.by}: ${veto.reason}`);
      return veto;
    }
    this.log.info({ orderId, reason }, `cancelling order ${orderId}: ${reason}`);
    await this.broker.cancelOrder(orderId);
    return undefined;
  }

  /** Asks the broker for its time — the heartbeat's probe — through the same gate as every other request. */
  async probeBroker(): Promise<number> {
    const veto = await this.hooks.beforeBrokerRequest.promise({ kind: 'currentTime', lane: 'data' });
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the time probe was refused by ${veto.by}: ${veto.reason}`);
    return this.broker.currentTime();
  }

  /** Resolves once every broker event received so far has been handled. */
  idle(): Promise<void> {
    return this.#events;
  }

  /** Stops once, whoever asks first: onShutdown, cancel open orders, release subscriptions and tasks, disconnect. */
  stop(info: ShutdownInfo): Promise<ShutdownReport> {
    this.#stopping ??= this.#stop(info);
    return this.#stopping;
  }

  async #stop(info: ShutdownInfo): Promise<ShutdownReport> {
    const wasRunning = this.#state === 'running';
    this.#state = 'stopping';
    this.log.info({ reason: info.reason }, `stopping (${info.reason}${info.detail ? `: ${info.detail}` : ''})`);
    const failures: string[] = [];
    await this.#events;
    await this.hooks.onShutdown.promise(info);
    if (wasRunning) {
      const open = this.orders.open();
      const results = await Promise.allSettled(open.map((o) => this.cancel(o.id, 'the host is stopping')));
      results.forEach((r, i) => {
        if (r.status === 'rejected') failures.push(`cancel of order ${open[i]?.id}: ${messageOf(r.reason)}`);
        else if (r.value) failures.push(`cancel of order ${open[i]?.id} refused by ${r.value.by}: ${r.value.reason}`);
      });
      await this.#events;
    }
    for (const f of await this.subscriptions.releaseAll()) failures.push(`release of ${f.info.description} (${f.info.owner}): ${messageOf(f.error)}`);
    const leakedTasks = await this.tasks.shutdown();
    for (const t of leakedTasks) failures.push(`[plugin ${t.owner}] ${t.kind} ${t.name} did not stop`);
    try {
      await this.broker.disconnect();
    } catch (error) {
      failures.push(`broker disconnect: ${messageOf(error)}`);
    }
    await this.#events;
    this.#state = 'stopped';
    for (const failure of failures) this.log.error(failure);
    return { leakedTasks, failures };
  }

  #enqueue(event: BrokerEvent): void {
    this.#events = this.#events
      .then(() => this.#handle(event))
      .catch((error: unknown) => this.log.error({ event: event.type, err: messageOf(error) }, `broker event ${event.type} could not be applied: ${messageOf(error)}`));
  }

  async #handle(event: BrokerEvent): Promise<void> {
    switch (event.type) {
      case 'status': return this.#onStatus(event.orderId, event.status, event.reason);
      case 'execution': return this.#onExecution(event);
      case 'commission':
        this.log.debug({ execId: event.execId, commission: event.commission.toString() }, 'commission report');
        await this.hooks.afterCommission.promise({ execId: event.execId, orderId: this.#orderOfExecution.get(event.execId), commission: event.commission, currency: event.currency });
        return;
      case 'disconnected':
        this.log.warn({ reason: event.reason }, `broker link lost: ${event.reason}`);
        await this.hooks.onDisconnect.promise({ reason: event.reason });
        return;
    }
  }

  async #onStatus(orderId: number, status: 'submitted' | 'cancelled' | 'rejected', reason?: string): Promise<void> {
    const order = this.orders.get(orderId);
    if (!order) {
      this.log.warn({ orderId, status }, `status ${status} for order ${orderId}, which this host did not place`);
      return;
    }
    if (isTerminal(order)) return;
    const next = status === 'submitted' ? acknowledge(order)
      : status === 'cancelled' ? cancel(order, reason ?? 'cancelled by the broker')
      : reject(order, reason ?? 'rejected by the broker');
    if (next === order) return;
    if (status !== 'submitted') this.log.info({ orderId, reason }, `order ${orderId} ${next.state.kind}${reason ? `: ${reason}` : ''}`);
    await this.#setOrder(next, order);
  }

  async #onExecution(event: Extract<BrokerEvent, { type: 'execution' }>): Promise<void> {
    const { execution } = event;
    const order = this.orders.get(execution.orderId);
    if (!order) {
      this.log.error({ execId: execution.execId, orderId: execution.orderId }, `execution ${execution.execId} for order ${execution.orderId}, which this host did not place`);
      return;
    }
    const outcome = applyExecution(order, execution);
    if (outcome.kind === 'duplicate') {
      this.stats.duplicateExecutions++;
      this.log.debug({ execId: execution.execId }, `duplicate execution ${execution.execId} ignored`);
      return;
    }
    this.#orderOfExecution.set(execution.execId, order.id);
    const effect = this.portfolio.applyFill(execution.symbol, execution.side, execution.quantity, execution.price);
    this.stats.fills++;
    this.log.info(
      { orderId: order.id, execId: execution.execId, price: execution.price.toString(), quantity: execution.quantity.toString(), position: effect.position.quantity.toString(), realized: effect.realized.toFixed(2), cash: this.portfolio.cash.toFixed(2) },
      `fill ${execution.side} ${execution.quantity.toString()} ${execution.symbol} @ ${execution.price.toString()} (order ${order.id} ${outcome.order.state.kind}, position ${effect.position.quantity.toString()})`,
    );
    await this.#setOrder(outcome.order, order);
    await this.hooks.afterFill.promise({ execution, order: outcome.order, strategyId: order.intent.strategyId, position: effect.position, realized: effect.realized });
  }

  async #setOrder(next: Order, previous: Order): Promise<void> {
    this.orders.replace(next);
    await this.hooks.orderUpdate.promise({ order: next, previous: previous.state.kind });
  }

  #onTapFailure(failure: TapFailure): void {
    this.stats.recordTapFailure(failure.plugin, failure.hook);
    this.log.error({ plugin: failure.plugin, hook: failure.hook, kind: failure.kind }, describeFailure(failure));
  }
}

function orderFields(order: Order): Record<string, string | number> {
  return { orderId: order.id, ref: order.ref, strategy: order.intent.strategyId, symbol: order.intent.symbol, side: order.intent.side, quantity: order.intent.quantity.toString() };
}
