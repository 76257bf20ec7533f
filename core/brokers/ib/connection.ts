/**
 * One connection attempt to TWS / IB Gateway: a fresh IBApi with host, port, clientId and rate given
 * explicitly, every listener attached before connecting, a connect timeout (the client has none), and
 * "ready" only once nextValidId and the managed accounts arrived on this socket. Closing removes every
 * listener first, so nothing from an old socket ever reaches Robo, and the instance is never reused:
 * the client's command buffer and rate-limit queue survive a disconnect and would leak old requests
 * into the next session.
 */
import type { Contract, ExecutionFilter, IBApi, Order, WhatToShow } from '@stoqey/ib';
import { RoboError } from '../../domain/errors.js';
import type { TimerHandle, Timers } from '../../host/timers.js';
import { loadIb, type IbModule } from './load.js';
import { MIN_SERVER_VERSION } from './wire.js';


/** How long a closing socket is given to hand its last written bytes to the network. */
const SOCKET_FLUSH_MS = 50;
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly maxRequestsPerSecond: number;
  readonly connectTimeoutMs: number;
  readonly timers: Timers;
}

/** Everything a session reports, in the order TWS sent it. */
export interface SessionEvents {
  /** Every message's raw tokens, before it is decoded (liveness, and Decimal values from the wire). */
  message(tokens: readonly string[]): void;
  /** A connection-wide message (id -1): link state, farms. */
  info(code: number, message: string): void;
  error(code: number, message: string, reqId: number): void;
  /** `clientId`: the API client that placed the order; an order id is only unique within one client. */
  orderStatus(orderId: number, status: string, clientId: number | undefined): void;
  openOrder(orderId: number, status: string, clientId: number | undefined): void;
  currentTime(epochSeconds: number): void;
  realtimeBar(reqId: number, time: number, open: number, high: number, low: number, close: number, volume: number): void;
  /** One bar of a reqHistoricalData answer, then its end marker: `time` "finished-<start>-<end>". `volume` -1 or undefined: none. */
  historicalData(reqId: number, time: string, open: number, high: number, low: number, close: number, volume: number | undefined): void;
  /** The socket closed without Robo asking (TWS restart, network). */
  closed(): void;
}

export class IbSession {
  readonly ib: IbModule;
  readonly #api: IBApi;
  readonly #options: ConnectionOptions;
  #accounts: readonly string[] | undefined;
  #nextValidId: number | undefined;
  #serverVersion = 0;
  #unsent = 0;
  #drained: (() => void) | undefined;
  #closed = false;

  private constructor(ib: IbModule, options: ConnectionOptions) {
    this.ib = ib;
    this.#options = options;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- @stoqey/ib 1.6.10 still reads clientId from the options; moving it to connect() is a change of its own
    this.#api = new ib.IBApi({ host: options.host, port: options.port, clientId: options.clientId, maxReqPerSec: options.maxRequestsPerSecond });
  }

  /** Connects; resolves when the session is ready, rejects (and leaves nothing open) when it cannot be. */
  static async open(options: ConnectionOptions, events: SessionEvents): Promise<IbSession> {
    const session = new IbSession(await loadIb(), options);
    await session.#connect(events);
    return session;
  }

  get accounts(): readonly string[] {
    return this.#accounts ?? [];
  }

  get nextValidId(): number {
    return this.#nextValidId ?? 1;
  }

  get serverVersion(): number {
    return this.#serverVersion;
  }

