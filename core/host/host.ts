/**
 * The host: owns the event loop, orders, portfolio, ids, clock, tasks and subscriptions, and runs every
 * order through one path — beforeOrder (guards may veto or amend) → id → journal → broker — and every
 * broker event, in arrival order, through the order state machine into the portfolio and the hooks.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import { OrderIds } from '../domain/ids.js';
import { acknowledge, cancel, createOrder, isTerminal, reject, type Order } from '../domain/order.js';
import { OrderBook } from '../domain/order-book.js';
import { Portfolio } from '../domain/portfolio.js';
import type { Decimal } from '../domain/money.js';
import type { Bar, OrderIntent, Veto } from '../domain/types.js';
import { BrokerOutcomeUnknown, type BrokerEvent, type BrokerPort } from '../brokers/port.js';
import { SqliteJournal, type Journal } from '../journal/journal.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import { containHooks, describeFailure, type TapFailure } from './contain.js';
import { OrderRequest, type Anomaly, type BrokerRequest, type FaultInfo, type ShutdownInfo } from './events.js';
import { createHooks, type Hooks } from './hooks.js';
import type { PluginDefinition } from './plugin.js';
import { DEFAULT_MAX_PRICE_AGE_MS, PriceMarks } from './price-marks.js';
import type { LinkControl, PositionDifference, ReconcileReport } from './plugin-api.js';
import { RunStats } from './run-stats.js';
import { callBail, callSeries, type MaybePromise } from './series.js';
import { SubscriptionRegistry } from './subscriptions.js';
import type { StateStore } from './state-store.js';
import { reconcileWithBroker } from './reconcile.js';
import { TradingGate, type LinkState } from './trading-gate.js';
import { TaskRegistry, type TaskInfo } from './tasks.js';
import { realTimers, type Timers } from './timers.js';
import { validateIntent } from './validate-intent.js';
import { Books } from './books.js';
import { InstalledPlugins } from './installed-plugins.js';
import { Fills } from './fills.js';

export const HOST = 'robo:host';

/** How many times the guards re-check an order that keeps being amended before the host gives up on it. */
const MAX_GUARD_PASSES = 3;

type GuardTap = (request: OrderRequest) => Veto | undefined | Promise<Veto | undefined>;

export type HostState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

export type SubmitResult =
  | { readonly kind: 'vetoed'; readonly veto: Veto }
  | { readonly kind: 'sent'; readonly order: Order }
  /** Sent, but the link died before any answer: it may be working. State recovery settles it by its orderRef. */
  | { readonly kind: 'unknown'; readonly order: Order; readonly reason: string }
  | { readonly kind: 'rejected'; readonly order: Order; readonly reason: string };

/** Where an order intent is written durably before it is sent (the journal's first duty). */
export type IntentJournal = Pick<Journal, 'recordIntent'>;

/** How long state recovery may take in beforeTrading: the broker answers three questions, each with its own time limit. */
const RECOVERY_TIMEOUT_MS = 60_000;

export interface HostOptions {
  readonly broker: BrokerPort;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly startingCash: Decimal;
  readonly timers?: Timers;
  readonly tapTimeoutMs?: number;
  /** Where intents and broker events are journaled; the host closes it at stop. Default: an in-memory journal (a backtest). */
  readonly journal?: Journal;
  /** Durable plugin state; default: the journal's. */
  readonly store?: StateStore;
  /** Whether stopping cancels the orders still open at the broker (default true); if not, the next start re-attaches them. */
  readonly cancelOpenOrdersOnStop?: boolean;
  /** How many closed orders stay in memory (default KEEP_CLOSED_ORDERS); older ones are read back from the journal when the broker mentions them. */
  readonly keepClosedOrders?: number;
  /** How old, in regular hours, a symbol's last price may be before the guards call it stale (default 15 minutes). */
  readonly maxPriceAgeMs?: number;
}

/**
 * Closed orders kept in memory. Brokers mention an order again within seconds (its commission report) or
 * within the day (a correction, a replay after a reconnect); beyond this many newer closed orders, the
 * journal answers instead. Memory stays flat however long the run.
 */
