/**
 * Plausible metrics for the fixture record of backtest-record.ts: the usual definitions in floating point,
 * good enough for a report or an export to show. The figures Robo reports come from core/backtest, not here.
 */
import type { Metrics, TradeRow } from '../../core/backtest/types.js';
import { Dec, type Decimal } from '../../core/domain/money.js';

const SESSIONS_PER_YEAR = 252;

/** One strategy's account (or the whole run's, or the benchmark's) as the fixture kept it. */
export interface Book {
  readonly starting: Decimal;
  cash: Decimal;
  readonly positions: Map<string, Decimal>;
  /** Equity at each session's close. */
  readonly curve: { readonly date: string; readonly equity: number }[];
  sessionsInMarket: number;
  /** Money bought and sold. */
  traded: Decimal;
  readonly costs: Record<string, Decimal>;
}

export function metricsOf(book: Book, trades: readonly TradeRow[]): Metrics {
  const starting = book.starting.toNumber();
  const ending = book.curve.at(-1)?.equity ?? starting;
  const returns = book.curve.map((point, i) => point.equity / (i === 0 ? starting : book.curve[i - 1]!.equity) - 1);
  const mean = average(returns);
  const volatility = Math.sqrt(average(returns.map((r) => (r - mean) ** 2)) * SESSIONS_PER_YEAR);
  const downside = Math.sqrt(average(returns.map((r) => Math.min(r, 0) ** 2)) * SESSIONS_PER_YEAR);
  const annualized = (ending / starting) ** (SESSIONS_PER_YEAR / Math.max(returns.length, 1)) - 1;
  const drawdown = maxDrawdown(book.curve, starting);
  const closed = trades.filter((t) => !t.open);
  const pnl = closed.map((t) => Number(t.netPnl));
  const wins = pnl.filter((p) => p > 0);
  const losses = pnl.filter((p) => p <= 0);
  const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
  return {
    sessions: book.curve.length,
    startingEquity: starting.toFixed(2),
    endingEquity: ending.toFixed(2),
    netPnl: (ending - starting).toFixed(2),
    totalReturnPercent: ((ending / starting - 1) * 100).toFixed(4),
    annualizedReturnPercent: (annualized * 100).toFixed(4),
    volatilityPercent: (volatility * 100).toFixed(4),
    sharpe: ratio(mean * SESSIONS_PER_YEAR, volatility),
    sortino: ratio(mean * SESSIONS_PER_YEAR, downside),
    calmar: ratio(annualized * 100, Math.abs(Number(drawdown.percent))),
    maxDrawdown: drawdown,
    exposurePercent: ((book.sessionsInMarket / Math.max(book.curve.length, 1)) * 100).toFixed(4),
    turnover: ratio(book.traded.toNumber(), average(book.curve.map((p) => p.equity))) ?? '0',
    trades: closed.length,
    openTrades: trades.length - closed.length,
    winRatePercent: closed.length === 0 ? null : ((wins.length / closed.length) * 100).toFixed(4),
    averageWin: wins.length === 0 ? null : (sum(wins) / wins.length).toFixed(2),
    averageLoss: losses.length === 0 ? null : (sum(losses) / losses.length).toFixed(2),
    profitFactor: ratio(sum(wins), Math.abs(sum(losses))),
    expectancy: closed.length === 0 ? null : (sum(pnl) / closed.length).toFixed(2),
    largestWin: wins.length === 0 ? null : Math.max(...wins).toFixed(2),
    largestLoss: losses.length === 0 ? null : Math.min(...losses).toFixed(2),
    averageHoldingMs: closed.length === 0 ? null : Math.round(sum(closed.map((t) => t.holdingMs)) / closed.length),
    costs: costSection(book.costs),
  };
}

function maxDrawdown(curve: Book['curve'], starting: number): Metrics['maxDrawdown'] {
  let peak = { date: undefined as string | undefined, equity: starting, index: -1 };
  let worst = { amount: 0, percent: 0, start: undefined as string | undefined, trough: undefined as string | undefined, startIndex: -1, troughIndex: -1 };
  curve.forEach((point, index) => {
    if (point.equity >= peak.equity) peak = { date: point.date, equity: point.equity, index };
    const amount = point.equity - peak.equity;
    if (amount < worst.amount) worst = { amount, percent: (amount / peak.equity) * 100, start: peak.date, trough: point.date, startIndex: peak.index, troughIndex: index };
  });
  const peakEquity = worst.startIndex < 0 ? starting : curve[worst.startIndex]!.equity;
  const back = curve.findIndex((point, index) => index > worst.troughIndex && worst.troughIndex >= 0 && point.equity >= peakEquity);
  return {
    // Positive magnitudes, as core/backtest/metrics.ts gives them.
    amount: Math.abs(worst.amount).toFixed(2),
    percent: Math.abs(worst.percent).toFixed(4),
    ...(worst.start === undefined ? {} : { start: worst.start }),
    ...(worst.trough === undefined ? {} : { trough: worst.trough }),
    ...(back < 0 ? {} : { recovery: curve[back]!.date }),
    sessions: worst.troughIndex < 0 ? 0 : (back < 0 ? curve.length - 1 : back) - worst.startIndex,
  };
}

/** Null where there is nothing under it: the record's way of saying a figure has no value. */
function ratio(over: number, under: number): string | null {
  return under === 0 ? null : (over / under).toFixed(4);
}

/** The cost plugin's section as the record carries it: every kind (zero where nothing was charged), then the total. */
function costSection(costs: Readonly<Record<string, Decimal>>): Record<string, string> {
  if (Object.keys(costs).length === 0) return {};
  const kinds = ['commission', 'exchangeFee', 'clearingFee', 'passThroughFee', 'secFee', 'tafFee', 'catFee', 'brokerAdjustment', 'slippage'];
  const section = Object.fromEntries(kinds.map((kind) => [kind, (costs[kind] ?? new Dec(0)).toFixed(2)]));
  const total = Object.values(costs).reduce((sum, amount) => sum.plus(amount), new Dec(0));
  return { ...section, total: total.toFixed(2) };
}

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
