/**
 * A realistic BacktestRecord without running a backtest: two symbols on a seeded random walk over
 * weekday sessions, a long-only strategy on one and a long-and-short one on the other, every fill
 * charged commission, SEC and TAF fees and a cent of slippage, the last trade left open. The same
 * options give the same record, to the byte, so reports and exports built from it can be compared.
 */
import { DateTime } from 'luxon';
import type { BacktestRecord, BarEquity, FillRow, OrderRow, SessionEquity, TradeRow } from '../../core/backtest/types.js';
import { Dec, dec, ZERO, type Decimal } from '../../core/domain/money.js';
import { metricsOf, type Book } from './backtest-metrics.js';

export interface RecordOptions {
  /** Weekday sessions, from `from`. */
  readonly sessions?: number;
  readonly seed?: number;
  /** The first session, yyyy-MM-dd (a weekday). */
  readonly from?: string;
  readonly startingCash?: string;
}

const ZONE = 'America/New_York';
const ROUND_UP = Dec.ROUND_UP;

interface Plan {
  readonly strategyId: string;
  readonly symbol: string;
  readonly start: number;
  /** Per session, as a fraction. */
  readonly drift: number;
  readonly volatility: number;
  readonly shorts: boolean;
}

/** One strategy per symbol, so by strategy and by symbol differ only in their keys. */
const PLAN: readonly Plan[] = [
  { strategyId: 'sma-trend', symbol: 'SPY', start: 412.5, drift: 0.0002, volatility: 0.010, shorts: false },
  { strategyId: 'rsi-reversion', symbol: 'QQQ', start: 301.2, drift: 0.0005, volatility: 0.016, shorts: true },
];

export const SAMPLE_CONFIG_TEXT = `# yaml-language-server: $schema=./robo.schema.json
account: { startingCash: 100000 }
broker: { kind: sim }
data: { source: csv, path: data/bars }
strategies:
  - id: sma-trend
    kind: ma-crossover
    symbols: [SPY]
    params: { fast: 20, slow: 50 }
  - id: rsi-reversion   # buys < 30, sells > 70 — and "</script><!-- in a comment" must not end the page's script
    kind: rules
    symbols: [QQQ]
`;

export function sampleBacktestRecord(options: RecordOptions = {}): BacktestRecord {
  const count = options.sessions ?? 500;
  const random = mulberry32(options.seed ?? 20);
  const startingCash = dec(options.startingCash ?? '100000');
  const days = weekdays(options.from ?? '2023-01-03', count);
  const share = startingCash.div(PLAN.length);
  const books = PLAN.map((plan) => ({ ...plan, book: newBook(share), last: plan.start, open: undefined as OpenTrade | undefined }));
  const log: Log = { orders: [], fills: [], trades: [] };
  const sessions: SessionEquity[] = [];
  const equity: BarEquity[] = [];
  const prices: Record<string, { date: string; time: number; open: number; high: number; low: number; close: number }[]> = {};
  const benchmarkShares: number[] = [];

  days.forEach((day, index) => {
    const openTime = day.set({ hour: 9, minute: 30 }).toMillis();
    const closeTime = day.set({ hour: 15, minute: 59 }).toMillis();
    const date = day.toFormat('yyyy-MM-dd');
    for (const strategy of books) {
      const bar = nextBar(strategy.last, strategy.drift, strategy.volatility, random);
      strategy.last = bar.close;
      (prices[strategy.symbol] ??= []).push({ date, time: closeTime, ...bar });
      // Out at the close of the session its hold ends; in at an open, with a session or more left to hold.
      if (strategy.open !== undefined && index >= strategy.open.exitIndex) {
        closeTrade(strategy, strategy.open, bar.close, closeTime, log);
        strategy.open = undefined;
      } else if (strategy.open === undefined && index < count - 1 && random() < 0.09) {
        const direction = strategy.shorts && random() < 0.45 ? 'short' : 'long';
        const quantity = share.times('0.9').div(bar.open).floor();
        strategy.open = openTrade(strategy, direction, quantity, bar.open, openTime, index + 2 + Math.floor(random() * 12), log);
      }
      if (strategy.open !== undefined) strategy.book.sessionsInMarket++;
    }
    const value = (at: 'open' | 'close'): Decimal => books.reduce((sum, s) => sum.plus(valueOf(s.book, cents(at === 'close' ? s.last : prices[s.symbol]!.at(-1)!.open))), ZERO);
    if (index === 0) books.forEach((s) => benchmarkShares.push(share.toNumber() / s.last));
    const benchmark = books.reduce((sum, s, i) => sum + benchmarkShares[i]! * s.last, 0);
    equity.push({ time: openTime, equity: value('open').toFixed(2) }, { time: closeTime, equity: value('close').toFixed(2) });
    sessions.push({ date, time: closeTime, equity: value('close').toFixed(2), benchmark: benchmark.toFixed(2) });
    for (const s of books) s.book.curve.push({ date, equity: valueOf(s.book, cents(s.last)).toNumber() });
  });
  for (const strategy of books) if (strategy.open !== undefined) log.trades.push(markedOpen(strategy.open, strategy.last, sessions.at(-1)!.time));

  const byStrategy = Object.fromEntries(books.map((s) => [s.strategyId, metricsOf(s.book, log.trades.filter((t) => t.strategyId === s.strategyId))]));
  const total: Book = { starting: startingCash, cash: ZERO, positions: new Map(), curve: sessions.map((s) => ({ date: s.date, equity: Number(s.equity) })), sessionsInMarket: Math.max(...books.map((s) => s.book.sessionsInMarket)), traded: books.reduce((sum, s) => sum.plus(s.book.traded), ZERO), costs: sumCosts(books.map((s) => s.book.costs)) };
  const benchmarkBook: Book = { ...newBook(startingCash), curve: sessions.map((s) => ({ date: s.date, equity: Number(s.benchmark) })), sessionsInMarket: count };
  return {
    config: { file: 'robo.config.yaml', text: SAMPLE_CONFIG_TEXT },
    riskFreeRatePercent: '0',
    metrics: {
      overall: metricsOf(total, log.trades),
      byStrategy,
      bySymbol: Object.fromEntries(books.map((s) => [s.symbol, byStrategy[s.strategyId]!])),
      benchmark: metricsOf(benchmarkBook, []),
    },
    sessions,
    equity,
    prices,
    orders: log.orders,
    fills: log.fills,
    trades: log.trades.sort((a, b) => a.entryTime - b.entryTime),
  };
}