export const KEEP_CLOSED_ORDERS = 1000;

export interface ShutdownReport {
  readonly leakedTasks: readonly TaskInfo[];
  readonly failures: readonly string[];
}

export class Host {
  readonly hooks: Hooks;
  readonly tasks: TaskRegistry;
  readonly subscriptions = new SubscriptionRegistry();
  readonly portfolio: Portfolio;
  /** When each symbol was last priced, for the guards that must not judge by a stale price. */
  readonly prices: PriceMarks;
  /** The symbols bars are subscribed for. */
  readonly #watched = new Set<string>();
  readonly orders: OrderBook;
  readonly ids = new OrderIds(1);
  readonly stats = new RunStats();
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly broker: BrokerPort;
  /** The journal: every event recorded, the books rebuilt at start, closed orders read back when mentioned. */
  readonly #books: Books;
  readonly #cancelOnStop: boolean;
  /** Every fill booked, by fill and revision: replays are ignored, corrections applied by their difference. */
  readonly #fills: Fills;
  readonly #trading = new TradingGate(HOST);
  /** Cancels asked for while the link could not carry them, sent once it is back and reconciled. */
  readonly #cancelLater = new Map<number, string>();
  /** True only while beforeTrading runs: the one time state recovery may change the books. */
  #resuming = false;
  /** In install order; the built-in safety plugins among them run first and re-check every amended order. */
  readonly #plugins: InstalledPlugins;
  /** Checks run once the host has stopped (the leak check of third-party plugins); each returns what it found wrong. */
  readonly #afterStop: (() => Promise<readonly string[]>)[] = [];
  #state: HostState = 'created';
  #events: Promise<void> = Promise.resolve();
  /** Work chained on #events and not finished yet: none means a bar need not wait for #events. */
  #eventsPending = 0;
  #stopping: Promise<ShutdownReport> | undefined;
  /** Resolves with the first failed journal write; the session ends on it. Never resolves while the journal works. */
  readonly journalFailure: Promise<RoboError>;
  /** The first error that escaped every hook: once set, no new order is sent. */
  #fault: FaultInfo | undefined;

