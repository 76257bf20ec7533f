/**
 * The Interactive Brokers broker, behind the same port as the simulated one, on @stoqey/ib's IBApi
 * over TCP to TWS or IB Gateway. It trades only while the link is "ready" — nextValidId received on
 * this socket, the live-trading guard passed, IB's own link up — and refuses orders (never queues
 * them) otherwise. A dropped socket (or one the host's heartbeat declared dead) is replaced by a fresh
 * session with the same clientId, after a capped backoff with jitter; on every return market data is
 * requested again, and state recovery asks (`reconcile`) for open orders, executions and positions, so a
 * fill missed while away is booked once.
 */
import { RoboError, messageOf } from '../../domain/errors.js';
import type { Clock } from '../../market/clock.js';
import type { TimerHandle, Timers } from '../../host/timers.js';
import { realTimers } from '../../host/timers.js';
import type { Logger } from '../../log.js';
import type { Bar } from '../../domain/types.js';
import { BrokerRejection, type BarListener, type BrokerEvent, type BrokerListener, type BrokerPort, type BrokerSession, type BrokerSnapshot, type HistoryRequest, type PlaceOrderRequest, type ReconcileRequest } from '../port.js';
import { classify, describeNotice, type Notice } from './codes.js';
import { IbSession, type SessionEvents } from './connection.js';
import { Fills } from './fills.js';
import { History, type HistorySpan } from './history.js';
import { checkLiveGuard, maskAccount } from './live-guard.js';
import { MarketData, type BarSettings } from './market-data.js';
import { Orders } from './orders.js';
import { Reconciliation } from './reconcile.js';
import { describeState, reconnectDelay, type LinkState } from './link-state.js';
import { TimeRequests } from './time-requests.js';
import { executionFilterTime } from './wire.js';

export type { LinkState } from './link-state.js';

export interface IbBrokerOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly connectTimeoutMs: number;
  readonly maxRequestsPerSecond: number;
  /** How long an order, a cancel or a time probe may wait for IB's answer. */
  readonly requestTimeoutMs: number;
  readonly account: { readonly mode: 'paper' | 'live'; readonly id?: string | undefined };
  /** What the command line said: `--live` and `--confirm-account`. */
  readonly confirmation: { readonly live: boolean; readonly account?: string | undefined };
  readonly bars: BarSettings;
  /**
   * Whether orders may work outside regular trading hours (IB's `outsideRth`): set when the risk limits
   * allow extended hours, or an order sent in the pre-market would rest until the open.
   */
  readonly outsideRth?: boolean;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timers?: Timers;
  /** Waits between reconnect attempts; the last repeats. Each is lengthened by up to 20% at random (jitter). */
  readonly reconnectDelaysMs?: readonly number[];
  /** The jitter's random source, in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
  /** Every classified IB message, for tests and monitoring. */
  readonly onNotice?: (notice: Notice) => void;
  /**
   * Called once after the first connection with TWS's time and the local time halfway through the
   * request; returns the correction the clock now applies (see BrokerTimeClock).
   */
  readonly onBrokerTime?: (brokerMs: number, localMs: number) => number;
}

/** IB's execution times are whole seconds and clocks differ a little: executions are asked for from this much before the last one booked. */
const EXECUTIONS_OVERLAP_MS = 60_000;
const SHUTDOWN_DRAIN_MS = 2_000;