  get where(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  placeOrder(orderId: number, contract: Contract, order: Order): void {
    this.#request(() => this.#api.placeOrder(orderId, contract, order));
  }

  cancelOrder(orderId: number): void {
    this.#request(() => this.#api.cancelOrder(orderId));
  }

  reqCurrentTime(): void {
    this.#request(() => this.#api.reqCurrentTime());
  }

  reqRealTimeBars(reqId: number, contract: Contract, whatToShow: WhatToShow, useRth: boolean): void {
    // IB offers real-time bars of 5 seconds only.
    this.#request(() => this.#api.reqRealTimeBars(reqId, contract, 5, whatToShow, useRth));
  }

  cancelRealTimeBars(reqId: number): void {
    this.#request(() => this.#api.cancelRealTimeBars(reqId));
  }

  /**
   * Past bars, answered once (keepUpToDate false). `barSizeSetting` is IB's text ("1 min", "1 day"); a
   * text the client does not know is refused here, before anything is sent.
   */
  reqHistoricalData(reqId: number, contract: Contract, endDateTime: string, durationStr: string, barSizeSetting: string, whatToShow: WhatToShow, useRth: boolean, formatDate: number): void {
    const size = Object.values(this.ib.BarSizeSetting).find((s) => String(s) === barSizeSetting);
    if (size === undefined) throw new RoboError('ROBO_ERR_INTERNAL', `expected a bar size the IB client knows, was ${JSON.stringify(barSizeSetting)}`);
    this.#request(() => this.#api.reqHistoricalData(reqId, contract, endDateTime, durationStr, size, whatToShow, useRth, formatDate, false));
  }

  cancelHistoricalData(reqId: number): void {
    this.#request(() => this.#api.cancelHistoricalData(reqId));
  }

  /** This client's open orders, answered with openOrder/orderStatus messages and an end marker. */
  reqOpenOrders(): void {
    this.#request(() => this.#api.reqOpenOrders());
  }

  reqExecutions(reqId: number, filter: ExecutionFilter): void {
    this.#request(() => this.#api.reqExecutions(reqId, filter));
  }

  /** Every client's open orders (state recovery must see orders it did not place), ended by OPEN_ORDER_END. */
  reqAllOpenOrders(): void {
    this.#request(() => this.#api.reqAllOpenOrders());
  }

  /** The account's positions, ended by POSITION_END; it stays subscribed until cancelPositions. */
  reqPositions(): void {
    this.#request(() => this.#api.reqPositions());
  }

  cancelPositions(): void {
    this.#request(() => this.#api.cancelPositions());
  }

  /** Waits until every request made so far has left the client's rate-limit queue, at most `ms`. */
  drain(ms: number): Promise<void> {
    if (this.#unsent <= 0 || this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let handle: TimerHandle | undefined;
      const done = (): void => {
        if (handle !== undefined) this.#options.timers.clearTimeout(handle);
        this.#drained = undefined;
        resolve();
      };
      this.#drained = done;
      handle = this.#options.timers.setTimeout(done, ms);
    });
  }