interface OpenTrade {
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  readonly quantity: Decimal;
  readonly entryPrice: Decimal;
  readonly entryTime: number;
  readonly exitIndex: number;
  readonly entryFees: Decimal;
}

interface Log {
  readonly orders: OrderRow[];
  readonly fills: FillRow[];
  readonly trades: TradeRow[];
}

type Strategy = Plan & { readonly book: Book };

function openTrade(strategy: Strategy, direction: 'long' | 'short', quantity: Decimal, price: number, time: number, exitIndex: number, log: Log): OpenTrade {
  const fill = book(strategy, direction === 'long' ? 'BUY' : 'SELL', quantity, price, time, log);
  return { strategyId: strategy.strategyId, symbol: strategy.symbol, direction, quantity, entryPrice: fill.price, entryTime: time, exitIndex, entryFees: fill.fees };
}

function closeTrade(strategy: Strategy, trade: OpenTrade, price: number, time: number, log: Log): void {
  const fill = book(strategy, trade.direction === 'long' ? 'SELL' : 'BUY', trade.quantity, price, time, log);
  log.trades.push(tradeRow(trade, fill.price, time, trade.entryFees.plus(fill.fees), false));
}

function markedOpen(trade: OpenTrade, last: number, time: number): TradeRow {
  return tradeRow(trade, cents(last), time, trade.entryFees, true);
}

function tradeRow(trade: OpenTrade, exitPrice: Decimal, exitTime: number, fees: Decimal, open: boolean): TradeRow {
  const sign = trade.direction === 'long' ? 1 : -1;
  const gross = exitPrice.minus(trade.entryPrice).times(trade.quantity).times(sign);
  const net = gross.minus(fees);
  return {
    strategyId: trade.strategyId,
    symbol: trade.symbol,
    direction: trade.direction,
    quantity: trade.quantity.toString(),
    entryTime: trade.entryTime,
    entryPrice: trade.entryPrice.toFixed(2),
    ...(open ? {} : { exitTime, exitPrice: exitPrice.toFixed(2) }),
    grossPnl: gross.toFixed(2),
    fees: fees.toFixed(2),
    netPnl: net.toFixed(2),
    returnPercent: net.div(trade.entryPrice.times(trade.quantity)).times(100).toFixed(4),
    holdingMs: exitTime - trade.entryTime,
    open,
  };
}

