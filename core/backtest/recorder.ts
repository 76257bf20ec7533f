/**
 * Watches a backtest as it replays and keeps what the analysis needs: equity at every session close (and,
 * when exports or a report are asked for, at every instant), each fill with the fees charged for it, who
 * held what at every instant (exposure), every symbol's session prices, and the buy-and-hold benchmark.
 *
 * Equity is read before an instant's bars are delivered (SimBroker `beforeInstant`): every earlier instant
 * has then been traded and booked, and the next one's fills have not happened yet — so a session's close
 * is the books as they stood at its last bar, never with the next morning's fills in them.
 */
import { decimalFromNumber, ZERO, type Decimal } from '../domain/money.js';
import type { Bar, Side } from '../domain/types.js';
import type { Host } from '../host/host.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Fill, OrderOutcome } from '../host/events.js';
import type { Order } from '../domain/order.js';
import type { OrderIntent, Veto } from '../domain/types.js';
import { STAGE } from '../host/hooks.js';
import { Attribution } from './attribution.js';
import { ExposureClock } from './exposure.js';
import { TradeBook, type Trade } from './trades.js';
import type { BarEquity } from './types.js';
import type { Exposure } from './exposure.js';

const AFTER_ACCOUNTING = STAGE.ACCOUNTING + 1;

export interface RecordedSession {
  readonly date: string;
  /** The session's last instant (bar time). */
  readonly time: number;
  readonly equity: Decimal;
  readonly benchmark: Decimal;
  /** Net P&L so far per strategy and per symbol at that close. */
  readonly byStrategy: ReadonlyMap<string, Decimal>;
  readonly bySymbol: ReadonlyMap<string, Decimal>;
}

export interface RecordedFill {
  readonly execId: string;
  readonly orderId: number;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly time: number;
  readonly fees: Decimal;
  readonly slippage: Decimal;
}

/** The value of the fills (quantity × price) and the fees and slippage they paid. */
export interface Flow {
  traded: Decimal;
  fees: Decimal;
  slippage: Decimal;
}

export interface SessionPrice {
  readonly date: string;
  readonly time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface RecordedRun {
  readonly startingCash: Decimal;
  readonly symbols: readonly string[];
  readonly strategies: readonly string[];
  readonly sessions: readonly RecordedSession[];
  /** Empty unless asked for (`details`). */
  readonly equity: readonly BarEquity[];
  /** The round trips, the open ones marked at the last close. */
  readonly trades: readonly Trade[];
  /** What was traded and what it cost: for the account, each strategy and each symbol. */
  readonly flows: { readonly overall: Flow; readonly byStrategy: ReadonlyMap<string, Flow>; readonly bySymbol: ReadonlyMap<string, Flow> };
  /** Every order as it ended, and every intent a guard vetoed, in the order they came; empty unless asked for (`details`). */
  readonly orders: readonly RecordedOrder[];
  /** Empty unless asked for (`details`). */
  readonly fills: readonly RecordedFill[];
  /** Each symbol's session OHLC; empty unless asked for (`details`). */
  readonly prices: ReadonlyMap<string, readonly SessionPrice[]>;
  readonly exposure: Exposure;
  /** The time of the last instant replayed; undefined when no bar came. */
  readonly lastTime: number | undefined;
}

export type RecordedOrder =
  | { readonly kind: 'order'; readonly order: Order }
  | { readonly kind: 'vetoed'; readonly intent: OrderIntent; readonly veto: Veto; readonly at: number };

export interface RecorderOptions {
  readonly startingCash: Decimal;
  /** The strategies' symbols: the benchmark holds them in equal parts. */
  readonly symbols: readonly string[];
  readonly strategies: readonly string[];
  /** Equity at every instant and every order, for the exports and the report; off, only what the metrics need. */
  readonly details: boolean;
}

export class BacktestRecorder {
  readonly #host: Host;
  readonly #options: RecorderOptions;
  readonly #calendar: ExchangeCalendar;
  /** Told when a strategy, a symbol or the account starts or stops holding something; counts instants held in between. */
  readonly #exposure = new ExposureClock(() => this.#instants);
  readonly #attribution = new Attribution((key, holding) => this.#exposure.change(key, holding));
  readonly #sessions: RecordedSession[] = [];
  readonly #equity: BarEquity[] = [];
  readonly #fills: RecordedFill[] = [];
  readonly #trades = new TradeBook();
  readonly #flows = { overall: emptyFlow(), byStrategy: new Map<string, Flow>(), bySymbol: new Map<string, Flow>() };
  readonly #orders: RecordedOrder[] = [];
  /** Where each order sits in #orders: its latest state replaces the one before. */
  readonly #orderAt = new Map<number, number>();
  readonly #prices = new Map<string, SessionPrice[]>();
  /** Last closes as numbers: made Decimal only when valued, at a session's close, never per bar. */
  readonly #closes = new Map<string, number>();
  /** The benchmark's shares per symbol, bought at the symbol's first close with an equal part of the starting cash. */
  readonly #benchmarkShares = new Map<string, Decimal>();
  readonly #benchmarkSlice: Decimal;
  #lastTime: number | undefined;
  #lastDate: string | undefined;
  #costsBooked: Decimal = ZERO;
  #instants = 0;

