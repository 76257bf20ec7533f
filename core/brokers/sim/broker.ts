/**
 * The embedded simulated broker: behind the same port as Interactive Brokers, it acknowledges after a
 * latency, rejects a seeded share of orders, rests orders and fills them from the bars it replays —
 * in parts when an order is large for a bar's volume — and reports every execution once.
 */
import { ZERO, type Decimal } from '../../domain/money.js';
import type { Bar, Execution } from '../../domain/types.js';
import type { ManualClock } from '../../market/clock.js';
import type { MaybePromise } from '../../host/series.js';
import { realTimers, type TimerHandle, type Timers } from '../../host/timers.js';
import { BrokerRejection, type BarListener, type BrokerListener, type BrokerPort, type BrokerSession, type BrokerSnapshot, type PlaceOrderRequest } from '../port.js';
import type { BarSource } from './data/bar-source.js';
import { SimExchange, type ExchangeEvent } from './exchange.js';
import { loadExchangeCalendar, type ExchangeCalendar } from '../../market/calendar.js';
import { NO_SLIPPAGE, applySlippage, type SlippageOptions } from './slippage.js';
import { seededRandom } from './data/prng.js';

interface BarSubscriber {
  readonly symbols: ReadonlySet<string>;
  readonly listener: BarListener;
}

export const SIM_ACCOUNT = 'SIM000001';

export interface SimBrokerOptions {
  readonly clock: ManualClock;
  readonly latencyMs: number;
  readonly maxShareOfBarVolume: number;
  readonly rejectProbability: number;
  readonly seed: number;
  /** Moves each fill price against the trader; absent, fills are at the market's price. */
  readonly slippage?: SlippageOptions;
  readonly timers?: Timers;
  /** Sessions, for DAY orders, the auctions and regular hours; absent, the NYSE's. */
  readonly calendar?: ExchangeCalendar;
}

export interface ReplayOptions {
  /** Bars per second of wall time (`robo start`); absent, the replay runs as fast as it can (`robo backtest`). */
  readonly barsPerSecond?: number;
  /**
   * Called with each instant's bars before they are delivered, once every earlier instant has been
   * delivered and its subscribers waited for: what a backtest's recorder reads equity at.
   */
  readonly beforeInstant?: (bars: readonly Bar[]) => void;
}

export type ReplayEnd = 'end-of-data' | 'stopped';

/** How many of the latest requests `received` and `requests` keep, at least. */
export const RECENT_LIMIT = 1000;

/** Appends, dropping the oldest half once the list holds twice the limit: bounded, and O(1) a push on average. */
function keepRecent<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length >= 2 * RECENT_LIMIT) list.splice(0, list.length - RECENT_LIMIT);
}

export class SimBroker implements BrokerPort {
  readonly kind = 'sim';
  readonly #options: SimBrokerOptions;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #exchange: SimExchange;
  readonly #barListeners = new Set<BarSubscriber>();
  /** The subscribers as a list, rebuilt when they change: a delivery reads it without copying. */
  #listenerList: readonly BarSubscriber[] = [];
  readonly #pending = new Set<{ handle: TimerHandle; resolve: () => void }>();
  /** Orders placed while replaying as fast as possible are acknowledged at once: latency is wall time. */
  #paced = false;
  #listener: BrokerListener | undefined;
  #connected = false;
  /** What the simulated account holds, for state recovery: signed shares and their cost, by symbol. */
  readonly #positions = new Map<string, { quantity: Decimal; cost: Decimal }>();

  constructor(options: SimBrokerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#random = seededRandom(options.seed, 'sim-broker-rejections');
    this.#exchange = new SimExchange(options.calendar ?? loadExchangeCalendar('XNYS'), options.maxShareOfBarVolume);
  }

  /**
   * The orders the broker received, in order, for tests — the most recent RECENT_LIMIT to 2 × RECENT_LIMIT
   * of them: a long replay must not keep one entry per order.
   */
  readonly received: { orderId: number; orderRef: string; at: number }[] = [];
  /** The requests the broker received — orders, cancels, time and bar requests — with their clock time, so tests can measure the message rate; the most recent ones, as `received`. */
  readonly requests: { kind: 'placeOrder' | 'cancelOrder' | 'currentTime' | 'subscribeBars'; at: number; orderId?: number }[] = [];

