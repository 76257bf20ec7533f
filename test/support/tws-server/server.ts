/**
 * A local server that speaks the TWS wire protocol at server version 193, so the real @stoqey/ib
 * client runs against it over TCP on 127.0.0.1. It answers the handshake, orders (acknowledge, fill
 * fully or in parts, reject, cancel, modify), positions, open orders, executions, commission reports,
 * the current time, real-time bars and historical bars (from bars a test sets, or an error, silence or a
 * dropped socket, with each request's arrival time kept for pacing); it records every message the client sent; and it injects faults
 * on demand: drop the socket, go silent, 1100 then 1101/1102, duplicated or reordered executions,
 * refused connections. Stops, trailing stops, orders on the close, bracket legs and OCA members — and
 * every order when started with `market: true` — work against the prices a test trades (`trade`,
 * `closeAuction`), as IB works them (see order-book.ts).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { dec } from '../../../core/domain/money.js';
import { FrameReader, frame, type Field } from './framing.js';
import * as msg from './messages.js';
import { OrderBook, isDone, type OrderRecord } from './order-book.js';
import { parentOf, parsePlaceOrder, type PlacedOrder } from './place-order.js';

export type { PlacedOrder } from './place-order.js';

export interface RecordedMessage {
  /** Which connection sent it: 1 for the first accepted socket, 2 for the next, … */
  readonly session: number;
  readonly id: number;
  readonly name: string;
  readonly fields: readonly string[];
}

export interface FillPart {
  readonly quantity: string;
  readonly price: string;
  /** Commission of this execution in USD; absent, no commission report is sent. */
  readonly commission?: string;
}

/** How fills are reported: each execution twice, in reverse order, or with its commission report first. */
export interface FillOptions {
  readonly duplicateExecutions?: boolean;
  readonly reverseExecutions?: boolean;
  readonly commissionFirst?: boolean;
  /** The execution time sent, as TWS writes it; default 20260302 09:35:00 in the server's time zone. */
  readonly executionTime?: string;
}

/** How the server answers one PLACE_ORDER. */
export type OrderScript =
  | ({ readonly kind: 'fill'; readonly parts: readonly FillPart[] } & FillOptions)
  | { readonly kind: 'reject'; readonly code: number; readonly message: string }
  | { readonly kind: 'rest' }
  | { readonly kind: 'silent' }
  /**
   * A slow TWS: the order is accepted and working at once (open-order requests list it), but its own
   * acknowledgement — and its fills, if any — are sent only `afterMs` later.
   */
  | { readonly kind: 'late'; readonly afterMs: number; readonly parts?: readonly FillPart[] }
  /** The order is accepted (resting, unacknowledged), then the socket is dropped at once: the client never hears back. */
  | { readonly kind: 'drop' }
  /** The order works against the market: held, released, triggered and filled as IB would (see order-book.ts). */
  | { readonly kind: 'market' };

/** A reqHistoricalData as the server read it, with the moment it arrived (performance.now(), ms). */
export interface HistoryRequestRecord {
  readonly session: number;
  readonly reqId: number;
  readonly symbol: string;
  /** As sent: "yyyyMMdd-HH:mm:ss" in UTC, or with a zone name. */
  readonly endDateTime: string;
  readonly barSize: string;
  readonly duration: string;
  readonly useRth: string;
  readonly whatToShow: string;
  readonly formatDate: string;
  readonly keepUpToDate: string;
  readonly receivedAt: number;
}

/** How the server answers one reqHistoricalData: with the bars set for it (default), an error, nothing, or a dropped socket. */
export type HistoryScript =
  | { readonly kind: 'bars' }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'silent' }
  | { readonly kind: 'drop' };

/** How the server treats the next connections: answer, close at once, or accept and never answer. */
export type HandshakeMode = 'normal' | 'refuse' | 'silent';