/** One market order filled whole at the price a cent worse, charged IBKR-fixed-like commission and the sell-side fees. */
function book(strategy: Strategy, side: 'BUY' | 'SELL', quantity: Decimal, market: number, time: number, log: Log): { price: Decimal; fees: Decimal } {
  const id = log.orders.length + 1;
  const slip = dec('0.01');
  const price = side === 'BUY' ? cents(market).plus(slip) : cents(market).minus(slip);
  const notional = price.times(quantity);
  const commission = atLeast(quantity.times('0.005'), dec('1')).toDecimalPlaces(2);
  // Regulatory fees are charged on sales only, rounded up to the cent.
  const secFee = side === 'SELL' ? notional.times('0.0000278').toDecimalPlaces(2, ROUND_UP) : ZERO;
  const tafFee = side === 'SELL' ? atLeast(quantity.times('0.000166'), dec('0.01')).toDecimalPlaces(2, ROUND_UP) : ZERO;
  const fees = commission.plus(secFee).plus(tafFee);
  for (const [kind, amount] of [['commission', commission], ['secFee', secFee], ['tafFee', tafFee], ['slippage', slip.times(quantity)]] as const) {
    strategy.book.costs[kind] = (strategy.book.costs[kind] ?? ZERO).plus(amount);
  }
  const held = strategy.book.positions.get(strategy.symbol) ?? ZERO;
  strategy.book.positions.set(strategy.symbol, side === 'BUY' ? held.plus(quantity) : held.minus(quantity));
  strategy.book.cash = side === 'BUY' ? strategy.book.cash.minus(notional).minus(fees) : strategy.book.cash.plus(notional).minus(fees);
  strategy.book.traded = strategy.book.traded.plus(notional);
  const common = { strategyId: strategy.strategyId, symbol: strategy.symbol, side, quantity: quantity.toString() };
  log.orders.push({ id, ...common, type: 'MKT', tif: 'DAY', createdAt: time, state: 'filled', filledQuantity: quantity.toString(), averagePrice: price.toFixed(2) });
  log.fills.push({ execId: `0000e1a2.${String(id).padStart(4, '0')}.01`, orderId: id, ...common, price: price.toFixed(2), time, fees: fees.toFixed(2), slippage: slip.times(quantity).toFixed(2) });
  return { price, fees };
}

function atLeast(value: Decimal, floor: Decimal): Decimal {
  return value.lt(floor) ? floor : value;
}

function newBook(starting: Decimal): Book {
  return { starting, cash: starting, positions: new Map(), curve: [], sessionsInMarket: 0, traded: ZERO, costs: {} };
}

function valueOf(book: Book, price: Decimal): Decimal {
  return [...book.positions.values()].reduce((sum, quantity) => sum.plus(quantity.times(price)), book.cash);
}

function sumCosts(all: readonly Record<string, Decimal>[]): Record<string, Decimal> {
  const out: Record<string, Decimal> = {};
  for (const costs of all) for (const [kind, amount] of Object.entries(costs)) out[kind] = (out[kind] ?? ZERO).plus(amount);
  return out;
}

function cents(price: number): Decimal {
  return dec(price.toFixed(2));
}

/** A session's bar from the last close: a small gap, a drift with noise, wicks beyond both. */
function nextBar(last: number, drift: number, volatility: number, random: () => number): { open: number; high: number; low: number; close: number } {
  const open = round(last * (1 + gaussian(random) * volatility * 0.3));
  const close = round(open * (1 + drift + gaussian(random) * volatility));
  const high = round(Math.max(open, close) * (1 + Math.abs(gaussian(random)) * volatility * 0.4));
  const low = round(Math.min(open, close) * (1 - Math.abs(gaussian(random)) * volatility * 0.4));
  return { open, high, low, close };
}

function round(price: number): number {
  return Math.round(price * 100) / 100;
}

function weekdays(from: string, count: number): DateTime[] {
  const days: DateTime[] = [];
  for (let day = DateTime.fromISO(from, { zone: ZONE }); days.length < count; day = day.plus({ days: 1 })) {
    if (day.weekday <= 5) days.push(day);
  }
  return days;
}

/** Box–Muller over the seeded generator. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A small seeded generator (public domain): the same seed, the same walk on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
