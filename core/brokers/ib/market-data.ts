/**
 * Real-time bars from IB: one reqRealTimeBars per symbol, aggregated to `barSeconds`, delivered to the
 * subscriber one bar at a time. Every request is cancelled when its subscription stops or the broker
 * shuts down; after TWS reports data lost (1101) or a reconnect, each live subscription asks again
 * with new request ids, the old ones cancelled first, so none leaks.
 */
import type { Bar } from '../../domain/types.js';
import type { Logger } from '../../log.js';
import type { BarListener } from '../port.js';
import { BarAggregator, type FiveSecondBar } from './bar-aggregator.js';
import type { IbSession } from './connection.js';
import { stockContract } from './contract.js';

export interface BarSettings {
  readonly barSeconds: number;
  readonly whatToShow: 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK';
  readonly useRth: boolean;
}

interface Feed {
  readonly symbols: readonly string[];
  readonly listener: BarListener;
  readonly aggregators: ReadonlyMap<string, BarAggregator>;
  /** Open requests of this feed: reqId → symbol. */
  readonly requests: Map<number, string>;
  delivery: Promise<void>;
}

export class MarketData {
  readonly #settings: BarSettings;
  readonly #nextReqId: () => number;
  readonly #log: Logger;
  readonly #feeds = new Set<Feed>();
  readonly #byReqId = new Map<number, Feed>();

  constructor(settings: BarSettings, nextReqId: () => number, log: Logger) {
    this.#settings = settings;
    this.#nextReqId = nextReqId;
    this.#log = log;
  }

  /** Requests bars for the symbols on the session; the returned function cancels every request. */
  subscribe(session: IbSession, symbols: readonly string[], listener: BarListener, current: () => IbSession | undefined): () => Promise<void> {
    const feed: Feed = {
      symbols: [...symbols],
      listener,
      aggregators: new Map(symbols.map((s) => [s, new BarAggregator(s, this.#settings.barSeconds)])),
      requests: new Map(),
      delivery: Promise.resolve(),
    };
    this.#feeds.add(feed);
    for (const symbol of symbols) this.#request(session, feed, symbol);
    return async () => {
      if (!this.#feeds.delete(feed)) return;
      this.#cancel(current(), feed);
      await feed.delivery;
    };
  }

  /** Whether the request id is one of ours (so its errors are about market data). */
  owns(reqId: number): boolean {
    return this.#byReqId.has(reqId);
  }

  onBar(reqId: number, five: FiveSecondBar): void {
    const feed = this.#byReqId.get(reqId);
    const symbol = feed?.requests.get(reqId);
    if (!feed || symbol === undefined) return; // a bar for a request already cancelled
    for (const bar of feed.aggregators.get(symbol)?.add(five) ?? []) this.#deliver(feed, bar);
  }

  /**
   * Asks again for every live subscription. With `sameSocket` (after 1101) the old requests are
   * cancelled first; after a reconnect they died with the old socket.
   */
  resubscribe(session: IbSession, sameSocket: boolean): void {
    for (const feed of this.#feeds) {
      if (sameSocket) this.#cancel(session, feed);
      else this.#forget(feed);
      for (const symbol of feed.symbols) this.#request(session, feed, symbol);
    }
  }

  /** The socket is gone, and every request with it; the subscriptions stay, to be asked again. */
  socketLost(): void {
    for (const feed of this.#feeds) this.#forget(feed);
  }

  /** Cancels every open request (shutdown); returns how many. */
  cancelAll(session: IbSession | undefined): number {
    let count = 0;
    for (const feed of this.#feeds) {
      count += feed.requests.size;
      this.#cancel(session, feed);
    }
    this.#feeds.clear();
    return count;
  }

  #request(session: IbSession, feed: Feed, symbol: string): void {
    const reqId = this.#nextReqId();
    feed.requests.set(reqId, symbol);
    this.#byReqId.set(reqId, feed);
    this.#log.debug({ reqId, symbol }, `requesting real-time bars for ${symbol} (request ${reqId})`);
    session.reqRealTimeBars(reqId, stockContract(session.ib, symbol), this.#settings.whatToShow, this.#settings.useRth);
  }

  /** Cancels the feed's requests on the session (if there is one: without a socket they are gone already). */
  #cancel(session: IbSession | undefined, feed: Feed): void {
    for (const reqId of feed.requests.keys()) {
      this.#log.debug({ reqId }, `cancelling real-time bars (request ${reqId})`);
      session?.cancelRealTimeBars(reqId);
    }
    this.#forget(feed);
  }

  #forget(feed: Feed): void {
    for (const reqId of feed.requests.keys()) this.#byReqId.delete(reqId);
    feed.requests.clear();
  }

  #deliver(feed: Feed, bar: Bar): void {
    // One bar at a time, in order: the next waits until the subscriber finished the previous one.
    feed.delivery = feed.delivery
      .then(() => feed.listener(bar))
      .catch((error: unknown) => this.#log.error({ symbol: bar.symbol, err: error instanceof Error ? error.message : String(error) }, `a bar listener failed on ${bar.symbol}`));
  }
}
