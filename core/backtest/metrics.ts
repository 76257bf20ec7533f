/**
 * The metrics of one equity curve and its trades, as docs/metrics.md defines them: daily returns from
 * New York session-close equity, 252 sessions a year, the risk-free rate spread evenly over them.
 * Amounts (P&L, drawdown, trade figures) are worked in Decimal, exact to the cent; the statistics of
 * returns (volatility, Sharpe, Sortino, annualised return) are estimates, worked in doubles — 16 digits
 * where 4 are printed, and a sweep computes them thousands of times. All are printed as decimal strings:
 * money to the cent, percents and ratios to 4 places.
 */
import { Dec, decimalFromNumber, ONE, ZERO, type Decimal } from '../domain/money.js';
import type { Trade } from './trades.js';
import type { Drawdown, Metrics } from './types.js';

export const SESSIONS_PER_YEAR = 252;

export interface CurveInput {
  readonly startingEquity: Decimal;
  /** Equity at each session's close, in order. */
  readonly sessions: readonly { readonly date: string; readonly equity: Decimal }[];
  readonly trades: readonly Trade[];
  /** Instants at which something was held, of all the instants replayed. */
  readonly exposure: { readonly exposed: number; readonly instants: number };
  /** The value of every fill (quantity × price, positive). */
  readonly tradedValue: Decimal;
  /** Costs by kind, already as strings. */
  readonly costs: Readonly<Record<string, string>>;
  /** Annual, as a fraction (0.04 for 4%). */
  readonly riskFreeRate: Decimal;
}

const SQRT_YEAR = Math.sqrt(SESSIONS_PER_YEAR);
const HUNDRED = new Dec(100);

export function metricsOf(input: CurveInput): Metrics {
  const start = input.startingEquity;
  const equities = input.sessions.map((s) => s.equity);
  const end = equities.at(-1) ?? start;
  const n = equities.length;
  const returns = dailyReturns(start, equities);
  const riskFreeDaily = input.riskFreeRate.toNumber() / SESSIONS_PER_YEAR;
  const annualized = annualizedReturn(start, end, n);
  const volatility = sampleDeviation(returns);
  const drawdown = maxDrawdown(start, input.sessions);
  const excess = returns.length === 0 ? undefined : average(returns) - riskFreeDaily;
  const downside = downsideDeviation(returns, riskFreeDaily);
  const closed = input.trades.filter((t) => !t.open);
  const wins = closed.filter((t) => t.netPnl.isPos());
  const losses = closed.filter((t) => t.netPnl.isNeg());
  const sumWins = sum(wins.map((t) => t.netPnl));
  const sumLosses = sum(losses.map((t) => t.netPnl));
  const averageEquity = n === 0 ? start : mean(equities);
  return {
    sessions: n,
    startingEquity: money(start),
    endingEquity: money(end),
    netPnl: money(end.minus(start)),
    totalReturnPercent: fixed(start.isZero() ? ZERO : end.div(start).minus(ONE).times(HUNDRED)),
    annualizedReturnPercent: estimate(annualized === undefined ? undefined : annualized * 100),
    volatilityPercent: estimate(volatility === undefined ? undefined : volatility * SQRT_YEAR * 100),
    sharpe: estimate(excess === undefined || volatility === undefined || volatility === 0 ? undefined : (excess / volatility) * SQRT_YEAR),
    // With one return there is no spread to measure: Sortino and Calmar stay empty, as volatility and Sharpe do.
    sortino: estimate(returns.length < 2 || excess === undefined || downside === undefined || downside === 0 ? undefined : (excess / downside) * SQRT_YEAR),
    calmar: estimate(returns.length < 2 || annualized === undefined || drawdown.fraction.isZero() ? undefined : annualized / drawdown.fraction.toNumber()),
    maxDrawdown: drawdown.shown,
    exposurePercent: fixed(input.exposure.instants === 0 ? ZERO : new Dec(input.exposure.exposed).div(input.exposure.instants).times(HUNDRED)),
    turnover: fixed(averageEquity.isZero() ? ZERO : input.tradedValue.div(averageEquity)),
    trades: closed.length,
    openTrades: input.trades.length - closed.length,
    winRatePercent: maybe(closed.length === 0 ? undefined : new Dec(wins.length).div(closed.length).times(HUNDRED)),
    averageWin: maybeMoney(wins.length === 0 ? undefined : sumWins.div(wins.length)),
    averageLoss: maybeMoney(losses.length === 0 ? undefined : sumLosses.div(losses.length)),
    profitFactor: maybe(losses.length === 0 ? undefined : sumWins.div(sumLosses.abs())),
    expectancy: maybeMoney(closed.length === 0 ? undefined : sum(closed.map((t) => t.netPnl)).div(closed.length)),
    largestWin: maybeMoney(wins.length === 0 ? undefined : Dec.max(...wins.map((t) => t.netPnl))),
    largestLoss: maybeMoney(losses.length === 0 ? undefined : Dec.min(...losses.map((t) => t.netPnl))),
    averageHoldingMs: closed.length === 0 ? null : Math.round(closed.reduce((total, t) => total + t.holdingMs, 0) / closed.length),
    costs: input.costs,
  };
}