  async connect(listener: BrokerListener): Promise<BrokerSession> {
    this.#listener = listener;
    this.#connected = true;
    // A new simulated account on every connect: nothing an earlier run journaled is here.
    return { accounts: [SIM_ACCOUNT], nextValidId: 1, fresh: true };
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.#barListeners.clear();
    this.#listenerList = [];
    for (const p of [...this.#pending]) p.resolve();
  }

  async placeOrder(request: PlaceOrderRequest): Promise<void> {
    this.#assertConnected();
    keepRecent(this.received, { orderId: request.orderId, orderRef: request.orderRef, at: this.#options.clock.nowMs() });
    keepRecent(this.requests, { kind: 'placeOrder', at: this.#options.clock.nowMs(), orderId: request.orderId });
    if (this.#paced && this.#options.latencyMs > 0) await this.#delay(this.#options.latencyMs);
    this.#assertConnected();
    if (this.#options.rejectProbability > 0 && this.#random() < this.#options.rejectProbability) {
      const reason = 'the simulated broker rejected the order (configured rejectProbability)';
      this.#emit({ type: 'status', orderId: request.orderId, status: 'rejected', reason });
      throw new BrokerRejection(reason);
    }
    const refusal = this.#exchange.place(request, this.#options.clock.nowMs());
    if (refusal !== undefined) {
      this.#emit({ type: 'status', orderId: request.orderId, status: 'rejected', reason: refusal });
      throw new BrokerRejection(refusal);
    }
    this.#emit({ type: 'status', orderId: request.orderId, status: 'submitted' });
  }

  async modifyOrder(request: PlaceOrderRequest): Promise<void> {
    this.#assertConnected();
    keepRecent(this.requests, { kind: 'placeOrder', at: this.#options.clock.nowMs(), orderId: request.orderId });
    if (this.#paced && this.#options.latencyMs > 0) await this.#delay(this.#options.latencyMs);
    this.#assertConnected();
    const refusal = this.#exchange.modify(request.orderId, request.intent);
    if (refusal !== undefined) throw new BrokerRejection(`the simulated broker refused the modify: ${refusal}`);
  }

  async cancelOrder(orderId: number): Promise<void> {
    this.#assertConnected();
    keepRecent(this.requests, { kind: 'cancelOrder', at: this.#options.clock.nowMs(), orderId });
    this.#report(this.#exchange.cancel(orderId, 'cancelled on request'), undefined);
  }

  async currentTime(): Promise<number> {
    this.#assertConnected();
    keepRecent(this.requests, { kind: 'currentTime', at: this.#options.clock.nowMs() });
    return this.#options.clock.nowMs();
  }

  async subscribeBars(symbols: readonly string[], listener: BarListener): Promise<() => Promise<void>> {
    this.#assertConnected();
    keepRecent(this.requests, { kind: 'subscribeBars', at: this.#options.clock.nowMs() });
    const entry = { symbols: new Set(symbols), listener };
    this.#barListeners.add(entry);
    this.#listenerList = [...this.#barListeners];
    return async () => {
      this.#barListeners.delete(entry);
      this.#listenerList = [...this.#barListeners];
    };
  }

  /** Everything is live here, so recovery only needs the resting orders and the positions. */
  async reconcile(): Promise<BrokerSnapshot> {
    this.#assertConnected();
    return {
      openOrders: this.#exchange.working().map((o) => ({ orderId: o.orderId, orderRef: o.orderRef, symbol: o.intent.symbol, side: o.intent.side, quantity: o.intent.quantity, filled: o.filled, status: o.parent !== undefined && o.parent.filled.isZero() ? 'PreSubmitted' : 'Submitted' })),
      events: [],
      positions: [...this.#positions].filter(([, p]) => !p.quantity.isZero()).map(([symbol, p]) => ({ symbol, quantity: p.quantity, averageCost: p.cost.div(p.quantity).abs() })),
    };
  }

  /** A simulated link cannot die; dropping it announces the loss and an immediate return, as a real reconnect would. */
  dropLink(reason: string): void {
    if (!this.#connected) return;
    this.#emit({ type: 'disconnected', reason });
    this.#emit({ type: 'reconnected', reason: 'the simulated broker is back at once', accounts: [SIM_ACCOUNT], nextValidId: 1 });
  }

  /**
   * Replays the bars: for each instant, first the resting orders trade against the bars that open then,
   * then the clock moves to the bars' close and subscribers see them. Stops at the end of the data,
   * when `signal` aborts, or when the broker is disconnected.
   */
  async replay(source: BarSource, options: ReplayOptions, signal: AbortSignal): Promise<ReplayEnd> {
    this.#paced = options.barsPerSecond !== undefined;
    const gapMs = options.barsPerSecond === undefined ? 0 : 1000 / options.barsPerSecond;
    const group: Bar[] = [];
    const before = options.beforeInstant;
    // Bars come in batches and a delivery returns a promise only when a subscriber has to be waited
    // for, so a replay awaits once per batch and per trade rather than once per bar.
    for await (const batch of source.batches()) {
      for (const bar of batch) {
        if (signal.aborted || !this.#connected) return 'stopped';
        if (group.length > 0 && group[0]!.time !== bar.time) {
          before?.(group);
          const delivering = this.#deliver(group);
          if (delivering !== undefined) await delivering;
          group.length = 0; // delivered in full (waited for above): the array is free for the next instant
          if (gapMs > 0) await this.#delay(gapMs, signal);
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the state may have changed during the await above
          if (signal.aborted || !this.#connected) return 'stopped';
        }
        group.push(bar);
      }
    }
    if (group.length > 0 && !signal.aborted && this.#connected) {
      before?.(group);
      await this.#deliver(group);
    }
    return signal.aborted || !this.#connected ? 'stopped' : 'end-of-data';
  }

  /** Fills resting orders at the bars' open, moves the clock to their close, then hands each bar to its subscribers, in order. */
  #deliver(bars: readonly Bar[]): MaybePromise {
    const first = bars[0]!;
    const clock = this.#options.clock;
    if (first.time > clock.nowMs()) clock.set(first.time);
    const exchange = this.#exchange;
    // Most instants meet no working order: then the exchange is told nothing but which bars were last.
    const working = exchange.working().length > 0;
    if (working) {
      this.#report(exchange.expire(clock.nowMs()), undefined);
      for (const bar of bars) {
        const events = exchange.onBar(bar);
        if (events.length > 0) this.#report(events, bar);
      }
    }
    exchange.observe(bars);
    clock.set(Math.max(clock.nowMs(), first.time + first.durationMs));
    if (working) this.#report(exchange.expire(clock.nowMs()), undefined);
    return this.#notify(bars, 0);
  }

  /**
   * Hands bars[from..] to their subscribers in order (starting at subscriber `next` for the first of
   * them), waiting only for a subscriber that returns a promise. A plain loop: it runs for every bar.
   */
  #notify(bars: readonly Bar[], from: number, next = 0, listeners = this.#listenerList): MaybePromise {
    for (let b = from; b < bars.length; b++) {
      for (let l = b === from ? next : 0; l < listeners.length; l++) {
        const pending = this.#offer(listeners[l]!, bars[b]!);
        if (pending !== undefined) return pending.then(() => this.#notify(bars, b, l + 1, listeners));
      }
    }
    return undefined;
  }

  #offer(subscriber: BarSubscriber, bar: Bar): MaybePromise {
    return subscriber.symbols.has(bar.symbol) ? subscriber.listener(bar) : undefined;
  }

  /** Tells the host what the exchange did, in order: each fill as an execution (with slippage), each cancel as a status. */
  #report(events: readonly ExchangeEvent[], bar: Bar | undefined): void {
    for (const event of events) {
      const order = event.order;
      if (event.kind === 'cancelled' || bar === undefined) {
        this.#emit({ type: 'status', orderId: order.orderId, status: 'cancelled', reason: event.kind === 'cancelled' ? event.reason : 'cancelled' });
        continue;
      }
      const slippage = this.#options.slippage ?? NO_SLIPPAGE;
      const slipped = applySlippage(slippage, order.intent, event.price, event.quantity, bar);
      const execution: Execution = {
        execId: `sim-${order.orderId}-${event.number}.01`,
        orderId: order.orderId,
        symbol: order.intent.symbol,
        side: order.intent.side,
        quantity: event.quantity,
        price: slipped.price,
        time: bar.time,
        // The per-share slippage travels with the execution so costs can be attributed to it.
        ...(slippage.model === 'none' ? {} : { slippage: slipped.slippage }),
      };
      this.#book(execution);
      this.#emit({ type: 'execution', execution });
    }
  }

  #book(execution: Execution): void {
    const held = this.#positions.get(execution.symbol) ?? { quantity: ZERO, cost: ZERO };
    const signed = execution.side === 'BUY' ? execution.quantity : execution.quantity.neg();
    const quantity = held.quantity.plus(signed);
    // Average cost of what is held: blended while adding, kept while reducing, reset when crossing zero.
    const adding = held.quantity.isZero() || held.quantity.isNeg() === signed.isNeg();
    const cost = quantity.isZero() ? ZERO
      : adding ? held.cost.plus(signed.times(execution.price))
      : quantity.isNeg() === held.quantity.isNeg() ? held.cost.times(quantity).div(held.quantity)
      : quantity.times(execution.price);
    this.#positions.set(execution.symbol, { quantity, cost });
  }

  /** Waits `ms` of wall time; a disconnect or an abort ends the wait at once, so stopping is never slow. */
  #delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = { handle: undefined as unknown as TimerHandle, resolve: () => {} };
      const done = (): void => {
        this.#timers.clearTimeout(entry.handle);
        this.#pending.delete(entry);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      entry.resolve = done;
      entry.handle = this.#timers.setTimeout(done, ms);
      this.#pending.add(entry);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  #emit(event: Parameters<BrokerListener>[0]): void {
    this.#listener?.(event);
  }

  #assertConnected(): void {
    if (!this.#connected) throw new BrokerRejection('the simulated broker is not connected');
  }
}
