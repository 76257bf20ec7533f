/**
 * The host: owns the event loop, orders, portfolio, ids, clock, tasks and subscriptions, and runs every
 * order through one path — beforeOrder (guards may veto or amend) → id → journal → broker — and every
 * broker event, in arrival order, through the order state machine into the portfolio and the hooks.
 */
import { RoboError, isRoboError, messageOf } from '../domain/errors.js';
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
import { OrderRequest, type BrokerRequest, type ShutdownInfo } from './events.js';
import { createHooks, type Hooks } from './hooks.js';
import type { PluginDefinition } from './plugin.js';
import type { FillNote, PluginApi } from './plugin-api.js';
import { pluginHooks } from './plugin-hooks.js';
import { RunStats } from './run-stats.js';
import { SubscriptionRegistry } from './subscriptions.js';
import { MemoryStateStore, type StateStore } from './state-store.js';
import { TaskRegistry, type TaskInfo } from './tasks.js';
import { realTimers, type Timers } from './timers.js';
import { validateIntent } from './validate-intent.js';

export const HOST = 'robo:host';

/** How many times the guards re-check an order that keeps being amended before the host gives up on it. */
const MAX_GUARD_PASSES = 3;

type GuardTap = (request: OrderRequest) => Veto | undefined | Promise<Veto | undefined>;

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
  /** Built-in safety plugins: their taps run first and re-check every amended order. */
  readonly #mandatory = new Set<string>();
  readonly #orderOfExecution = new Map<string, number>();
  readonly #store: StateStore;
  readonly #summarySections = new Map<string, () => unknown>();
  /** Notes plugins attach to the fill being booked, by execution id, until its log line is written. */
  readonly #fillNotes = new Map<string, FillNote[]>();
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

  /** The installed plugins that cannot be removed: the safety guards. */
  get mandatoryPlugins(): readonly string[] {
    return [...this.#mandatory];
  }

  /** Installs a plugin before start; built-ins first, in the order of the built-in list. */
  async install<O>(plugin: PluginDefinition<O>, options: O): Promise<void> {
    if (this.#state !== 'created') throw new RoboError('ROBO_ERR_INTERNAL', `plugin ${plugin.name} must be installed before the host starts`);
    if (this.#plugins.includes(plugin.name)) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} is installed twice`);
    // Being mandatory is a privilege (the first stage, the re-check of amended orders), so only a built-in can claim it.
    if (plugin.mandatory && !plugin.name.startsWith('robo:')) {
      throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `plugin ${plugin.name} says it is mandatory, but only built-in plugins (named robo:…) can be`);
    }
    this.#plugins.push(plugin.name);
    if (plugin.mandatory) this.#mandatory.add(plugin.name);
    try {
      await plugin.apply(this.pluginApi(plugin.name), options);
    } catch (error) {
      // A plugin that refuses to start with a coded error (data it cannot trust, say) keeps its code and fix.
      const code = isRoboError(error) && error.code !== 'ROBO_ERR_INTERNAL' ? error.code : 'ROBO_ERR_PLUGIN_FAILED';
      throw new RoboError(code, `[plugin ${plugin.name}] failed while installing: ${messageOf(error)}`, { cause: error, ...(isRoboError(error) ? { details: error.details } : {}) });
    }
  }

  pluginApi(name: string): PluginApi {
    const { tasks, subscriptions, portfolio, orders } = this;
    return Object.freeze({
      name,
      hooks: pluginHooks(this.hooks, name, { mandatory: this.#mandatory.has(name), warn: (message) => this.log.warn({ plugin: name }, message) }),
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
      noteFill: (execId: string, note: FillNote) => {
        this.#fillNotes.get(execId)?.push(Object.freeze({ ...note }));
      },
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
    const request: BrokerRequest = { kind: 'subscribeBars', lane: 'data', symbols };
    const veto = await this.#gate(request);
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the bar subscription for ${symbols.join(',')} was refused by ${veto.by}: ${veto.reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
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
    let veto: Veto | undefined = this.#state === 'running'
      ? await this.hooks.beforeOrder.promise(request)
      : { by: HOST, code: 'HOST_NOT_RUNNING', reason: `the host is ${this.#state}, not running, so no order can be sent` };
    veto ??= await this.#guardFinalIntent(request);
    request.seal();
    const final = request.intent;
    const gate: BrokerRequest = { kind: 'placeOrder', lane: 'order', intent: final };
    const refusal = veto ?? validateIntent(final, intent) ?? (await this.#gate(gate));
    if (refusal) {
      this.stats.recordVeto(refusal);
      this.log.warn({ strategy: final.strategyId, symbol: final.symbol, side: final.side, quantity: final.quantity.toString(), by: refusal.by, ...(refusal.code === undefined ? {} : { code: refusal.code }) }, `order vetoed by ${refusal.by}: ${refusal.reason}`);
      await this.hooks.afterOrder.promise({ kind: 'vetoed', intent: final, veto: refusal });
      return { kind: 'vetoed', veto: refusal };
    }

    const id = this.ids.next();
    const order = createOrder(id, `robo:${final.strategyId}:${id}`, final, this.clock.nowMs());
    try {
      await this.#journal?.recordIntent(order);
    } catch (error) {
      // An order the journal could not record is never sent, and never enters the book as a ghost open order.
      this.hooks.afterBrokerRequest.call({ request: gate, sent: false });
      const veto: Veto = { by: HOST, code: 'JOURNAL_FAILED', reason: `the journal could not record order ${id} (${messageOf(error)}), so it was not sent` };
      this.stats.recordVeto(veto);
      this.log.error({ orderId: id, by: HOST }, veto.reason);
      await this.hooks.afterOrder.promise({ kind: 'vetoed', intent: final, veto });
      return { kind: 'vetoed', veto };
    }
    this.orders.add(order);
    this.log.info(orderFields(order), `order ${id} ${final.side} ${final.quantity.toString()} ${final.symbol} ${final.type === 'LMT' ? `limit ${final.limitPrice.toString()}` : 'market'}`);
    try {
      this.hooks.afterBrokerRequest.call({ request: gate, sent: true });
      await this.broker.placeOrder({ orderId: id, orderRef: order.ref, intent: final });
    } catch (error) {
      // No wait for the event queue here: submit may run inside an event tap (a strategy's onFill), and
      // waiting for the queue from inside it would wait for itself. A rejection event still queued finds
      // the order terminal and changes nothing.
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

  /**
   * The guards must judge the intent that is sent. Their taps run first in beforeOrder, so any later
   * amendment — by a third-party tap, or by a plugin that kept the request and amends it afterwards —
   * happened after they looked: then the mandatory taps run again, alone, on the amended intent, until a
   * whole pass sees it unchanged. The request is sealed in the same synchronous step as that check, so
   * nothing can slip in between the last guard and the broker.
   */
  #guardFinalIntent(request: OrderRequest): Promise<Veto | undefined> | undefined {
    if (request.amendments.length === 0) {
      request.seal();
      return undefined;
    }
    return this.#recheck(request);
  }

  async #recheck(request: OrderRequest): Promise<Veto | undefined> {
    for (let pass = 1; pass <= MAX_GUARD_PASSES; pass++) {
      const seen = request.amendments.length;
      for (const tap of this.hooks.beforeOrder.taps) {
        if (!this.#mandatory.has(tap.name)) continue;
        // The stored fn is the contained one: a guard that throws or hangs here vetoes, as in the hook.
        const veto = await (tap.fn as GuardTap)(request);
        if (veto !== undefined) return veto;
      }
      if (request.amendments.length === seen) {
        request.seal();
        return undefined;
      }
    }
    const last = request.amendments.at(-1);
    return { by: HOST, code: 'ORDER_UNSTABLE', reason: `the order was amended again while the guards re-checked it (${MAX_GUARD_PASSES} passes, last by ${last?.by ?? 'an unknown plugin'}), so it was refused` };
  }

  /** Asks the broker to cancel; resolves with the veto when a guard refused to send the cancel. */
  async cancel(orderId: number, reason: string): Promise<Veto | undefined> {
    const order = this.orders.get(orderId);
    if (!order || isTerminal(order)) return undefined;
    const request: BrokerRequest = { kind: 'cancelOrder', lane: 'cancel', orderId };
    const veto = await this.#gate(request);
    if (veto) {
      this.log.warn({ orderId, by: veto.by }, `cancel of order ${orderId} refused by ${veto.by}: ${veto.reason}`);
      return veto;
    }
    this.log.info({ orderId, reason }, `cancelling order ${orderId}: ${reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
    await this.broker.cancelOrder(orderId);
    return undefined;
  }

  /** Asks the broker for its time — the heartbeat's probe — through the same gate as every other request. */
  async probeBroker(): Promise<number> {
    const request: BrokerRequest = { kind: 'currentTime', lane: 'data' };
    const veto = await this.#gate(request);
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the time probe was refused by ${veto.by}: ${veto.reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
    return this.broker.currentTime();
  }

  /**
   * Every request to the broker passes this gate. A refusal is announced on afterBrokerRequest here; a
   * request that passes is announced by the caller in the same step as its broker call, so whatever
   * the host does in between (the journal's write) cannot bunch messages up behind the rate limiter.
   */
  async #gate(request: BrokerRequest): Promise<Veto | undefined> {
    const veto = await this.hooks.beforeBrokerRequest.promise(request);
    if (veto) this.hooks.afterBrokerRequest.call({ request, sent: false });
    return veto;
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
      case 'reconnected':
        this.ids.observe(event.nextValidId);
        this.log.info({ reason: event.reason }, `broker link restored: ${event.reason}`);
        await this.hooks.onReconnect.promise({ broker: this.broker.kind, accounts: event.accounts, nextValidId: event.nextValidId });
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
    if (outcome.kind === 'late') {
      this.log.error({ execId: execution.execId, orderId: order.id, state: order.state.kind }, `execution ${execution.execId} arrived after order ${order.id} was ${order.state.kind}; booked so the portfolio matches the broker`);
    }
    this.#orderOfExecution.set(execution.execId, order.id);
    const effect = this.portfolio.applyFill(execution.symbol, execution.side, execution.quantity, execution.price);
    if (execution.slippage !== undefined) this.portfolio.recordSlippage(execution.slippage.times(execution.quantity));
    this.stats.fills++;
    // The fill's log line is written once the afterFill taps have run, so it carries what they noted
    // about it (its costs, for one) and the cash after them.
    const notes: FillNote[] = [];
    this.#fillNotes.set(execution.execId, notes);
    try {
      await this.#setOrder(outcome.order, order);
      await this.hooks.afterFill.promise({ execution, order: outcome.order, strategyId: order.intent.strategyId, position: effect.position, realized: effect.realized });
    } finally {
      this.#fillNotes.delete(execution.execId);
      const noted: Record<string, unknown> = {};
      for (const note of notes) Object.assign(noted, note.fields);
      this.log.info(
        { ...noted, orderId: order.id, execId: execution.execId, price: execution.price.toString(), quantity: execution.quantity.toString(), position: effect.position.quantity.toString(), realized: effect.realized.toFixed(2), cash: this.portfolio.cash.toFixed(2) },
        `fill ${execution.side} ${execution.quantity.toString()} ${execution.symbol} @ ${execution.price.toString()} (order ${order.id} ${outcome.order.state.kind}, position ${effect.position.quantity.toString()})${notes.map((n) => `; ${n.text}`).join('')}`,
      );
    }
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
