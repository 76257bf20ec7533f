/**
 * What the page's charts draw, as the JSON island the browser script reads: times in epoch seconds (uPlot's
 * unit), values as plain numbers (a chart has no use for a cent's exactness), trades as entry and exit points.
 */
import type { BacktestRecord, TradeRow } from '../backtest/types.js';
import { drawdownSeries } from './drawdown.js';
import { money, nyTime, percent } from './format.js';

export interface ChartData {
  readonly equity: {
    readonly time: readonly number[];
    readonly strategy: readonly number[];
    readonly benchmark: readonly number[];
    /** Percent below the highest equity so far: zero or negative. */
    readonly strategyDrawdown: readonly number[];
    readonly benchmarkDrawdown: readonly number[];
  };
  readonly prices: readonly SymbolChart[];
}

export interface SymbolChart {
  readonly symbol: string;
  /** The element the chart is drawn into. */
  readonly id: string;
  readonly time: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly trades: readonly TradeMark[];
}

export interface TradeMark {
  readonly strategyId: string;
  readonly direction: 'long' | 'short';
  /** [time in seconds, price]. */
  readonly entry: readonly [number, number];
  /** Absent while the trade is open. */
  readonly exit?: readonly [number, number];
  readonly netPnl: number;
  /** What the chart shows on hovering its marks, lines apart: the trade, its entry, its exit, its result. */
  readonly label: string;
}

const seconds = (ms: number): number => Math.round(ms / 1000);

export function chartData(record: BacktestRecord): ChartData {
  const starting = record.metrics.overall.startingEquity;
  const benchmarkStart = record.metrics.benchmark.startingEquity;
  const time = record.sessions.map((s) => seconds(s.time));
  return {
    equity: {
      time,
      strategy: record.sessions.map((s) => Number(s.equity)),
      benchmark: record.sessions.map((s) => Number(s.benchmark)),
      strategyDrawdown: drawdownSeries(record.sessions, starting).map((p) => Number(p.percent)),
      benchmarkDrawdown: drawdownSeries(record.sessions.map((s) => ({ time: s.time, equity: s.benchmark })), benchmarkStart).map((p) => Number(p.percent)),
    },
    prices: Object.entries(record.prices).map(([symbol, bars], index) => ({
      symbol,
      id: priceChartId(index),
      time: bars.map((b) => seconds(b.time)),
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
      trades: record.trades.filter((t) => t.symbol === symbol).map((t) => ({
        strategyId: t.strategyId,
        direction: t.direction,
        entry: [seconds(t.entryTime), Number(t.entryPrice)] as const,
        ...(t.exitTime === undefined || t.exitPrice === undefined ? {} : { exit: [seconds(t.exitTime), Number(t.exitPrice)] as const }),
        netPnl: Number(t.netPnl),
        label: tradeLabel(t),
      })),
    })),
  };
}

/** By position, not by symbol: a symbol may hold characters an id or a selector would trip on. */
export function priceChartId(index: number): string {
  return `chart-price-${index}`;
}

function tradeLabel(t: TradeRow): string {
  const exit = t.open || t.exitTime === undefined ? 'still open' : `exit ${nyTime(t.exitTime)} at ${money(t.exitPrice ?? '')}`;
  return [
    `${t.direction === 'long' ? 'Long' : 'Short'} ${t.quantity} ${t.symbol} · ${t.strategyId}`,
    `entry ${nyTime(t.entryTime)} at ${money(t.entryPrice)}`,
    exit,
    `net ${money(t.netPnl, { signed: true })} (${percent(t.returnPercent, { signed: true })})`,
  ].join('\n');
}
