/**
 * The host: owns the event loop, orders, portfolio, ids, clock, tasks and subscriptions, and runs every
 * order through one path — beforeOrder (guards may veto or amend) → id → journal → broker — and every
 * broker event, in arrival order, through the order state machine into the portfolio and the hooks.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import { OrderIds } from '../domain/ids.js';
import { cancel, isTerminal, type Order, type OrderChanges } from '../domain/order.js';
import { OrderBook } from '../domain/order-book.js';
import { Portfolio } from '../domain/portfolio.js';
import type { Decimal } from '../domain/money.js';
import type { Bar, OrderIntent, Veto } from '../domain/types.js';
import type { BrokerEvent, BrokerPort } from '../brokers/port.js';
import { SqliteJournal } from '../journal/journal.js';
import type { JournalEntry } from '../journal/entries.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import { containHooks, describeFailure, type TapFailure } from './contain.js';
import type { Anomaly, BrokerRequest, FaultInfo, ShutdownInfo } from './events.js';
import { createHooks, type Hooks } from './hooks.js';
import type { PluginDefinition } from './plugin.js';
import { DEFAULT_MAX_PRICE_AGE_MS, PriceMarks } from './price-marks.js';
import { RunStats } from './run-stats.js';
import { callSeries, type MaybePromise } from './series.js';
import { SubscriptionRegistry } from './subscriptions.js';
import { TradingGate, type LinkState } from './trading-gate.js';
import { TaskRegistry } from './tasks.js';
import { realTimers } from './timers.js';
import { Books } from './books.js';
import { BrokerEvents } from './broker-events.js';
import { shutDown, type ShutdownReport } from './shutdown.js';
import { EventQueue } from './event-queue.js';
import { LinkRecovery } from './link-recovery.js';
import { HOST } from './host-name.js';
import { OrderPath, type BracketLegs, type ModifyResult, type SubmitResult } from './order-path.js';
import { InstalledPlugins } from './installed-plugins.js';
import { Fills } from './fills.js';
import { KEEP_CLOSED_ORDERS, type HostOptions, type HostState } from './host-options.js';

export { HOST } from './host-name.js';
export type { BracketLegs, ModifyResult, SubmitResult } from './order-path.js';

/** A bracket's entry that just ended — cancelled, expired or rejected — with part of it filled. */
function endedPartlyFilledEntry(next: Order, previous: Order): boolean {
  return next.intent.bracket?.role === 'entry' && isTerminal(next) && !isTerminal(previous)
    && next.filledQuantity.gt(0) && next.filledQuantity.lt(next.intent.quantity);
}
export { KEEP_CLOSED_ORDERS, type HostOptions, type HostState, type IntentJournal } from './host-options.js';

/** How long state recovery may take in beforeTrading: the broker answers three questions, each with its own time limit. */
const RECOVERY_TIMEOUT_MS = 60_000;