/** r_i = E_i / E_(i−1) − 1, with E_0 the starting equity; a session after equity reached zero or below has no return. */
export function dailyReturns(start: Decimal, equities: readonly Decimal[]): number[] {
  const returns: number[] = [];
  let previous = start.toNumber();
  for (const equity of equities) {
    const now = equity.toNumber();
    if (previous > 0) returns.push(now / previous - 1);
    previous = now;
  }
  return returns;
}

/** (E_n / E_0)^(252 / n) − 1; undefined without sessions or when equity ended at or below zero. */
function annualizedReturn(start: Decimal, end: Decimal, sessions: number): number | undefined {
  if (sessions === 0 || !start.isPos() || !end.isPos()) return undefined;
  return (end.toNumber() / start.toNumber()) ** (SESSIONS_PER_YEAR / sessions) - 1;
}

/** The sample standard deviation (n − 1); undefined for fewer than two values. */
function sampleDeviation(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const mean = average(values);
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** √(Σ min(0, r − rf)² / n): only the returns below the risk-free rate count, over every session. */
function downsideDeviation(returns: readonly number[], riskFree: number): number | undefined {
  if (returns.length === 0) return undefined;
  let squares = 0;
  for (const r of returns) squares += Math.min(0, r - riskFree) ** 2;
  return Math.sqrt(squares / returns.length);
}

function average(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/**
 * The deepest fall from a running peak, by percent, over the starting equity and every session close. The
 * peak's date is its session's (the first session's when the peak is the starting equity); recovery is
 * the first session that closed back at or above the peak.
 */
export function maxDrawdown(start: Decimal, sessions: readonly { readonly date: string; readonly equity: Decimal }[]): { readonly fraction: Decimal; readonly shown: Drawdown } {
  // Index −1 is the starting equity, before the first session.
  let peak = { equity: start, index: -1 };
  let deepest: { fraction: Decimal; amount: Decimal; peak: { equity: Decimal; index: number }; troughIndex: number } | undefined;
  let peakValue = start.toNumber();
  let deepestValue = 0;
  // Compared as doubles, worked out exactly only for a new deepest fall.
  sessions.forEach(({ equity }, index) => {
    const value = equity.toNumber();
    if (value >= peakValue && equity.gte(peak.equity)) {
      peak = { equity, index };
      peakValue = value;
      return;
    }
    const approximate = peakValue > 0 ? (peakValue - value) / peakValue : 0;
    if (deepest !== undefined && approximate < deepestValue) return;
    const amount = peak.equity.minus(equity);
    const fraction = peak.equity.isPos() ? amount.div(peak.equity) : ZERO;
    if (deepest === undefined || fraction.gt(deepest.fraction)) {
      deepest = { fraction, amount, peak, troughIndex: index };
      deepestValue = approximate;
    }
  });
  if (deepest === undefined) return { fraction: ZERO, shown: { amount: money(ZERO), percent: fixed(ZERO), sessions: 0 } };
  const { peak: top, troughIndex } = deepest;
  const recoveryIndex = sessions.findIndex((s, index) => index > troughIndex && s.equity.gte(top.equity));
  const shown: Drawdown = {
    amount: money(deepest.amount),
    percent: fixed(deepest.fraction.times(HUNDRED)),
    start: sessions[Math.max(top.index, 0)]!.date,
    trough: sessions[troughIndex]!.date,
    ...(recoveryIndex === -1 ? {} : { recovery: sessions[recoveryIndex]!.date }),
    sessions: (recoveryIndex === -1 ? sessions.length - 1 : recoveryIndex) - top.index,
  };
  return { fraction: deepest.fraction, shown };
}

function mean(values: readonly Decimal[]): Decimal {
  return sum(values).div(values.length);
}

function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

function money(value: Decimal): string {
  return value.toFixed(2);
}

function fixed(value: Decimal): string {
  return value.toFixed(4);
}

/** A double printed as a decimal string to 4 places, through its shortest round-trip text. */
function estimate(value: number | undefined): string | null {
  return value === undefined || !Number.isFinite(value) ? null : fixed(decimalFromNumber(value));
}

function maybe(value: Decimal | undefined): string | null {
  return value === undefined ? null : fixed(value);
}

function maybeMoney(value: Decimal | undefined): string | null {
  return value === undefined ? null : money(value);
}