export interface TwsServerOptions {
  readonly accounts?: readonly string[];
  readonly nextValidId?: number;
  /**
   * Decides each order's fate. The default fills a plain market or limit order fully at its limit price
   * (or 100.00) with a 1.00 commission, and works every other order — stops, trailing stops, orders on
   * the close, bracket legs, OCA members, untransmitted legs — against the market.
   */
  readonly onOrder?: (order: PlacedOrder) => OrderScript;
  /**
   * Decides how a modify (a working order's id placed again) is answered: by default it is taken and
   * answered with the order (openOrder, then orderStatus). `before` fills parts of the order first, so
   * their statuses cross the modify on the wire; `refuse` answers with that error instead, leaving the order as it was.
   */
  readonly onModify?: (order: PlacedOrder) => { readonly before?: readonly FillPart[]; readonly refuse?: { readonly code: number; readonly message: string } } | undefined;
  /**
   * Every order works against the market by default, a market or limit order too: it fills only when a
   * trade (`trade`) reaches it, at the trade's price.
   */
  readonly market?: boolean;
  /** Decides how each reqHistoricalData is answered; by default with the bars `setHistory` gave. */
  readonly onHistory?: (request: HistoryRequestRecord) => HistoryScript;
  /** The time CURRENT_TIME reports, in epoch seconds. */
  readonly nowSeconds?: () => number;
  /** Sent as the execution time zone; real TWS writes names like US/Eastern. */
  readonly timeZone?: string;
  /**
   * Called with every message the client sent, before the server answers it, and the process.hrtime
   * instant its bytes were read from the socket (the benchmark times tick to order with it).
   */
  readonly onReceive?: (message: RecordedMessage, readAt: bigint) => void;
}

interface Session {
  readonly id: number;
  readonly socket: Socket;
  clientId: number;
  silent: boolean;
}

interface ExecutionRecord {
  readonly fields: msg.ExecutionFields;
  readonly commission?: string;
}

const CONIDS: Readonly<Record<string, number>> = { SPY: 756733, QQQ: 320227571, AAPL: 265598 };

export class TwsServer {
  readonly received: RecordedMessage[] = [];
  readonly #server: Server;
  readonly #sessions = new Set<Session>();
  readonly #orders = new Map<number, OrderRecord>();
  /** How long the server takes to answer a time request (a busy TWS); 0, at once. */
  #currentTimeDelayMs = 0;
  /** The delayed answers of 'late' orders and slow time requests, cleared at stop. */
  readonly #lateTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #executions: ExecutionRecord[] = [];
  readonly #positions = new Map<string, string>();
  /** Real-time bar requests that are open: reqId → symbol, per session. */
  readonly #barRequests = new Map<Session, Map<number, string>>();
  /** Bars for reqHistoricalData, by symbol and IB bar size ("1 min"). */
  readonly #history = new Map<string, readonly msg.HistoricalBarFields[]>();
  readonly #historyRequests: HistoryRequestRecord[] = [];
  /** Historical-data requests answered with nothing yet (silent), per session: reqId. */
  readonly #openHistory = new Map<Session, Set<number>>();
  readonly #options: TwsServerOptions;
  readonly #protocolErrors: string[] = [];
  #handshake: HandshakeMode = 'normal';
  #sessionCount = 0;
  #permId = 1_000;
  #execCount = 0;
  #nextValidId: number;
  #port = 0;
  /** When the chunk being parsed was read from its socket; kept only when onReceive is given. */
  #readAt = 0n;
  readonly #book: OrderBook;