  /** Sends what is queued (at most `drainMs`), then closes the socket with every listener removed first. */
  async close(drainMs = 0): Promise<void> {
    if (this.#closed) return;
    if (drainMs > 0 && this.#unsent > 0) {
      await this.drain(drainMs);
      // "Sent" is when the client wrote it to the socket; its disconnect destroys the socket right after
      // ending it, which discards bytes not yet handed to the network. A moment lets the last ones go
      // (the cancel of a market-data request, at shutdown) — or TWS keeps that subscription open.
      await new Promise<void>((resolve) => this.#options.timers.setTimeout(resolve, SOCKET_FLUSH_MS));
    }
    this.#closed = true;
    this.#drained?.();
    this.#api.removeAllListeners();
    this.#api.disconnect();
  }

  #request(send: () => void): void {
    if (this.#closed) return;
    this.#unsent++;
    send();
  }

  #connect(events: SessionEvents): Promise<void> {
    const { ib } = this;
    const api = this.#api;
    const { timers, connectTimeoutMs } = this.#options;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (message: string, details: readonly string[] = []): void => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(timer);
        void this.close();
        reject(new RoboError('ROBO_ERR_BROKER_CONNECT', message, { details }));
      };
      const readyIfComplete = (): void => {
        if (settled || this.#nextValidId === undefined || this.#accounts === undefined) return;
        settled = true;
        timers.clearTimeout(timer);
        resolve();
      };
      const timer = timers.setTimeout(() => fail(
        `TWS / IB Gateway at ${this.where} did not complete the API handshake within ${connectTimeoutMs} ms`,
        ['  is the API enabled (Configure → API → Settings → Enable ActiveX and Socket Clients)?', `  is another program connected with clientId ${this.#options.clientId}? is a login or "accept incoming connection" dialog open?`],
      ), connectTimeoutMs);

      api.on(ib.EventName.sent, (tokens: unknown[]) => {
        // The greeting and START_API are the client's own; every other message is one of our requests.
        const first = tokens[0];
        if (first === 'API\0' || first === 71) return;
        this.#unsent--;
        if (this.#unsent <= 0) this.#drained?.();
      });
      api.on(ib.EventName.received, (tokens: string[]) => events.message(tokens));
      api.on(ib.EventName.server, (version: number) => {
        this.#serverVersion = version;
        if (version < MIN_SERVER_VERSION) fail(`TWS / IB Gateway at ${this.where} speaks API server version ${version}; Robo needs ${MIN_SERVER_VERSION} or later`, ['  update TWS / IB Gateway']);
      });
      api.on(ib.EventName.managedAccounts, (list: string) => {
        this.#accounts = list.split(',').map((a) => a.trim()).filter((a) => a !== '');
        readyIfComplete();
      });
      api.on(ib.EventName.nextValidId, (orderId: number) => {
        this.#nextValidId = Math.max(this.#nextValidId ?? 0, orderId);
        if (this.#accounts === undefined && !settled) this.#request(() => api.reqManagedAccts());
        readyIfComplete();
      });
      api.on(ib.EventName.info, (message: string, code: number) => {
        if (!settled && code === 326) fail(`TWS / IB Gateway at ${this.where} refused clientId ${this.#options.clientId}: it is already in use`, ['  stop the other program using it, or set another broker.clientId']);
        events.info(code, message);
      });
      api.on(ib.EventName.error, (error: Error, code: number, reqId: number) => {
        if (!settled && (code === 502 || code === 506 || code === 326)) {
          fail(`could not connect to TWS / IB Gateway at ${this.where}: ${error.message}`, [
            '  is TWS or IB Gateway running, with the API socket enabled on this port?',
            '  paper trading usually listens on 7497 (TWS) or 4002 (IB Gateway); check broker.port',
          ]);
        }
        events.error(code, error.message, reqId);
      });
      api.on(ib.EventName.disconnected, () => {
        if (!settled) fail(`TWS / IB Gateway at ${this.where} closed the connection during the API handshake`, ['  is this host in the API\'s Trusted IPs? is another program connected with the same clientId?']);
        else if (!this.#closed) events.closed();
      });
      api.on(ib.EventName.orderStatus, (orderId: number, status: string, _filled: unknown, _remaining: unknown, _avgFillPrice: unknown, _permId: unknown, _parentId: unknown, _lastFillPrice: unknown, clientId?: number) => events.orderStatus(orderId, status, clientId));
      api.on(ib.EventName.openOrder, (orderId: number, _contract: Contract, order: Order, state: { status?: string }) => events.openOrder(orderId, state.status ?? '', order.clientId));
      api.on(ib.EventName.currentTime, (time: number) => events.currentTime(time));
      api.on(ib.EventName.realtimeBar, (reqId: number, time: number, open: number, high: number, low: number, close: number, volume: number) => events.realtimeBar(reqId, time, open, high, low, close, volume));
      api.on(ib.EventName.historicalData, (reqId: number, time: string, open: number, high: number, low: number, close: number, volume: number | undefined) => events.historicalData(reqId, time, open, high, low, close, volume));

      try {
        api.connect(this.#options.clientId);
      } catch (error) {
        fail(`could not start connecting to ${this.where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
}