export class IbBroker implements BrokerPort {
  readonly kind = 'ib';
  readonly #options: IbBrokerOptions;
  /** The host's journal, asked whether an order of an earlier run is ours. */
  #journaled: ((orderId: number, orderRef: string) => boolean) | undefined;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #orders: Orders;
  readonly #fills: Fills;
  readonly #marketData: MarketData;
  readonly #timeRequests: TimeRequests;
  readonly #history: History;
  #state: LinkState = 'idle';
  #session: IbSession | undefined;
  #listener: BrokerListener | undefined;
  #account = '';
  #accounts: readonly string[] = [];
  #nextValidId = 1;
  /** Request ids for market data and executions; order ids come from the host. */
  #nextReqId = 1;
  #reconciliation: Reconciliation | undefined;
  #reconnectTimer: TimerHandle | undefined;
  #attempt = 0;
  #giveUp: (error: Error) => void = () => {};
  /** Settles only when the broker stops trading on its own for good; a live session then ends with this error. */
  readonly stoppedByItself = new Promise<Error>((resolve) => { this.#giveUp = resolve; });

  constructor(options: IbBrokerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#log = options.log;
    this.#orders = new Orders((event) => this.#emit(event), this.#timers, this.#log, options.requestTimeoutMs, () => this.#session);
    // Ours: placed or re-attached in this process, or journaled in an earlier run (a correction made while Robo was stopped).
    this.#fills = new Fills((event) => this.#emit(event), (orderId, orderRef) => this.#orders.knows(orderId, orderRef) || this.#journaled?.(orderId, orderRef) === true, options.clock, this.#log);
    this.#marketData = new MarketData(options.bars, () => this.#nextReqId++, this.#log);
    this.#timeRequests = new TimeRequests(this.#timers);
    this.#history = new History({
      clock: options.clock,
      timers: this.#timers,
      log: this.#log,
      timeoutMs: options.requestTimeoutMs,
      nextReqId: () => this.#nextReqId++,
      session: () => (this.#state === 'ready' && this.#session ? this.#session : `the IB link is not ready (${describeState(this.#state)})`),
    });
  }

  get state(): LinkState {
    return this.#state;
  }

  async connect(listener: BrokerListener, journaled?: (orderId: number, orderRef: string) => boolean): Promise<BrokerSession> {
    if (this.#state !== 'idle') throw new RoboError('ROBO_ERR_INTERNAL', `the IB broker connects once; it is ${this.#state}`);
    this.#listener = listener;
    this.#journaled = journaled;
    this.#state = 'connecting';
    const { host, port, clientId } = this.#options;
    this.#log.info({ host, port, clientId }, `connecting to TWS / IB Gateway at ${host}:${port} as clientId ${clientId}`);
    try {
      const session = await this.#open();
      this.#adopt(session);
      await this.#syncTime();
    } catch (error) {
      await this.disconnect();
      throw error;
    }
    return { accounts: this.#accounts, nextValidId: this.#nextValidId };
  }

  async disconnect(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    this.#state = 'closing';
    this.#stopTimers();
    this.#orders.failAll('the IB broker is disconnecting');
    this.#reconciliation?.fail(new BrokerRejection('the IB broker is disconnecting'));
    this.#timeRequests.refuseAll('the IB broker is disconnecting');
    const session = this.#session;
    this.#history.cancelAll(session, 'the IB broker is disconnecting');
    this.#session = undefined;
    const cancelled = this.#marketData.cancelAll(session);
    if (session) {
      // Cancels must leave the client's rate-limit queue before the socket closes.
      await session.close(SHUTDOWN_DRAIN_MS);
      this.#log.info({ cancelledRequests: cancelled }, `disconnected from TWS / IB Gateway at ${session.where}`);
    }
    this.#state = 'closed';
  }

  async placeOrder(request: PlaceOrderRequest): Promise<void> {
    const session = this.#session;
    if (this.#state !== 'ready' || !session) {
      throw new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); order ${request.orderId} was not sent`);
    }
    await this.#orders.place(session, request, this.#account, this.#options.outsideRth === true);
  }

  /**
   * A new price or quantity for one of our working orders, sent as IB takes it: the same order id (and
   * orderRef) placed again. Resolves when IB answers with the changed order; rejects when IB refuses the
   * modify (the order then keeps its old terms) or does not answer in time.
   */
  async modifyOrder(request: PlaceOrderRequest): Promise<void> {
    const session = this.#session;
    if (this.#state !== 'ready' || !session) {
      throw new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); the modify of order ${request.orderId} was not sent`);
    }
    await this.#orders.modify(session, request, this.#account, this.#options.outsideRth === true);
  }

  async cancelOrder(orderId: number): Promise<void> {
    const session = this.#session;
    if (!session || this.#state === 'closing' || this.#state === 'closed') {
      throw new BrokerRejection(`the IB link is down (${describeState(this.#state)}); the cancel of order ${orderId} was not sent`);
    }
    await this.#orders.cancel(session, orderId);
  }

  currentTime(timeoutMs: number = this.#options.requestTimeoutMs): Promise<number> {
    const session = this.#session;
    if (!session || (this.#state !== 'ready' && this.#state !== 'ib-link-lost')) {
      return Promise.reject(new BrokerRejection(`the IB link is down (${describeState(this.#state)}); the time was not asked`));
    }
    return this.#timeRequests.ask(() => session.reqCurrentTime(), timeoutMs);
  }

  /**
   * Past bars of one symbol for warm-up, from IB's historical data (reqHistoricalData), within IB's
   * pacing rules: a request that would break one waits, and is refused when the wait would be longer
   * than the request timeout. See history.ts.
   */
  historicalBars(request: HistoryRequest): Promise<readonly Bar[]> {
    if (!this.#session || this.#state !== 'ready') {
      return Promise.reject(new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); historical bars for ${request.symbol} were not requested`));
    }
    return this.#history.request(request);
  }

  /**
   * One span of IB's history as IB takes it, for `robo data fetch`: paced by the same rules, a pacing
   * wait of up to `maxWaitMs` waited out. Rejects with BrokerRejection when the link is not ready, IB
   * refuses, or the link drops before the answer (`state` then tells which).
   */
  historicalSpan(span: HistorySpan, maxWaitMs: number): Promise<readonly Bar[]> {
    if (!this.#session || this.#state !== 'ready') {
      return Promise.reject(new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); historical bars for ${span.symbol} were not requested`));
    }
    return this.#history.requestSpan(span, maxWaitMs);
  }