export type { ShutdownReport } from './shutdown.js';

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
  /** While a commission report's taps run: the charges they make, journaled with the report. */
  #heldCharges: Extract<JournalEntry, { kind: 'charge' }>[] | undefined;
  readonly #cancelOnStop: boolean;
  readonly #keepExitsOnStop: boolean;
  /** Whether the broker's account outlives the run (IB's does; the simulated broker's is new on every connect). */
  #brokerKeepsOrders = false;
  /** Every fill booked, by fill and revision: replays are ignored, corrections applied by their difference. */
  readonly #fills: Fills;
  readonly #trading = new TradingGate(HOST);
  /** Every order and cancel goes this one way; cancels that must wait for the link wait there. */
  readonly #orderPath: OrderPath;
  /** State recovery's round at start and after each reconnect, and the link's control for the guards. */
  readonly #recovery: LinkRecovery;
  /** In install order; the built-in safety plugins among them run first and re-check every amended order. */
  readonly #plugins: InstalledPlugins;
  /** Checks run once the host has stopped (the leak check of third-party plugins); each returns what it found wrong. */
  readonly #afterStop: (() => Promise<readonly string[]>)[] = [];
  #state: HostState = 'created';
  /** Broker events and recovery rounds, one after another in arrival order. */
  readonly #queue = new EventQueue();
  readonly #brokerEvents: BrokerEvents;
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
    this.#keepExitsOnStop = options.keepProtectiveExitsOnStop ?? true;
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
      takeCommission: (entry, charge) => this.#takeCommission(entry, charge),
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
      linkControl: () => this.#recovery.control(),
      noteFill: (execId, note) => this.#fills.note(execId, note),
      anomaly: (anomaly) => this.#anomaly(anomaly),
    });
    this.#orderPath = new OrderPath({
      hooks: this.hooks,
      log: this.log,
      stats: this.stats,
      ids: this.ids,
      clock: this.clock,
      calendar: this.calendar,
      orders: this.orders,
      broker: this.broker,
      books: this.#books,
      trading: this.#trading,
      plugins: this.#plugins,
      state: () => this.#state,
      faultVeto: () => this.#faultVeto(),
      closeOrder: (orderId, kind, reason) => this.#closeOrder(orderId, kind, reason),
      setOrder: (next, previous) => this.#setOrder(next, previous),
    });
    this.#recovery = new LinkRecovery({
      hooks: this.hooks,
      log: this.log,
      clock: this.clock,
      broker: this.broker,
      orders: this.orders,
      portfolio: this.portfolio,
      stats: this.stats,
      books: this.#books,
      trading: this.#trading,
      orderPath: this.#orderPath,
      apply: (event) => this.#handle(event),
      close: (orderId, kind, reason) => this.#closeOrder(orderId, kind, reason),
      probe: (timeoutMs) => this.probeBroker(timeoutMs),
      drop: (reason) => this.dropLink(reason),
      watchHeld: () => this.watchHeld(),
    });
    this.#brokerEvents = new BrokerEvents({
      hooks: this.hooks,
      log: this.log,
      clock: this.clock,
      broker: this.broker,
      orders: this.orders,
      ids: this.ids,
      books: this.#books,
      fills: this.#fills,
      trading: this.#trading,
      recovery: this.#recovery,
      running: () => this.#state === 'running',
      setOrder: (next, previous) => this.#setOrder(next, previous),
      cancelReason: (orderId) => this.#orderPath.takeCancelReason(orderId),
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
    this.#brokerKeepsOrders = session.fresh !== true;
    this.#books.restore(this.#books.journal.openBook({ broker: this.broker.kind, account: session.accounts[0] ?? '', fresh: session.fresh === true }));
    this.ids.observe(session.nextValidId);
    this.log.info({ broker: this.broker.kind, nextOrderId: this.ids.peek() }, `connected to the ${this.broker.kind} broker`);
    await this.hooks.onConnect.promise({ broker: this.broker.kind, accounts: session.accounts, nextValidId: session.nextValidId });
    const veto = await this.#queue.run(() => this.#recovery.resume('start'));
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
    const veto = await this.#orderPath.gate(request);
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
    if (this.#queue.busy) return this.#queue.idle().then(() => this.#barNow(bar));
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

  /** Declares the link dead (the heartbeat got no answer): the broker drops it and reconnects. */
  dropLink(reason: string): void {
    if (this.#trading.state === 'down') return;
    this.log.error({ reason }, `dropping the broker link: ${reason}`);
    this.broker.dropLink(reason);
  }

  /** The one order path. Resolves when the order is vetoed, acknowledged, or rejected. */
  submit(intent: OrderIntent): Promise<SubmitResult> {
    return this.#orderPath.submit(intent);
  }

  /** A bracket: the entry and its exits, sent together or not at all (see OrderPath.submitBracket). */
  submitBracket(legs: BracketLegs): Promise<SubmitResult[]> {
    return this.#orderPath.submitBracket(legs);
  }

  /** New terms for a working order, judged by every guard (see OrderPath.modify). */
  modify(orderId: number, changes: OrderChanges): Promise<ModifyResult> {
    return this.#orderPath.modify(orderId, changes);
  }

  /** Asks the broker to cancel; resolves with the veto when a guard refused to send the cancel. */
  cancel(orderId: number, reason: string): Promise<Veto | undefined> {
    return this.#orderPath.cancel(orderId, reason);
  }

  /** Asks the broker for its time — the heartbeat's probe, waiting up to `timeoutMs` — through the same gate as every other request. */
  probeBroker(timeoutMs?: number): Promise<number> {
    return this.#orderPath.probeBroker(timeoutMs);
  }

  /** Resolves once every broker event received so far has been handled. */
  idle(): Promise<void> {
    return this.#queue.idle();
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
    const report = await shutDown({
      hooks: this.hooks,
      log: this.log,
      queue: this.#queue,
      orders: this.orders,
      orderPath: this.#orderPath,
      trading: this.#trading,
      subscriptions: this.subscriptions,
      tasks: this.tasks,
      broker: this.broker,
      books: this.#books,
      portfolio: this.portfolio,
      afterStop: this.#afterStop,
      cancelOpenOrders: this.#cancelOnStop,
      // A fresh broker's account (the simulated one) ends with the run: there is nothing to protect after it.
      keepProtectiveExits: this.#keepExitsOnStop && this.#brokerKeepsOrders,
    }, info, wasRunning);
    this.#state = 'stopped';
    return report;
  }

  /** Adds a check that runs after everything is released at stop; what it reports joins the shutdown failures. */
  afterStop(check: () => Promise<readonly string[]>): void {
    this.#afterStop.push(check);
  }

  #enqueue(event: BrokerEvent): void {
    this.#queue.enqueue(
      async () => {
        await this.#handle(event);
        this.#books.retireIfOver();
      },
      (error: unknown) => this.log.error({ event: event.type, err: messageOf(error) }, `broker event ${event.type} could not be applied: ${messageOf(error)}`),
    );
  }

  #handle(event: BrokerEvent): Promise<void> {
    return this.#brokerEvents.apply(event);
  }

  /** Journaled first, then counted, logged and announced: the books already hold what it is about. */
  async #anomaly(anomaly: Anomaly): Promise<void> {
    this.#books.record({ kind: 'anomaly', at: this.clock.nowMs(), anomaly: anomaly.kind, orderId: anomaly.orderId, execId: anomaly.execId, symbol: anomaly.symbol, text: anomaly.message });
    this.stats.recordAnomaly(anomaly);
    this.log.error({ anomaly: anomaly.kind, orderId: anomaly.orderId, execId: anomaly.execId }, `${anomaly.kind}: ${anomaly.message}`);
    await this.hooks.onAnomaly.promise(anomaly);
  }

  #charge(amount: Decimal, what: string): void {
    const entry = { kind: 'charge', at: this.clock.nowMs(), amount, what } as const;
    if (this.#heldCharges !== undefined) this.#heldCharges.push(entry);
    else this.#books.record(entry);
    this.portfolio.charge(amount);
  }

  /**
   * A commission report and the charges it brings (the broker's actual replacing the estimate) are one
   * write: journaled apart, a crash between them left the report taken and its charge lost for good — a
   * restart ignores a report it has taken. False when the report was taken before (nothing is charged).
   */
  async #takeCommission(entry: Extract<JournalEntry, { kind: 'commission' }>, charge: () => Promise<void>): Promise<boolean> {
    if (this.#books.hasCommission(entry)) return false;
    const held: Extract<JournalEntry, { kind: 'charge' }>[] = [];
    this.#heldCharges = held;
    try {
      await charge();
    } finally {
      this.#heldCharges = undefined;
      this.#books.recordTogether([entry, ...held]);
    }
    return true;
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
    if (endedPartlyFilledEntry(next, previous)) await this.#trimExits(next);
  }

  /**
   * A bracket's entry ended with part of it filled: its exits are modified down to what it filled, so
   * they never work for more than the bracket holds — whatever the broker does with a child whose parent
   * ended (the simulated one caps it; IB is not relied on to).
   */
  async #trimExits(entry: Order): Promise<void> {
    for (const exit of this.orders.open({ symbol: entry.intent.symbol, strategyId: entry.intent.strategyId })) {
      if (exit.parentId !== entry.id || exit.intent.quantity.lte(entry.filledQuantity)) continue;
      const refusal = exit.filledQuantity.gte(entry.filledQuantity)
        ? await this.cancel(exit.id, `its bracket's entry, order ${entry.id}, ended with ${entry.filledQuantity.toString()} filled, all of which this exit has closed`)
        : await this.modify(exit.id, { quantity: entry.filledQuantity }).then((result) => (result.kind === 'vetoed' ? result.veto : undefined));
      if (refusal !== undefined) this.log.error({ orderId: exit.id, entry: entry.id }, `the exit ${exit.id} of bracket entry ${entry.id} could not be brought down to the ${entry.filledQuantity.toString()} shares its entry filled: ${refusal.reason}`);
      else this.log.info({ orderId: exit.id, entry: entry.id }, `order ${exit.id}, an exit of bracket entry ${entry.id}, now works for the ${entry.filledQuantity.toString()} shares the entry filled`);
    }
  }

  #onTapFailure(failure: TapFailure): void {
    this.stats.recordTapFailure(failure.plugin, failure.hook);
    this.log.error({ plugin: failure.plugin, hook: failure.hook, kind: failure.kind }, describeFailure(failure));
  }
}