  constructor(options: HostOptions) {
    this.broker = options.broker;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.log = options.log;
    const journal = options.journal ?? SqliteJournal.memory(() => options.clock.nowMs());
    this.#cancelOnStop = options.cancelOpenOrdersOnStop ?? true;
    this.orders = new OrderBook({ recall: (key) => this.#books.recall(key) });
    this.portfolio = new Portfolio(options.startingCash);
    this.prices = new PriceMarks(options.clock, options.calendar, options.maxPriceAgeMs ?? DEFAULT_MAX_PRICE_AGE_MS);
    const timers = options.timers ?? realTimers;
    this.tasks = new TaskRegistry({
      timers,
      onFailure: (info, error) => this.log.error({ owner: info.owner, task: info.name, err: messageOf(error) }, `[plugin ${info.owner}] task ${info.name} failed`),
    });
    this.hooks = createHooks();
    this.#fills = new Fills({
      orders: this.orders,
      portfolio: this.portfolio,
      stats: this.stats,
      log: this.log,
      clock: this.clock,
      hooks: this.hooks,
      journal,
      record: (entry) => this.#books.record(entry),
      setOrder: (next, previous) => this.#setOrder(next, previous),
      anomaly: (anomaly) => this.#anomaly(anomaly),
    });
    this.#books = new Books(journal, { orders: this.orders, portfolio: this.portfolio, ids: this.ids, fills: this.#fills, log: this.log }, options.keepClosedOrders ?? KEEP_CLOSED_ORDERS);
    this.journalFailure = this.#books.failure;
    this.#plugins = new InstalledPlugins({
      hooks: this.hooks,
      log: this.log,
      clock: this.clock,
      calendar: this.calendar,
      tasks: this.tasks,
      subscriptions: this.subscriptions,
      portfolio: this.portfolio,
      prices: this.prices,
      orders: this.orders,
      store: options.store ?? journal.store,
      charge: (amount, what) => this.#charge(amount, what),
      linkControl: () => this.#linkControl(),
      noteFill: (execId, note) => this.#fills.note(execId, note),
      anomaly: (anomaly) => this.#anomaly(anomaly),
    });
    containHooks(this.hooks, {
      timers,
      tapTimeoutMs: options.tapTimeoutMs ?? 5_000,
      hookTimeoutsMs: { beforeTrading: RECOVERY_TIMEOUT_MS },
      report: (failure) => this.#onTapFailure(failure),
      shutdownStage: (plugin) => {
        const index = this.#plugins.names.indexOf(plugin);
        return index === -1 ? undefined : -index;
      },
    });
  }

  get state(): HostState {
    return this.#state;
  }

  get plugins(): readonly string[] {
    return this.#plugins.names;
  }

  /** The installed plugins that cannot be removed: the safety guards. */
  get mandatoryPlugins(): readonly string[] {
    return this.#plugins.mandatory;
  }

  /** Installs a plugin before start; built-ins first, in the order of the built-in list. */
  async install<O>(plugin: PluginDefinition<O>, options: O): Promise<void> {
    if (this.#state !== 'created') throw new RoboError('ROBO_ERR_INTERNAL', `plugin ${plugin.name} must be installed before the host starts`);
    await this.#plugins.install(plugin, options);
  }

  /** The summary sections plugins contributed; a section that fails to render says so instead of hiding the rest. */
  summarySections(): Record<string, unknown> {
    return this.#plugins.summarySections();
  }

  /** The notices plugins put at the top of the summary, in install order; one that fails says so. */
  summaryNotices(): string[] {
    return this.#plugins.summaryNotices();
  }

  /**
   * Connects, rebuilds the books from the journal, then lets state recovery (beforeTrading) reconcile them
   * with the broker: the host runs — and orders can go — only once that passed. Startup and every reconnect
   * share that one path. A veto refuses to start (ROBO_ERR_RECONCILE) without touching anything at the broker.
   */
  async start(): Promise<void> {
    if (this.#state !== 'created') throw new RoboError('ROBO_ERR_INTERNAL', `the host can start once; it is ${this.#state}`);
    this.#state = 'starting';
    const session = await this.broker.connect((event) => this.#enqueue(event), (orderId, orderRef) => this.#books.journaled(orderId, orderRef));
    this.#books.restore(this.#books.journal.openBook({ broker: this.broker.kind, account: session.accounts[0] ?? '', fresh: session.fresh === true }));
    this.ids.observe(session.nextValidId);
    this.log.info({ broker: this.broker.kind, nextOrderId: this.ids.peek() }, `connected to the ${this.broker.kind} broker`);
    await this.hooks.onConnect.promise({ broker: this.broker.kind, accounts: session.accounts, nextValidId: session.nextValidId });
    const veto = await this.#inOrder(() => this.#resume('start'));
    if (veto) {
      throw new RoboError('ROBO_ERR_RECONCILE', `refusing to trade: ${veto.reason}`, { details: [`  (${veto.by}${veto.code === undefined ? '' : `, ${veto.code}`}); nothing was sent to the broker`] });
    }
    this.prices.begin();
    this.#state = 'running';
  }

  /** The trading gate's state: orders pass only when it is `up`. */
  get link(): LinkState {
    return this.#trading.state;
  }

  /** Subscribes the host to bars; each bar is marked, then given to the onBar taps (strategies among them). */
  async watch(symbols: readonly string[]): Promise<void> {
    for (const symbol of symbols) this.#watched.add(symbol);
    const request: BrokerRequest = { kind: 'subscribeBars', lane: 'data', symbols };
    const veto = await this.#gate(request);
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the bar subscription for ${symbols.join(',')} was refused by ${veto.by}: ${veto.reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
    const stop = await this.broker.subscribeBars(symbols, (bar) => this.handleBar(bar));
    this.subscriptions.add(HOST, `bars ${symbols.join(',')}`, stop);
  }

  /**
   * Subscribes bars for every symbol held or with an open order that nothing watches yet — a position
   * adopted at start, one a strategy no longer trades — so every position is marked by the market, never
   * valued at its cost forever. Called after start, and by the host itself after each reconnect.
   */
  async watchHeld(): Promise<void> {
    const held = [...this.portfolio.positions().map((p) => p.symbol), ...this.orders.open().map((o) => o.intent.symbol)];
    const missing = [...new Set(held)].filter((symbol) => !this.#watched.has(symbol));
    if (missing.length === 0) return;
    this.log.info({ symbols: missing }, `watching ${missing.join(', ')} too: held or on order, though no strategy trades ${missing.length === 1 ? 'it' : 'them'}`);
    await this.watch(missing);
  }

  /**
   * Marks the bar and runs the onBar taps, after every broker event received before it (the fills of
   * this bar's open). Returns a promise only when it has to wait — for those events, or for a tap that
   * did not finish at once — so the broker delivers the next bar without a promise when nothing did.
   */
  handleBar(bar: Bar): MaybePromise {
    if (this.#state !== 'running') return undefined;
    if (this.#eventsPending > 0) return this.#events.then(() => this.#barNow(bar));
    return this.#barNow(bar);
  }

  #barNow(bar: Bar): MaybePromise {
    this.#books.retireIfOver();
    this.portfolio.mark(bar.symbol, bar.close);
    this.prices.mark(bar.symbol);
    this.stats.bars++;
    this.stats.recordEquity(this.portfolio.valuation());
    return callSeries(this.hooks.onBar, bar);
  }

  /** The one order path. Resolves when the order is vetoed, acknowledged, or rejected. */
  async submit(intent: OrderIntent): Promise<SubmitResult> {
    const request = new OrderRequest(intent);
    let veto: Veto | undefined = this.#state !== 'running'
      ? { by: HOST, code: 'HOST_NOT_RUNNING', reason: `the host is ${this.#state}, not running, so no order can be sent` }
      : this.#faultVeto() ?? this.#trading.veto() ?? await callBail(this.hooks.beforeOrder, request);
    veto ??= await this.#guardFinalIntent(request);
    request.seal();
    const final = request.intent;
    const gate: BrokerRequest = { kind: 'placeOrder', lane: 'order', intent: final };
    const refusal = veto ?? validateIntent(final, intent) ?? (await this.#gate(gate)) ?? this.#lastLook(gate);
    if (refusal) {
      this.stats.recordVeto(refusal);
      this.log.warn({ strategy: final.strategyId, symbol: final.symbol, side: final.side, quantity: final.quantity.toString(), by: refusal.by, ...(refusal.code === undefined ? {} : { code: refusal.code }) }, `order vetoed by ${refusal.by}: ${refusal.reason}`);
      await callSeries(this.hooks.afterOrder, { kind: 'vetoed', intent: final, veto: refusal });
      return { kind: 'vetoed', veto: refusal };
    }

    const id = this.ids.next();
    const order = createOrder(id, `robo:${final.strategyId}:${id}`, final, this.clock.nowMs());
    try {
      await this.#books.journal.recordIntent(order);
    } catch (error) {
      // An order the journal could not record is never sent, and never enters the book as a ghost open order.
      this.#books.broken(error);
      this.hooks.afterBrokerRequest.call({ request: gate, sent: false });
      const veto: Veto = { by: HOST, code: 'JOURNAL_FAILED', reason: `the journal could not record order ${id} (${messageOf(error)}), so it was not sent` };
      this.stats.recordVeto(veto);
      this.log.error({ orderId: id, by: HOST }, veto.reason);
      await callSeries(this.hooks.afterOrder, { kind: 'vetoed', intent: final, veto });
      return { kind: 'vetoed', veto };
    }
    this.orders.add(order);
    // The journal write took time too: what time changes is judged once more, in the step that sends.
    const late = this.#trading.veto() ?? this.#faultVeto() ?? this.#plugins.sendVeto(final);
    if (late) {
      this.hooks.afterBrokerRequest.call({ request: gate, sent: false });
      this.stats.recordVeto(late);
      await this.#closeOrder(id, 'not-sent', `refused by ${late.by} as it was sent: ${late.reason}`);
      await callSeries(this.hooks.afterOrder, { kind: 'vetoed', intent: final, veto: late });
      return { kind: 'vetoed', veto: late };
    }
    this.log.info(orderFields(order), `order ${id} ${final.side} ${final.quantity.toString()} ${final.symbol} ${final.type === 'LMT' ? `limit ${final.limitPrice.toString()}` : 'market'}`);
    try {
      this.hooks.afterBrokerRequest.call({ request: gate, sent: true });
      await this.broker.placeOrder({ orderId: id, orderRef: order.ref, intent: final });
    } catch (error) {
      if (error instanceof BrokerOutcomeUnknown) {
        // Sent, but the link died before any answer: the order stays open — never rejected, never resent —
        // until state recovery finds it at the broker by its orderRef, or finds no trace and marks it not sent.
        this.log.warn({ orderId: id }, `order ${id}: ${error.message}`);
        this.stats.ordersSent++;
        const unknown = this.orders.get(id) ?? order;
        await callSeries(this.hooks.afterOrder, { kind: 'unknown', order: unknown, reason: error.message });
        return { kind: 'unknown', order: unknown, reason: error.message };
      }
      // No wait for the event queue here: submit may run inside an event tap (a strategy's onFill), and
      // waiting for the queue from inside it would wait for itself. A rejection event still queued finds
      // the order terminal and changes nothing.
      const reason = messageOf(error);
      const current = this.orders.get(id) ?? order;
      if (!isTerminal(current)) await this.#setOrder(reject(current, reason), current);
      this.stats.ordersRejected++;
      const rejected = this.orders.get(id) ?? current;
      await callSeries(this.hooks.afterOrder, { kind: 'rejected', order: rejected, reason });
      return { kind: 'rejected', order: rejected, reason };
    }
    this.stats.ordersSent++;
    const sent = this.orders.get(id) ?? order;
    await callSeries(this.hooks.afterOrder, { kind: 'sent', order: sent });
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
        if (!this.#plugins.isMandatory(tap.name)) continue;
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
    if (!this.#trading.cancelsPass) {
      // Never dropped: it goes out as soon as the link is back and the books are reconciled.
      this.#cancelLater.set(orderId, reason);
      this.log.warn({ orderId, reason }, `cancel of order ${orderId} (${reason}) waits for the link: ${this.#trading.reason}`);
      return undefined;
    }
    const request: BrokerRequest = { kind: 'cancelOrder', lane: 'cancel', orderId };
    const veto = await this.#gate(request);
    if (veto) {
      this.log.warn({ orderId, by: veto.by }, `cancel of order ${orderId} refused by ${veto.by}: ${veto.reason}`);
      return veto;
    }
    this.log.info({ orderId, reason }, `cancelling order ${orderId}: ${reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
    try {
      await this.broker.cancelOrder(orderId);
    } catch (error) {
      if (this.#trading.cancelsPass) throw error;
      // The link went down under it: ask again once it is back.
      this.#cancelLater.set(orderId, reason);
      this.log.warn({ orderId, reason }, `cancel of order ${orderId} was not confirmed (${messageOf(error)}); it is sent again when the link is back`);
    }
    return undefined;
  }

  /** Declares the link dead (the heartbeat got no answer): the broker drops it and reconnects. */
  dropLink(reason: string): void {
    if (this.#trading.state === 'down') return;
    this.log.error({ reason }, `dropping the broker link: ${reason}`);
    this.broker.dropLink(reason);
  }

  /** Asks the broker for its time — the heartbeat's probe, waiting up to `timeoutMs` — through the same gate as every other request. */
  async probeBroker(timeoutMs?: number): Promise<number> {
    const request: BrokerRequest = { kind: 'currentTime', lane: 'data' };
    const veto = await this.#gate(request);
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the time probe was refused by ${veto.by}: ${veto.reason}`);
    this.hooks.afterBrokerRequest.call({ request, sent: true });
    return this.broker.currentTime(timeoutMs);
  }

  /**
   * Every request to the broker passes this gate. A refusal is announced on afterBrokerRequest here; a
   * request that passes is announced by the caller in the same step as its broker call, so whatever
   * the host does in between (the journal's write) cannot bunch messages up behind the rate limiter.
   */
  async #gate(request: BrokerRequest): Promise<Veto | undefined> {
    const veto = await callBail(this.hooks.beforeBrokerRequest, request);
    if (veto) this.hooks.afterBrokerRequest.call({ request, sent: false });
    return veto;
  }

  /** Resolves once every broker event received so far has been handled. */
  idle(): Promise<void> {
    return this.#events;
  }

  /**
   * An error escaped every hook and task (the process's last-resort handlers caught it). From this moment
   * no new order is sent; onFault tells the guards (the circuit breaker latches HALTED), and the caller
   * then stops the host the normal way. Every fault is logged; the first one is the one announced.
   */
  async fault(info: FaultInfo): Promise<void> {
    this.log.error({ owner: info.owner, kind: info.kind }, `an unhandled ${info.kind} in ${info.owner}: ${info.message}`);
    if (this.#fault !== undefined) return;
    this.#fault = info;
    try {
      await this.hooks.onFault.promise(info);
    } catch (error) {
      this.log.error({ hook: 'onFault' }, `onFault failed: ${messageOf(error)}; new orders stay refused`);
    }
  }

  #faultVeto(): Veto | undefined {
    const broken = this.#books.failed;
    if (broken !== undefined) return { by: HOST, code: 'JOURNAL_FAILED', reason: broken.message };
    const fault = this.#fault;
    if (fault === undefined) return undefined;
    return { by: HOST, code: 'HOST_FAULT', reason: `an unhandled ${fault.kind} in ${fault.owner} (${fault.message}): no new order is sent, and the host is stopping` };
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
    if (wasRunning && !this.#cancelOnStop && this.orders.open().length > 0) {
      this.log.warn({ open: this.orders.open().map((o) => o.id) }, `leaving ${this.orders.open().length} open orders working at the broker (shutdown.cancelOpenOrders is false); the next start finds them again by orderRef`);
    } else if (wasRunning) {
      const open = this.orders.open();
      const results = await Promise.allSettled(open.map((o) => this.cancel(o.id, 'the host is stopping')));
      results.forEach((r, i) => {
        if (r.status === 'rejected') failures.push(`cancel of order ${open[i]?.id}: ${messageOf(r.reason)}`);
        else if (r.value) failures.push(`cancel of order ${open[i]?.id} refused by ${r.value.by}: ${r.value.reason}`);
      });
      await this.#events;
      // A cancel that waits for the link never went: those orders may still work at the broker. The
      // journal keeps them open, and the next start reconciles them before anything else.
      for (const order of this.orders.open()) {
        if (!this.#cancelLater.has(order.id)) continue;
        failures.push(`order ${order.id} (${order.intent.side} ${order.intent.quantity.toString()} ${order.intent.symbol}) may still be working at the broker: its cancel could not be sent (${this.#trading.reason}); the next robo start reconciles it first`);
      }
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
    try {
      // Last: every event the broker sent before it went is in the journal, and the file is complete on disk.
      this.#books.journal.close();
    } catch (error) {
      failures.push(`journal close: ${messageOf(error)}`);
    }
    for (const check of this.#afterStop) failures.push(...await check());
    this.#state = 'stopped';
    for (const failure of failures) this.log.error(failure);
    return { leakedTasks, failures };
  }

  /** Adds a check that runs after everything is released at stop; what it reports joins the shutdown failures. */
  afterStop(check: () => Promise<readonly string[]>): void {
    this.#afterStop.push(check);
  }

  #enqueue(event: BrokerEvent): void {
    this.#eventsPending++;
    this.#events = this.#events
      .then(() => this.#handle(event))
      .then(() => this.#books.retireIfOver())
      .catch((error: unknown) => this.log.error({ event: event.type, err: messageOf(error) }, `broker event ${event.type} could not be applied: ${messageOf(error)}`))
      .finally(() => { this.#eventsPending--; });
  }

  async #handle(event: BrokerEvent): Promise<void> {
    switch (event.type) {
      case 'status': return this.#onStatus(event.orderId, event.status, event.reason);
      case 'execution': return this.#fills.onExecution(event);
      case 'commission': return this.#fills.onCommission(event);
      case 'disconnected':
        this.#trading.down(event.reason);
        this.#books.record({ kind: 'link', at: this.clock.nowMs(), text: `lost: ${event.reason}` });
        this.log.warn({ reason: event.reason }, `broker link lost: ${event.reason}; new orders are refused until it is back and reconciled`);
        await this.hooks.onDisconnect.promise({ reason: event.reason });
        return;
      case 'reconnected':
        this.ids.observe(event.nextValidId);
        this.#books.record({ kind: 'link', at: this.clock.nowMs(), text: `restored: ${event.reason}` });
        this.log.info({ reason: event.reason }, `broker link restored: ${event.reason}`);
        await this.hooks.onReconnect.promise({ broker: this.broker.kind, accounts: event.accounts, nextValidId: event.nextValidId });
        if (this.#state === 'running') await this.#resume('reconnect');
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
    this.#books.record(status === 'submitted' ? { kind: 'ack', at: this.clock.nowMs(), orderId } : { kind: status, at: this.clock.nowMs(), orderId, reason: reason ?? '' });
    if (status !== 'submitted') this.log.info({ orderId, reason }, `order ${orderId} ${next.state.kind}${reason ? `: ${reason}` : ''}`);
    await this.#setOrder(next, order);
  }

  /** Journaled first, then counted, logged and announced: the books already hold what it is about. */
  async #anomaly(anomaly: Anomaly): Promise<void> {
    this.#books.record({ kind: 'anomaly', at: this.clock.nowMs(), anomaly: anomaly.kind, orderId: anomaly.orderId, execId: anomaly.execId, symbol: anomaly.symbol, text: anomaly.message });
    this.stats.recordAnomaly(anomaly);
    this.log.error({ anomaly: anomaly.kind, orderId: anomaly.orderId, execId: anomaly.execId }, `${anomaly.kind}: ${anomaly.message}`);
    await this.hooks.onAnomaly.promise(anomaly);
  }

  // ---- the journal, recovery and the trading gate ----------------------------------------------

  /** Runs `work` in the broker events' order: nothing the broker sends is handled while it runs. */
  #inOrder<T>(work: () => Promise<T>): Promise<T> {
    this.#eventsPending++;
    const result = this.#events.then(work);
    this.#events = result.then(() => undefined, () => undefined).finally(() => { this.#eventsPending--; });
    return result;
  }

  /**
   * The one path back to trading, at start and after every reconnect: beforeTrading (state recovery)
   * with new orders refused; then the gate opens, or stays shut with the reason. Cancels asked for while
   * the link was down go out either way — cancelling is always safe.
   */
  async #resume(reason: 'start' | 'reconnect'): Promise<Veto | undefined> {
    this.#trading.reconciling();
    this.#resuming = true;
    let veto: Veto | undefined;
    try {
      veto = await this.hooks.beforeTrading.promise({ reason, broker: this.broker.kind });
    } finally {
      this.#resuming = false;
    }
    if (veto) {
      this.#trading.halted(`${veto.by}: ${veto.reason}`);
      this.log.error({ by: veto.by, code: veto.code, reason }, `trading stays halted after the ${reason === 'start' ? 'start' : 'reconnect'}: ${veto.reason}`);
      if (reason === 'start') return veto;
    } else {
      this.#trading.up();
      this.log.info({ reason }, reason === 'start' ? 'the books agree with the broker; trading starts' : 'the books agree with the broker again; trading resumes');
      if (reason === 'reconnect') await this.watchHeld().catch((error: unknown) => this.log.error({ err: messageOf(error) }, `could not watch the held symbols after the reconnect: ${messageOf(error)}`));
    }
    await this.#sendDeferredCancels();
    return veto;
  }

  async #sendDeferredCancels(): Promise<void> {
    const waiting = [...this.#cancelLater];
    this.#cancelLater.clear();
    const results = await Promise.allSettled(waiting.map(([orderId, why]) => this.cancel(orderId, `${why} (asked while the link was down)`)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.log.error({ orderId: waiting[i]?.[0] }, `cancel of order ${waiting[i]?.[0]} failed after the reconnect: ${messageOf(r.reason)}`);
    });
  }

  /** The gate again after the rate limiter's wait, before the journal: the link, a fault, and the guards' send-time checks. */
  #lastLook(request: BrokerRequest): Veto | undefined {
    const veto = this.#trading.veto() ?? this.#faultVeto() ?? (request.kind === 'placeOrder' ? this.#plugins.sendVeto(request.intent) : undefined);
    if (veto) this.hooks.afterBrokerRequest.call({ request, sent: false });
    return veto;
  }

  #charge(amount: Decimal, what: string): void {
    this.#books.record({ kind: 'charge', at: this.clock.nowMs(), amount, what });
    this.portfolio.charge(amount);
  }

  #linkControl(): LinkControl {
    const during = (what: string): void => {
      if (!this.#resuming) throw new RoboError('ROBO_ERR_INTERNAL', `${what} may only run inside hooks.beforeTrading`);
    };
    return Object.freeze({
      probe: (timeoutMs?: number) => this.probeBroker(timeoutMs),
      drop: (reason: string) => this.dropLink(reason),
      reconcile: async (): Promise<ReconcileReport> => {
        during('reconcile');
        return reconcileWithBroker({
          broker: this.broker,
          orders: this.orders,
          portfolio: this.portfolio,
          journal: this.#books.journal,
          apply: (event) => this.#handle(event),
          close: (orderId, kind, reason) => this.#closeOrder(orderId, kind, reason),
          fills: () => this.stats.fills,
        });
      },
      adopt: (difference: PositionDifference) => {
        during('adopt');
        const quantity = difference.broker.minus(difference.journal);
        if (quantity.isZero()) return;
        const side = quantity.isNeg() ? 'SELL' : 'BUY';
        const reason = `adopted from the broker: it holds ${difference.broker.toString()} ${difference.symbol}, the journal ${difference.journal.toString()}`;
        this.#books.record({ kind: 'adopt', at: this.clock.nowMs(), symbol: difference.symbol, side, quantity: quantity.abs(), price: difference.averageCost, reason });
        this.portfolio.applyFill(difference.symbol, side, quantity.abs(), difference.averageCost);
      },
    });
  }

  async #closeOrder(orderId: number, kind: 'not-sent' | 'cancelled', reason: string): Promise<void> {
    const order = this.orders.get(orderId);
    if (!order || isTerminal(order)) return;
    this.#books.record({ kind, at: this.clock.nowMs(), orderId, reason });
    const next = cancel(order, kind === 'not-sent' ? `not sent: ${reason}` : reason);
    this.log.warn({ orderId, kind }, `order ${orderId} ${kind === 'not-sent' ? 'was never sent' : 'is closed'}: ${reason}`);
    await this.#setOrder(next, order);
  }

  async #setOrder(next: Order, previous: Order): Promise<void> {
    this.orders.replace(next);
    await callSeries(this.hooks.orderUpdate, { order: next, previous: previous.state.kind });
  }

  #onTapFailure(failure: TapFailure): void {
    this.stats.recordTapFailure(failure.plugin, failure.hook);
    this.log.error({ plugin: failure.plugin, hook: failure.hook, kind: failure.kind }, describeFailure(failure));
  }
}

function orderFields(order: Order): Record<string, string | number> {
  return { orderId: order.id, ref: order.ref, strategy: order.intent.strategyId, symbol: order.intent.symbol, side: order.intent.side, quantity: order.intent.quantity.toString() };
}