  async subscribeBars(symbols: readonly string[], listener: BarListener): Promise<() => Promise<void>> {
    const session = this.#session;
    if (!session || this.#state !== 'ready') throw new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); bars were not requested`);
    return this.#marketData.subscribe(session, symbols, listener, () => this.#session);
  }

  /**
   * Open orders of every client, executions since the last one booked (all clients: only ours are
   * booked, by id and orderRef), and the traded account's positions. The host's orders that may still
   * be working are tracked again first, so IB's answers about them reach the host.
   */
  async reconcile(request: ReconcileRequest): Promise<BrokerSnapshot> {
    const session = this.#session;
    if (this.#state !== 'ready' || !session) throw new BrokerRejection(`the IB link is not ready (${describeState(this.#state)}); state recovery cannot ask TWS anything`);
    if (this.#reconciliation) throw new BrokerRejection('a state recovery round is already running');
    for (const order of request.orders) this.#orders.attach(order.orderId, order.orderRef);
    const round = new Reconciliation({ reqId: this.#nextReqId++, account: this.#account, timers: this.#timers, timeoutMs: this.#options.requestTimeoutMs });
    this.#reconciliation = round;
    try {
      session.reqAllOpenOrders();
      await round.until('open orders');
      session.reqExecutions(round.reqId, request.sinceMs === undefined ? {} : { time: executionFilterTime(request.sinceMs - EXECUTIONS_OVERLAP_MS) });
      await round.until('executions');
      session.reqPositions();
      await round.until('positions');
      session.cancelPositions();
      return round.snapshot();
    } finally {
      this.#reconciliation = undefined;
    }
  }

  /** The heartbeat got no answer: the socket may look open, but it is dead. */
  dropLink(reason: string): void {
    if (this.#state !== 'ready' && this.#state !== 'ib-link-lost') return;
    this.#lose(reason);
  }

  // ---- the session's lifecycle ----------------------------------------------------------------

  /** Asks TWS for its time once, so the clock that decides trading hours is IB's. */
  async #syncTime(): Promise<void> {
    const sync = this.#options.onBrokerTime;
    if (!sync) return;
    const requestedAt = this.#options.clock.nowMs();
    const brokerMs = await this.currentTime();
    const answeredAt = this.#options.clock.nowMs();
    const offset = sync(brokerMs, (requestedAt + answeredAt) / 2);
    if (offset !== 0) this.#log.warn({ offsetMs: offset }, `TWS's clock differs from this machine's by ${(offset / 1000).toFixed(1)} s; Robo uses TWS's time`);
  }

  /** Opens a fresh session and checks the live-trading guard before anything can trade on it. */
  async #open(): Promise<IbSession> {
    const { host, port, clientId, connectTimeoutMs, maxRequestsPerSecond } = this.#options;
    let session: IbSession | undefined;
    const events = this.#sessionEvents(() => session);
    session = await IbSession.open({ host, port, clientId, connectTimeoutMs, maxRequestsPerSecond, timers: this.#timers }, events);
    const verdict = checkLiveGuard({
      accounts: session.accounts,
      mode: this.#options.account.mode,
      configuredAccount: this.#options.account.id,
      live: this.#options.confirmation.live,
      confirmedAccount: this.#options.confirmation.account,
    });
    if (!verdict.ok) {
      await session.close();
      this.#log.error({ accounts: session.accounts.map(maskAccount) }, `refusing to trade: ${verdict.reason}`);
      throw new RoboError('ROBO_ERR_LIVE_ACCOUNT', `refusing to trade: ${verdict.reason}`, { details: verdict.details });
    }
    this.#account = verdict.account;
    this.#accounts = session.accounts;
    this.#nextValidId = Math.max(this.#nextValidId, session.nextValidId);
    this.#log.info(
      { serverVersion: session.serverVersion, account: maskAccount(verdict.account), paper: verdict.paper, nextValidId: session.nextValidId },
      `connected to TWS / IB Gateway at ${session.where} (API server version ${session.serverVersion}); trading ${verdict.paper ? 'paper' : 'LIVE'} account ${maskAccount(verdict.account)}`,
    );
    return session;
  }

  #adopt(session: IbSession): void {
    this.#session = session;
    this.#state = 'ready';
    this.#attempt = 0;
  }

  /** Events of one session; anything from a session that is no longer the current one is dropped. */
  #sessionEvents(self: () => IbSession | undefined): SessionEvents {
    const current = (): boolean => {
      const session = self();
      return session === undefined || session === this.#session || this.#state === 'connecting' || this.#state === 'reconnecting';
    };
    return {
      message: (tokens) => { if (current()) this.#onMessage(tokens); },
      info: (code, message) => { if (current()) this.#onNotice(classify(code, message, undefined)); },
      error: (code, message, reqId) => { if (current()) this.#onNotice(classify(code, message, reqId)); },
      orderStatus: (orderId, status, clientId) => { if (current() && this.#placedByUs(orderId, clientId)) this.#orders.onStatus(orderId, status); },
      openOrder: (orderId, status, clientId) => { if (current() && this.#placedByUs(orderId, clientId)) this.#orders.onStatus(orderId, status, 'openOrder'); },
      currentTime: (seconds) => { if (current()) this.#timeRequests.answered(seconds); },
      realtimeBar: (reqId, time, open, high, low, close, volume) => { if (current()) this.#marketData.onBar(reqId, { time, open, high, low, close, volume }); },
      historicalData: (reqId, time, open, high, low, close, volume) => { if (current()) this.#history.onBar(reqId, { time, open, high, low, close, volume }); },
      closed: () => { if (self() === this.#session) this.#lose('TWS / IB Gateway closed the connection'); },
    };
  }

  /**
   * Order ids are unique per API client only: a status for our id from another client (after
   * reqAllOpenOrders, or to a master client) is about someone else's order and must not move ours.
   */
  #placedByUs(orderId: number, clientId: number | undefined): boolean {
    if (clientId === undefined || clientId === this.#options.clientId) return true;
    this.#log.debug({ orderId, clientId }, `a status for order ${orderId} of API client ${clientId}, not ours (${this.#options.clientId}); ignored`);
    return false;
  }

  #onMessage(tokens: readonly string[]): void {
    const round = this.#reconciliation;
    if (round) {
      try {
        round.onMessage(tokens);
      } catch (error) {
        round.fail(new BrokerRejection(`state recovery could not read a message from TWS: ${messageOf(error)}`));
      }
    }
    this.#fills.onMessage(tokens);
  }

  #onNotice(notice: Notice): void {
    this.#options.onNotice?.(notice);
    // Request ids (history) and order ids are counted apart and may be equal: a history request of ours takes the error first.
    const about = this.#history.onError(notice) ? 'historical data request' : this.#orders.onError(notice) ? 'order' : undefined;
    const line = about !== undefined && notice.reqId !== undefined ? `${about} ${notice.reqId}: ${describeNotice(notice)}` : describeNotice(notice);
    const fields = { code: notice.code, kind: notice.kind, reqId: notice.reqId };
    if (notice.severity === 'error') this.#log.error(fields, line);
    else if (notice.severity === 'warn') this.#log.warn(fields, line);
    else this.#log.info(fields, line);

    if (notice.kind === 'link-lost' && this.#state === 'ready') {
      this.#state = 'ib-link-lost';
      this.#emit({ type: 'disconnected', reason: `IB ${notice.code}: ${notice.explanation}` });
    } else if ((notice.kind === 'link-restored' || notice.kind === 'link-restored-data-lost') && this.#state === 'ib-link-lost' && this.#session) {
      const session = this.#session;
      if (notice.kind === 'link-restored-data-lost') this.#marketData.resubscribe(session, true);
      this.#state = 'ready';
      this.#emit({ type: 'reconnected', reason: `IB ${notice.code}: ${notice.explanation}`, accounts: this.#accounts, nextValidId: this.#nextValidId });
    }
  }

  // ---- loss and reconnect ---------------------------------------------------------------------

  /** The socket is gone or dead: drop it, tell the host, and try again with a fresh session. */
  #lose(reason: string): void {
    if (this.#state === 'closing' || this.#state === 'closed' || this.#state === 'reconnecting') return;
    const session = this.#session;
    this.#session = undefined;
    this.#state = 'reconnecting';
    this.#stopTimers();
    this.#marketData.socketLost();
    this.#orders.linkLost('the link to TWS was lost');
    this.#reconciliation?.fail(new BrokerRejection(`the link to TWS was lost during state recovery: ${reason}`));
    this.#timeRequests.refuseAll(`the link to TWS was lost before it answered the time request: ${reason}`);
    this.#history.linkLost(`the link to TWS was lost: ${reason}`);
    void session?.close();
    this.#log.error({ reason }, `IB link lost: ${reason}; new orders are refused until it is back`);
    this.#emit({ type: 'disconnected', reason });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = reconnectDelay(this.#attempt, this.#options.reconnectDelaysMs, this.#options.random);
    this.#attempt++;
    this.#log.info({ attempt: this.#attempt, delayMs: delay }, `reconnecting to TWS / IB Gateway in ${delay} ms (attempt ${this.#attempt})`);
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#reconnect();
    }, delay);
  }

  async #reconnect(): Promise<void> {
    if (this.#state !== 'reconnecting') return;
    let session: IbSession;
    try {
      session = await this.#open();
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the state may have changed during the await above
      if (this.#state !== 'reconnecting') return;
      if (error instanceof RoboError && error.code === 'ROBO_ERR_LIVE_ACCOUNT') {
        // The login changed under us; trading stays stopped until a person looks.
        this.#state = 'closed';
        this.#log.fatal(`${error.message}; Robo stopped reconnecting`);
        this.#giveUp(error);
        return;
      }
      this.#log.warn({ err: messageOf(error) }, `reconnect failed: ${messageOf(error)}`);
      this.#scheduleReconnect();
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the state may have changed during the await above
    if (this.#state !== 'reconnecting') {
      await session.close();
      return;
    }
    this.#adopt(session);
    this.#marketData.resubscribe(session, false);
    this.#emit({ type: 'reconnected', reason: `reconnected to TWS / IB Gateway at ${session.where}`, accounts: this.#accounts, nextValidId: this.#nextValidId });
  }

  #stopTimers(): void {
    if (this.#reconnectTimer !== undefined) this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }

  /** While state recovery runs, what IB says about orders and fills is part of its answer, booked in one step. */
  #emit(event: BrokerEvent): void {
    const round = this.#reconciliation;
    if (round && (event.type === 'status' || event.type === 'execution' || event.type === 'commission')) round.collect(event);
    else this.#listener?.(event);
  }
}