  constructor(host: Host, options: RecorderOptions) {
    this.#host = host;
    this.#options = options;
    this.#calendar = host.calendar;
    this.#benchmarkSlice = options.symbols.length === 0 ? ZERO : options.startingCash.div(options.symbols.length);
    // After every other tap, the cost plugin's (stage ACCOUNTING) included: the costs it charged for this fill are booked.
    host.hooks.afterFill.tap({ name: 'backtest-recorder', stage: AFTER_ACCOUNTING }, (fill) => { this.#onFill(fill); });
    if (options.details) {
      host.hooks.afterOrder.tap('backtest-recorder', (outcome) => { this.#onOrder(outcome); });
      host.hooks.orderUpdate.tap('backtest-recorder', ({ order }) => { this.#keep(order); });
    }
  }

  /** For SimBroker.replay's `beforeInstant`: closes the instant before these bars, then takes their prices. */
  readonly beforeInstant = (bars: readonly Bar[]): void => {
    const time = bars[0]!.time;
    const date = this.#calendar.tradeDateOf(time);
    if (this.#lastTime !== undefined && this.#lastDate !== undefined) this.#closeInstant(this.#lastTime, this.#lastDate, date !== this.#lastDate);
    for (const bar of bars) this.#takePrice(bar, date);
    this.#lastTime = time;
    this.#lastDate = date;
  };

  /** After the run: closes the last instant and session, and hands over everything recorded. */
  finish(): RecordedRun {
    if (this.#lastTime !== undefined && this.#lastDate !== undefined) {
      this.#closeInstant(this.#lastTime, this.#lastDate, true);
      this.#lastTime = undefined;
    }
    const { startingCash, symbols, strategies } = this.#options;
    return {
      startingCash,
      symbols,
      strategies,
      sessions: this.#sessions,
      equity: this.#equity,
      orders: this.#orders,
      fills: this.#fills,
      trades: this.#trades.finish((symbol) => this.#close(symbol), this.#sessions.at(-1)?.time ?? 0),
      flows: this.#flows,
      prices: this.#prices,
      exposure: this.#exposure.totals(this.#instants),
      lastTime: this.#sessions.at(-1)?.time,
    };
  }

  #onOrder(outcome: OrderOutcome): void {
    if (outcome.kind === 'vetoed') this.#orders.push({ kind: 'vetoed', intent: outcome.intent, veto: outcome.veto, at: this.#host.clock.nowMs() });
    else this.#keep(outcome.order);
  }

  #keep(order: Order): void {
    const at = this.#orderAt.get(order.id);
    if (at === undefined) {
      this.#orderAt.set(order.id, this.#orders.length);
      this.#orders.push({ kind: 'order', order });
    } else {
      this.#orders[at] = { kind: 'order', order };
    }
  }

  #onFill(fill: Fill): void {
    if (this.#options.details) this.#keep(fill.order);
    const { execution } = fill;
    const costs = this.#host.portfolio.costs;
    const fees = costs.minus(this.#costsBooked);
    this.#costsBooked = costs;
    const signed = execution.side === 'BUY' ? execution.quantity : execution.quantity.neg();
    this.#attribution.applyFill(fill.strategyId, execution.symbol, signed, execution.price, fees);
    const recorded: RecordedFill = {
      execId: execution.execId,
      orderId: execution.orderId,
      strategyId: fill.strategyId,
      symbol: execution.symbol,
      side: execution.side,
      quantity: execution.quantity,
      price: execution.price,
      time: execution.time,
      fees,
      slippage: execution.slippage === undefined ? ZERO : execution.slippage.times(execution.quantity),
    };
    this.#trades.add(recorded);
    for (const flow of [this.#flows.overall, flowOf(this.#flows.byStrategy, fill.strategyId), flowOf(this.#flows.bySymbol, execution.symbol)]) {
      flow.traded = flow.traded.plus(execution.quantity.times(execution.price));
      flow.fees = flow.fees.plus(fees);
      flow.slippage = flow.slippage.plus(recorded.slippage);
    }
    if (this.#options.details) this.#fills.push(recorded);
  }

  #takePrice(bar: Bar, date: string): void {
    this.#closes.set(bar.symbol, bar.close);
    if (!this.#benchmarkShares.has(bar.symbol) && bar.close > 0 && this.#options.symbols.includes(bar.symbol)) {
      this.#benchmarkShares.set(bar.symbol, this.#benchmarkSlice.div(decimalFromNumber(bar.close)));
    }
    if (!this.#options.details) return;
    let days = this.#prices.get(bar.symbol);
    if (days === undefined) {
      days = [];
      this.#prices.set(bar.symbol, days);
    }
    const today = days.at(-1);
    if (today?.date !== date) {
      days.push({ date, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
      return;
    }
    if (bar.high > today.high) today.high = bar.high;
    if (bar.low < today.low) today.low = bar.low;
    today.close = bar.close;
  }

  #closeInstant(time: number, date: string, sessionEnds: boolean): void {
    this.#instants++;
    const needEquity = this.#options.details || sessionEnds;
    if (!needEquity) return;
    const equity = this.#host.portfolio.equity();
    if (this.#options.details) this.#equity.push({ time, equity: equity.toFixed(2) });
    if (!sessionEnds) return;
    const pnl = this.#attribution.pnl((symbol) => this.#close(symbol));
    this.#sessions.push({ date, time, equity, benchmark: this.#benchmark(), byStrategy: pnl.byStrategy, bySymbol: pnl.bySymbol });
  }

  #close(symbol: string): Decimal | undefined {
    const close = this.#closes.get(symbol);
    return close === undefined ? undefined : decimalFromNumber(close);
  }

  /** The benchmark's equity now: the shares bought at each symbol's first close, and the slices of symbols not yet traded as cash. */
  #benchmark(): Decimal {
    let total = ZERO;
    for (const symbol of this.#options.symbols) {
      const shares = this.#benchmarkShares.get(symbol);
      const close = this.#close(symbol);
      total = total.plus(shares === undefined || close === undefined ? this.#benchmarkSlice : shares.times(close));
    }
    return this.#options.symbols.length === 0 ? this.#options.startingCash : total;
  }
}

function emptyFlow(): Flow {
  return { traded: ZERO, fees: ZERO, slippage: ZERO };
}

function flowOf(flows: Map<string, Flow>, key: string): Flow {
  let flow = flows.get(key);
  if (flow === undefined) {
    flow = emptyFlow();
    flows.set(key, flow);
  }
  return flow;
}
