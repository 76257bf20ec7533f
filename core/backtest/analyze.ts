/**
 * The metrics of a recorded run: for the whole account, each strategy, each symbol, and the buy-and-hold
 * benchmark beside them. A strategy's (or symbol's) curve is the starting equity plus its own net P&L, so
 * the parts are measured on the same capital as the whole.
 */
import { Dec, ZERO, type Decimal } from '../domain/money.js';
import { metricsOf } from './metrics.js';
import type { RecordedFill, RecordedRun } from './recorder.js';
import { tradesOf, type Trade } from './trades.js';
import type { Metrics } from './types.js';

export interface Analysis {
  readonly riskFreeRatePercent: string;
  readonly overall: Metrics;
  readonly byStrategy: Readonly<Record<string, Metrics>>;
  readonly bySymbol: Readonly<Record<string, Metrics>>;
  readonly benchmark: Metrics;
  readonly trades: readonly Trade[];
}

/** A cost section as the cost plugin reports it: amounts by kind (decimal strings), overall and `byStrategy`. */
type CostSection = Readonly<Record<string, unknown>> | undefined;

export function analyze(run: RecordedRun, options: { readonly riskFreeRatePercent: Decimal; readonly costs: CostSection }): Analysis {
  const riskFreeRate = options.riskFreeRatePercent.div(100);
  const lastClose = lastCloses(run);
  const trades = tradesOf(run.fills, (symbol) => lastClose.get(symbol), run.lastTime ?? 0);
  const start = run.startingCash;
  const part = (pnlAt: (session: RecordedRun['sessions'][number]) => Decimal | undefined, keep: (t: Trade) => boolean, fills: (f: RecordedFill) => boolean, exposed: number, costs: Record<string, string>): Metrics => metricsOf({
    startingEquity: start,
    sessions: run.sessions.map((s) => ({ date: s.date, equity: start.plus(pnlAt(s) ?? ZERO) })),
    trades: trades.filter(keep),
    exposure: { exposed, instants: run.exposure.instants },
    tradedValue: tradedValue(run.fills.filter(fills)),
    costs,
    riskFreeRate,
  });
  const overall = metricsOf({
    startingEquity: start,
    sessions: run.sessions.map((s) => ({ date: s.date, equity: s.equity })),
    trades,
    exposure: { exposed: run.exposure.overall, instants: run.exposure.instants },
    tradedValue: tradedValue(run.fills),
    costs: costKinds(options.costs, run.fills),
    riskFreeRate,
  });
  const byStrategy = Object.fromEntries(run.strategies.map((id) => [id, part(
    (s) => s.byStrategy.get(id), (t) => t.strategyId === id, (f) => f.strategyId === id,
    run.exposure.byStrategy.get(id) ?? 0, costKinds(strategyCosts(options.costs, id), run.fills.filter((f) => f.strategyId === id)),
  )]));
  const bySymbol = Object.fromEntries(run.symbols.map((symbol) => [symbol, part(
    (s) => s.bySymbol.get(symbol), (t) => t.symbol === symbol, (f) => f.symbol === symbol,
    run.exposure.bySymbol.get(symbol) ?? 0, costKinds(undefined, run.fills.filter((f) => f.symbol === symbol)),
  )]));
  const benchmark = metricsOf({
    startingEquity: start,
    sessions: run.sessions.map((s) => ({ date: s.date, equity: s.benchmark })),
    trades: [],
    exposure: { exposed: run.exposure.instants, instants: run.exposure.instants },
    tradedValue: run.symbols.length === 0 ? ZERO : start,
    costs: {},
    riskFreeRate,
  });
  return { riskFreeRatePercent: options.riskFreeRatePercent.toFixed(4), overall, byStrategy, bySymbol, benchmark, trades };
}

function lastCloses(run: RecordedRun): Map<string, Decimal> {
  const closes = new Map<string, Decimal>();
  for (const [symbol, days] of run.prices) {
    const last = days.at(-1);
    if (last !== undefined) closes.set(symbol, new Dec(String(last.close)));
  }
  return closes;
}

function tradedValue(fills: readonly RecordedFill[]): Decimal {
  let total = ZERO;
  for (const fill of fills) total = total.plus(fill.quantity.times(fill.price));
  return total;
}

function strategyCosts(section: CostSection, id: string): CostSection {
  const byStrategy = section?.byStrategy;
  if (typeof byStrategy !== 'object' || byStrategy === null) return undefined;
  const line = (byStrategy as Record<string, unknown>)[id];
  return typeof line === 'object' && line !== null ? line as Record<string, unknown> : undefined;
}

/** The cost section's amounts by kind (every decimal-string entry), or, without one, the fills' fees and slippage. */
function costKinds(section: CostSection, fills: readonly RecordedFill[]): Record<string, string> {
  if (section !== undefined) {
    const kinds = Object.entries(section).filter(([, value]) => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
    if (kinds.length > 0) return Object.fromEntries(kinds) as Record<string, string>;
  }
  let fees = ZERO;
  let slippage = ZERO;
  for (const fill of fills) {
    fees = fees.plus(fill.fees);
    slippage = slippage.plus(fill.slippage);
  }
  return { fees: fees.toFixed(2), slippage: slippage.toFixed(2), total: fees.plus(slippage).toFixed(2) };
}