  constructor(options: TwsServerOptions = {}) {
    this.#options = options;
    this.#book = new OrderBook(this.#orders, {
      acknowledge: (order) => this.#report(order),
      update: (order) => this.#report(order),
      fill: (order, quantity, price) => this.#fill(this.#sessionOf(order), order, [{ quantity: quantity.toString(), price: price.toString(), commission: '1.00' }], {}),
      cancel: (order, reason) => this.#cancel(this.#sessionOf(order), order, reason),
    }, { fillAtOnce: options.market !== true });
    this.#nextValidId = options.nextValidId ?? 1;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  get port(): number {
    return this.#port;
  }

  get accounts(): readonly string[] {
    return this.#options.accounts ?? ['DU1234567'];
  }

  /** Listens on 127.0.0.1 at a free port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the TWS test server has no TCP address');
    this.#port = address.port;
    return this.#port;
  }

  /** Closes every connection and the listener. */
  async stop(): Promise<void> {
    for (const timer of this.#lateTimers) clearTimeout(timer);
    this.#lateTimers.clear();
    for (const session of this.#sessions) session.socket.destroy();
    this.#sessions.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- what the client sent -------------------------------------------------------------------

  messages(name: msg.OutName): readonly RecordedMessage[] {
    return this.received.filter((m) => m.id === msg.OUT[name]);
  }

  placedOrders(): readonly PlacedOrder[] {
    return this.messages('PLACE_ORDER').map((m) => parsePlaceOrder(m));
  }

  /** Ids of the orders still working at this server: accepted (a held bracket exit too), neither filled in full nor cancelled. */
  workingOrderIds(): number[] {
    return [...this.#orders.values()].filter((o) => o.status === 'Submitted' || o.status === 'PreSubmitted').map((o) => o.placed.orderId);
  }

  /** Malformed input from the client (bad greeting, unterminated message); a test expects none. */
  get protocolErrors(): readonly string[] {
    return this.#protocolErrors;
  }

  get connectionCount(): number {
    return this.#sessionCount;
  }

  get openConnections(): number {
    return this.#sessions.size;
  }

  /** Resolves when the client has sent `count` messages named `name` (all sessions together). */
  async waitFor(name: msg.OutName, count = 1, timeoutMs = 5_000): Promise<readonly RecordedMessage[]> {
    return this.waitUntil(() => this.messages(name).length >= count, `${count} × ${name}`, timeoutMs).then(() => this.messages(name));
  }

  async waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`the TWS test server waited ${timeoutMs} ms for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ---- faults and scripted messages -----------------------------------------------------------

  /** From now on, time requests are answered `ms` late: a TWS slow, but alive. */
  answerTimeAfter(ms: number): void {
    this.#currentTimeDelayMs = ms;
  }

  /** How the next connections are treated. */
  setHandshake(mode: HandshakeMode): void {
    this.#handshake = mode;
  }

  /** Closes every client socket, as a TWS restart does. */
  drop(): void {
    for (const session of this.#sessions) session.socket.destroy();
  }

  /** Stops answering on every open connection without closing it (a half-open link). */
  goSilent(): void {
    for (const session of this.#sessions) session.silent = true;
  }

  /** A message with id -1, which the client reports as `info` (1100, 1101, 1102, 2104, …). */
  sendInfo(code: number, message: string): void {
    this.#broadcast(msg.errorMessage(-1, code, message));
  }

  sendError(id: number, code: number, message: string): void {
    this.#broadcast(msg.errorMessage(id, code, message));
  }

  /** Sends raw fields to every open connection, for messages no helper builds. */
  sendRaw(fields: readonly Field[]): void {
    this.#broadcast(fields);
  }

  /** One 5-second bar to every open real-time bar request for the symbol. */
  pushBar(symbol: string, bar: Omit<msg.RealTimeBarFields, 'reqId'>): number {
    let sent = 0;
    for (const [session, requests] of this.#barRequests) {
      for (const [reqId, s] of requests) {
        if (s !== symbol) continue;
        this.#send(session, msg.realTimeBar({ ...bar, reqId }));
        sent++;
      }
    }
    return sent;
  }

  /** Real-time bar requests still open (not cancelled), over every session. */
  openBarRequests(): readonly { session: number; reqId: number; symbol: string }[] {
    return [...this.#barRequests].flatMap(([session, requests]) => [...requests].map(([reqId, symbol]) => ({ session: session.id, reqId, symbol })));
  }

  /**
   * The bars reqHistoricalData answers for `symbol` at IB bar size `barSize` ("1 min", "1 day"): each
   * request gets those that start before its end time — and, for a duration in seconds, not before
   * its start — oldest first (the last may still be forming).
   */
  setHistory(symbol: string, barSize: string, bars: readonly msg.HistoricalBarFields[]): void {
    this.#history.set(`${symbol}|${barSize}`, bars);
  }

  /** Every reqHistoricalData received, in order, over every session. */
  historyRequests(): readonly HistoryRequestRecord[] {
    return this.#historyRequests;
  }

  /** Historical-data requests neither answered nor cancelled yet, over every session. */
  openHistoryRequests(): readonly { session: number; reqId: number }[] {
    return [...this.#openHistory].flatMap(([session, ids]) => [...ids].map((reqId) => ({ session: session.id, reqId })));
  }

  /** Fills a resting order, in the given parts, as if the market traded; with no client connected it is only recorded (replayed on reqExecutions). */
  fill(orderId: number, parts: readonly FillPart[], options: FillOptions = {}): void {
    const order = this.#orders.get(orderId);
    if (!order) throw new Error(`the TWS test server has no order ${orderId}`);
    this.#fill(this.#sessionOf(order), order, parts, options);
    this.#book.filled(order, parts.reduce((sum, part) => sum.plus(part.quantity), dec('0')));
  }

  /**
   * A last trade of `symbol` at `price`: every order working against the market that it reaches —
   * a limit at or better, a stop at or through, a trailing stop's stop after it trailed — fills there,
   * oldest first, and its bracket and OCA group react at once.
   */
  trade(symbol: string, price: string): void {
    this.#book.trade(symbol, dec(price));
  }

  /** The closing auction of `symbol` at `price`: market-on-close orders fill, limit-on-close orders at their limit or better. */
  closeAuction(symbol: string, price: string): void {
    this.#book.close(symbol, dec(price));
  }

  /** Where a stop or trailing stop's stop is now (a trailing stop moves it with the best price); undefined for other orders. */
  stopOf(orderId: number): string | undefined {
    return this.#orders.get(orderId)?.market?.stop?.toString();
  }

  /** An order's size now: as placed or modified, less what its bracket's other exit or its OCA group took. */
  quantityOf(orderId: number): string | undefined {
    return this.#orders.get(orderId)?.quantity;
  }

  /**
   * Corrects a recorded execution as IB does: the same id with its last part raised (`….01` → `….02`), a
   * new quantity or price, sent to every client; the position and the replayed executions follow.
   */
  correct(execId: string, part: FillPart): string {
    const index = this.#executions.findIndex((e) => e.fields.execId === execId);
    const record = this.#executions[index];
    if (!record) throw new Error(`the TWS test server has no execution ${execId}`);
    const revision = Number(execId.slice(execId.lastIndexOf('.') + 1)) + 1;
    const corrected = `${execId.slice(0, execId.lastIndexOf('.') + 1)}${String(revision).padStart(2, '0')}`;
    const sign = record.fields.side === 'BOT' ? 1 : -1;
    const symbol = record.fields.contract.symbol;
    const change = dec(part.quantity).minus(record.fields.shares).times(sign);
    this.#positions.set(symbol, dec(this.#positions.get(symbol) ?? '0').plus(change).toString());
    const fields: msg.ExecutionFields = { ...record.fields, execId: corrected, shares: part.quantity, price: part.price };
    this.#executions[index] = { fields, ...(part.commission === undefined ? (record.commission === undefined ? {} : { commission: record.commission }) : { commission: part.commission }) };
    this.#broadcast(msg.executionData(fields));
    return corrected;
  }

  /** The next valid order id the next connections are told (a gateway restart may roll it back). */
  setNextValidId(orderId: number): void {
    this.#nextValidId = orderId;
  }

  /** A position held at the account that no order of this server made (another program's, a manual trade). */
  setPosition(symbol: string, quantity: string): void {
    this.#positions.set(symbol, quantity);
  }

  positionOf(symbol: string): string {
    return dec(this.#positions.get(symbol) ?? '0').toString();
  }

  /** Every execution the server made, with its commission: what the account's cash moved by. */
  executionRecords(): readonly { readonly execId: string; readonly orderId: number; readonly side: 'BOT' | 'SLD'; readonly shares: string; readonly price: string; readonly commission?: string }[] {
    return this.#executions.map((e) => ({ execId: e.fields.execId, orderId: e.fields.orderId, side: e.fields.side, shares: e.fields.shares, price: e.fields.price, ...(e.commission === undefined ? {} : { commission: e.commission }) }));
  }

  /** An order's status at the server (Held, PreSubmitted, Submitted, Filled, Cancelled, Inactive), or undefined when it never arrived. */
  orderStatus(orderId: number): string | undefined {
    return this.#orders.get(orderId)?.status;
  }

  /**
   * The commission report of an execution sent without one, as IB sends it a moment after the execution:
   * recorded (reqExecutions replays it) and sent to every client connected.
   */
  reportCommission(execId: string, commission: string): void {
    const index = this.#executions.findIndex((e) => e.fields.execId === execId);
    const record = this.#executions[index];
    if (!record) throw new Error(`the TWS test server has no execution ${execId}`);
    this.#executions[index] = { ...record, commission };
    this.#broadcast(msg.commissionReport(execId, commission, 'USD'));
  }

  /** Sends an execution message for an order directly, e.g. a correction (`.02`) of an earlier fill. */
  sendExecution(orderId: number, execId: string, part: FillPart): void {
    const order = this.#orders.get(orderId);
    if (!order) throw new Error(`the TWS test server has no order ${orderId}`);
    const fields = this.#executionFields(order, execId, part, -1);
    this.#broadcast(msg.executionData(fields));
    if (part.commission !== undefined) this.#broadcast(msg.commissionReport(execId, part.commission, 'USD'));
  }

  // ---- the protocol ---------------------------------------------------------------------------

  #accept(socket: Socket): void {
    this.#sessionCount++;
    if (this.#handshake === 'refuse') {
      socket.resetAndDestroy();
      return;
    }
    const session: Session = { id: this.#sessionCount, socket, clientId: -1, silent: this.#handshake === 'silent' };
    this.#sessions.add(session);
    this.#barRequests.set(session, new Map());
    this.#openHistory.set(session, new Set());
    socket.setNoDelay(true);
    const reader = new FrameReader(
      (versions) => this.#onGreeting(session, versions),
      (fields) => this.#onMessage(session, fields),
      (problem) => this.#protocolErrors.push(problem),
    );
    socket.on('data', (chunk: Buffer) => {
      if (this.#options.onReceive) this.#readAt = process.hrtime.bigint();
      reader.push(chunk);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#sessions.delete(session);
      this.#barRequests.delete(session);
      this.#openHistory.delete(session);
    });
  }

  #onGreeting(session: Session, versions: string): void {
    if (!/^v100\.\.193$/.test(versions)) this.#protocolErrors.push(`expected the client to offer v100..193, was ${versions}`);
    this.#send(session, [msg.SERVER_VERSION, '20260302 09:30:00 EST']);
  }

  #onMessage(session: Session, fields: string[]): void {
    const id = Number(fields[0]);
    const message: RecordedMessage = { session: session.id, id, name: msg.outName(id), fields };
    this.received.push(message);
    this.#options.onReceive?.(message, this.#readAt);
    if (session.silent) return;
    switch (id) {
      case msg.OUT.START_API:
        session.clientId = Number(fields[2]);
        this.#send(session, msg.managedAccounts(this.accounts));
        this.#send(session, msg.nextValidId(this.#nextValidId));
        this.#send(session, msg.errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm'));
        this.#send(session, msg.errorMessage(-1, 2106, 'HMDS data farm connection is OK:ushmds'));
        this.#send(session, msg.errorMessage(-1, 2158, 'Sec-def data farm connection is OK:secdefnj'));
        return;
      case msg.OUT.REQ_IDS:
        this.#send(session, msg.nextValidId(this.#nextValidId));
        return;
      case msg.OUT.REQ_MANAGED_ACCTS:
        this.#send(session, msg.managedAccounts(this.accounts));
        return;
      case msg.OUT.REQ_CURRENT_TIME: {
        const answer = (): void => this.#send(session, msg.currentTime(this.#options.nowSeconds?.() ?? 1_772_461_800));
        if (this.#currentTimeDelayMs === 0) answer();
        else {
          const timer = setTimeout(() => { this.#lateTimers.delete(timer); answer(); }, this.#currentTimeDelayMs);
          this.#lateTimers.add(timer);
        }
        return;
      }
      case msg.OUT.PLACE_ORDER:
        this.#onPlaceOrder(session, parsePlaceOrder({ session: session.id, id, name: 'PLACE_ORDER', fields }));
        return;
      case msg.OUT.CANCEL_ORDER:
        this.#onCancel(session, Number(fields[1]));
        return;
      case msg.OUT.REQ_POSITIONS:
        for (const [symbol, position] of this.#positions) {
          if (!dec(position).isZero()) this.#send(session, msg.positionData(this.accounts[0] ?? '', contractOf(symbol), position, '0'));
        }
        this.#send(session, msg.positionEnd());
        return;
      case msg.OUT.REQ_OPEN_ORDERS:
      case msg.OUT.REQ_ALL_OPEN_ORDERS:
        for (const order of this.#orders.values()) {
          // An untransmitted leg is TWS's alone until its group transmits: IB has nothing to report of it.
          if (isDone(order) || order.status === 'Held') continue;
          this.#send(session, msg.openOrder(this.#openOrderFields(order)));
          this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
        }
        this.#send(session, msg.openOrderEnd());
        return;
      case msg.OUT.REQ_EXECUTIONS: {
        const reqId = Number(fields[2]);
        for (const execution of this.#executions) {
          this.#send(session, msg.executionData({ ...execution.fields, reqId }));
          if (execution.commission !== undefined) this.#send(session, msg.commissionReport(execution.fields.execId, execution.commission, 'USD'));
        }
        this.#send(session, msg.executionDataEnd(reqId));
        return;
      }
      case msg.OUT.REQ_REAL_TIME_BARS:
        this.#barRequests.get(session)?.set(Number(fields[2]), fields[4] ?? '');
        return;
      case msg.OUT.CANCEL_REAL_TIME_BARS:
        this.#barRequests.get(session)?.delete(Number(fields[2]));
        return;
      case msg.OUT.REQ_HISTORICAL_DATA:
        this.#onHistoricalData(session, fields);
        return;
      case msg.OUT.CANCEL_HISTORICAL_DATA:
        this.#openHistory.get(session)?.delete(Number(fields[2]));
        return;
      default:
        return;
    }
  }

  /**
   * [20, reqId, conId, symbol, secType, lastTradeDate, strike, right, multiplier, exchange, primaryExch,
   * currency, localSymbol, tradingClass, includeExpired, endDateTime, barSize, duration, useRTH,
   * whatToShow, formatDate, keepUpToDate, chartOptions]
   */
  #onHistoricalData(session: Session, fields: readonly string[]): void {
    const at = (i: number): string => fields[i] ?? '';
    const request: HistoryRequestRecord = {
      session: session.id, reqId: Number(at(1)), symbol: at(3), endDateTime: at(15), barSize: at(16), duration: at(17),
      useRth: at(18), whatToShow: at(19), formatDate: at(20), keepUpToDate: at(21), receivedAt: performance.now(),
    };
    this.#historyRequests.push(request);
    const script = this.#options.onHistory?.(request) ?? { kind: 'bars' };
    switch (script.kind) {
      case 'silent':
        this.#openHistory.get(session)?.add(request.reqId);
        return;
      case 'drop':
        session.socket.destroy();
        return;
      case 'error':
        this.#send(session, msg.errorMessage(request.reqId, script.code, script.message));
        return;
      case 'bars': {
        const end = historyEndMs(request.endDateTime);
        // A duration in seconds or days starts the window that long before the end (a day as 24 hours: the
        // tests' ends are closes, so "1 D" holds that session alone); weeks and longer are not counted here.
        const seconds = /^(\d+) S$/.exec(request.duration);
        const days = /^(\d+) D$/.exec(request.duration);
        const start = seconds ? end - Number(seconds[1]) * 1000 : days ? end - Number(days[1]) * 86_400_000 : -Infinity;
        const bars = (this.#history.get(`${request.symbol}|${request.barSize}`) ?? []).filter((b) => barStartMs(b.time) < end && barStartMs(b.time) >= start);
        this.#send(session, msg.historicalData(request.reqId, bars[0]?.time ?? '', request.endDateTime, bars));
      }
    }
  }

  #onPlaceOrder(session: Session, placed: PlacedOrder): void {
    const existing = this.#orders.get(placed.orderId);
    if (existing) {
      this.#modify(session, existing, placed);
      return;
    }
    const script = this.#options.onOrder?.(placed) ?? this.#defaultScript(placed);
    if (script.kind === 'silent') return;
    this.#nextValidId = Math.max(this.#nextValidId, placed.orderId + 1);
    const order: OrderRecord = { placed, permId: ++this.#permId, clientId: session.clientId, quantity: placed.totalQuantity, filled: '0', status: 'Submitted', avgValue: '0' };
    if (script.kind === 'drop') {
      this.#orders.set(placed.orderId, order);
      session.socket.destroy();
      return;
    }
    if (script.kind === 'reject') {
      order.status = 'Inactive';
      this.#orders.set(placed.orderId, order);
      this.#send(session, msg.errorMessage(placed.orderId, script.code, script.message));
      this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
      return;
    }
    this.#orders.set(placed.orderId, order);
    if (script.kind === 'market') {
      this.#book.accept(order);
      return;
    }
    if (script.kind === 'late') {
      const timer = setTimeout(() => {
        this.#lateTimers.delete(timer);
        if (order.status !== 'Submitted') return; // cancelled meanwhile
        this.#send(session, msg.openOrder(this.#openOrderFields(order)));
        this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
        if (script.parts !== undefined) this.#fill(session, order, script.parts, {});
      }, script.afterMs);
      this.#lateTimers.add(timer);
      return;
    }
    this.#send(session, msg.openOrder(this.#openOrderFields(order)));
    this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
    if (script.kind === 'fill') this.#fill(session, order, script.parts, script);
  }

  /**
   * A plain market or limit order fills at once, as it always did here; whatever needs a market to
   * mean anything — a stop, a trailing stop, an order on the close, a bracket leg, an OCA member, a leg
   * held untransmitted — works against the trades a test makes, and so does everything with `market: true`.
   */
  #defaultScript(placed: PlacedOrder): OrderScript {
    const plain = (placed.orderType === 'MKT' || placed.orderType === 'LMT') && placed.transmit !== '0' && parentOf(placed) === undefined && placed.ocaGroup === '';
    if (this.#options.market === true || !plain) return { kind: 'market' };
    return { kind: 'fill', parts: [{ quantity: placed.totalQuantity, price: placed.lmtPrice || '100.00', commission: '1.00' }] };
  }

  /**
   * The same order id again is a change of that order, as IB takes it: a working order takes the new
   * price and size and says so (openOrder, orderStatus); a filled one cannot change (104), and the id
   * of a cancelled or rejected one is spent (103).
   */
  #modify(session: Session, order: OrderRecord, placed: PlacedOrder): void {
    const script = this.#options.onModify?.(placed);
    if (script?.before !== undefined) this.fill(placed.orderId, script.before);
    if (script?.refuse !== undefined) {
      this.#send(session, msg.errorMessage(placed.orderId, script.refuse.code, script.refuse.message));
      return;
    }
    if (order.status === 'Filled') {
      this.#send(session, msg.errorMessage(placed.orderId, 104, `Can't modify a filled order.`));
      return;
    }
    if (isDone(order)) {
      this.#send(session, msg.errorMessage(placed.orderId, 103, `Duplicate order id`));
      return;
    }
    order.placed = placed;
    order.quantity = placed.totalQuantity;
    if (order.market !== undefined) {
      this.#book.modified(order);
      return;
    }
    this.#report(order);
  }

  #onCancel(session: Session, orderId: number): void {
    const order = this.#orders.get(orderId);
    if (!order || isDone(order)) {
      this.#send(session, msg.errorMessage(orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`));
      return;
    }
    this.#cancel(session, order, '');
    this.#book.cancelled(order);
  }

  /**
   * A cancel the client asked for is confirmed by the Cancelled status, then error 202. One the server
   * makes itself (an OCA group or a bracket done) says why first, so the client has the reason when the
   * status arrives.
   */
  #cancel(session: Session | undefined, order: OrderRecord, reason: string): void {
    order.status = 'Cancelled';
    if (!session) return;
    const why = msg.errorMessage(order.placed.orderId, 202, `Order Canceled - reason:${reason}`);
    if (reason !== '') this.#send(session, why);
    this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
    if (reason === '') this.#send(session, why);
  }

  /** The order as it is now, as IB reports an accepted or changed order: openOrder, then orderStatus. */
  #report(order: OrderRecord): void {
    const session = this.#sessionOf(order);
    if (!session) return;
    this.#send(session, msg.openOrder(this.#openOrderFields(order)));
    this.#send(session, msg.orderStatus(this.#statusFields(order, '')));
  }

  /** The connection that placed the order, or the first one open (the client reconnected); undefined with none. */
  #sessionOf(order: OrderRecord): Session | undefined {
    return [...this.#sessions].find((s) => s.id === order.placed.session) ?? [...this.#sessions][0];
  }

  #fill(session: Session | undefined, order: OrderRecord, parts: readonly FillPart[], options: FillOptions): void {
    const batch: Field[][] = [];
    for (const part of parts) {
      const execId = `0000e0d5.${(order.permId * 1000 + ++this.#execCount).toString(16).padStart(8, '0')}.01.01`;
      order.filled = dec(order.filled).plus(part.quantity).toString();
      order.avgValue = dec(order.avgValue).plus(dec(part.quantity).times(part.price)).toString();
      const remaining = dec(order.quantity).minus(order.filled);
      order.status = remaining.lte(0) ? 'Filled' : 'Submitted';
      const signed = order.placed.action === 'BUY' ? dec(part.quantity) : dec(part.quantity).neg();
      this.#positions.set(order.placed.symbol, dec(this.#positions.get(order.placed.symbol) ?? '0').plus(signed).toString());
      const fields = this.#executionFields(order, execId, part, -1, options.executionTime);
      this.#executions.push({ fields, ...(part.commission === undefined ? {} : { commission: part.commission }) });
      const commission = part.commission === undefined ? [] : [msg.commissionReport(execId, part.commission, 'USD')];
      const messages: Field[][] = [...(options.commissionFirst ? commission : []), msg.executionData(fields)];
      if (options.duplicateExecutions) messages.push(msg.executionData(fields));
      messages.push(msg.orderStatus(this.#statusFields(order, part.price)));
      if (!options.commissionFirst) messages.push(...commission);
      batch.push(...messages);
    }
    if (options.reverseExecutions) {
      const executions = batch.filter((m) => m[0] === msg.IN.EXECUTION_DATA).reverse();
      let i = 0;
      for (let j = 0; j < batch.length; j++) if (batch[j]?.[0] === msg.IN.EXECUTION_DATA) batch[j] = executions[i++] ?? [];
    }
    if (session) for (const m of batch) this.#send(session, m);
  }

  #executionFields(order: OrderRecord, execId: string, part: FillPart, reqId: number, time?: string): msg.ExecutionFields {
    const zone = this.#options.timeZone ?? 'US/Eastern';
    return {
      reqId,
      orderId: order.placed.orderId,
      contract: contractOf(order.placed.symbol),
      execId,
      time: time ?? `20260302 09:35:00 ${zone}`,
      account: order.placed.account || (this.accounts[0] ?? ''),
      side: order.placed.action === 'BUY' ? 'BOT' : 'SLD',
      shares: part.quantity,
      price: part.price,
      permId: order.permId,
      clientId: order.clientId,
      cumQty: order.filled,
      avgPrice: dec(order.avgValue).div(order.filled).toDecimalPlaces(6).toString(),
      orderRef: order.placed.orderRef,
    };
  }

  #statusFields(order: OrderRecord, lastFillPrice: string): msg.OrderStatusFields {
    const filled = dec(order.filled);
    return {
      orderId: order.placed.orderId,
      status: order.status,
      filled: order.filled,
      remaining: order.status === 'Cancelled' || order.status === 'Inactive' ? '0' : dec(order.quantity).minus(filled).toString(),
      avgFillPrice: filled.isZero() ? '0' : dec(order.avgValue).div(filled).toDecimalPlaces(6).toString(),
      permId: order.permId,
      lastFillPrice: lastFillPrice || '0',
      clientId: order.clientId,
      parentId: parentOf(order.placed) ?? 0,
    };
  }

  #openOrderFields(order: OrderRecord): msg.OpenOrderFields {
    const p = order.placed;
    return {
      orderId: p.orderId, contract: contractOf(p.symbol), action: p.action, totalQuantity: order.quantity, orderType: p.orderType,
      lmtPrice: p.lmtPrice, tif: p.tif, account: p.account || (this.accounts[0] ?? ''), orderRef: p.orderRef, clientId: order.clientId,
      permId: order.permId, status: order.status === 'Filled' || order.status === 'PreSubmitted' ? order.status : 'Submitted',
      // A trailing stop reports the stop it has now, as IB does once it trailed.
      auxPrice: p.auxPrice, ocaGroup: p.ocaGroup, ocaType: p.ocaType, parentId: p.parentId, outsideRth: p.outsideRth === '1',
      trailStopPrice: order.market?.stop !== undefined && p.orderType === 'TRAIL' ? order.market.stop.toString() : p.trailStopPrice, trailingPercent: p.trailingPercent,
    };
  }

  #broadcast(fields: readonly Field[]): void {
    for (const session of this.#sessions) this.#send(session, fields);
  }

  #send(session: Session, fields: readonly Field[]): void {
    if (session.silent || session.socket.destroyed) return;
    session.socket.write(frame(fields));
  }
}

/** reqHistoricalData's end time, "yyyyMMdd-HH:mm:ss" in UTC, in epoch ms. */
function historyEndMs(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`the TWS test server reads end times "yyyyMMdd-HH:mm:ss" (UTC) only, was ${JSON.stringify(text)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** A historical bar's start: epoch seconds, or a trade date yyyyMMdd taken as midnight New York (05:00 UTC is close enough for a test). */
function barStartMs(time: string): number {
  if (/^\d{8}$/.test(time)) return Date.UTC(Number(time.slice(0, 4)), Number(time.slice(4, 6)) - 1, Number(time.slice(6, 8)), 5);
  return Number(time) * 1000;
}

function contractOf(symbol: string): msg.StockContract {
  return { conId: CONIDS[symbol] ?? 1, symbol, exchange: 'SMART', currency: 'USD' };
}
