/**
 * The metrics of a recorded run: for the whole account, each strategy, each symbol, and the buy-and-hold
 * benchmark beside them. A strategy's (or symbol's) curve is the starting equity plus its own net P&L, so
 * the parts are measured on the same capital as the whole.
 */
import { ZERO, type Decimal } from '../domain/money.js';
import { metricsOf } from './metrics.js';
import type { Flow, RecordedRun } from './recorder.js';
import type { Trade } from './trades.js';
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
  const { trades, flows } = run;
  const start = run.startingCash;
  const part = (pnlAt: (session: RecordedRun['sessions'][number]) => Decimal | undefined, keep: (t: Trade) => boolean, flow: Flow | undefined, exposed: number, costs: Record<string, string>): Metrics => metricsOf({
    startingEquity: start,
    sessions: run.sessions.map((s) => ({ date: s.date, equity: start.plus(pnlAt(s) ?? ZERO) })),
    trades: trades.filter(keep),
    exposure: { exposed, instants: run.exposure.instants },
    tradedValue: flow?.traded ?? ZERO,
    costs,
    riskFreeRate,
  });
  const overall = metricsOf({
    startingEquity: start,
    sessions: run.sessions.map((s) => ({ date: s.date, equity: s.equity })),
    trades,
    exposure: { exposed: run.exposure.overall, instants: run.exposure.instants },
    tradedValue: flows.overall.traded,
    costs: costKinds(options.costs, flows.overall),
    riskFreeRate,
  });
  const byStrategy = Object.fromEntries(run.strategies.map((id) => [id, part(
    (s) => s.byStrategy.get(id), (t) => t.strategyId === id, flows.byStrategy.get(id),
    run.exposure.byStrategy.get(id) ?? 0, costKinds(strategyCosts(options.costs, id), flows.byStrategy.get(id)),
  )]));
  const bySymbol = Object.fromEntries(run.symbols.map((symbol) => [symbol, part(
    (s) => s.bySymbol.get(symbol), (t) => t.symbol === symbol, flows.bySymbol.get(symbol),
    run.exposure.bySymbol.get(symbol) ?? 0, costKinds(undefined, flows.bySymbol.get(symbol)),
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

function strategyCosts(section: CostSection, id: string): CostSection {
  const byStrategy = section?.byStrategy;
  if (typeof byStrategy !== 'object' || byStrategy === null) return undefined;
  const line = (byStrategy as Record<string, unknown>)[id];
  return typeof line === 'object' && line !== null ? line as Record<string, unknown> : undefined;
}

/** The cost section's amounts by kind (every decimal-string entry), or, without one, the fills' fees and slippage. */
function costKinds(section: CostSection, flow: Flow | undefined): Record<string, string> {
  if (section !== undefined) {
    const kinds = Object.entries(section).filter(([, value]) => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
    if (kinds.length > 0) return Object.fromEntries(kinds) as Record<string, string>;
  }
  const fees = flow?.fees ?? ZERO;
  const slippage = flow?.slippage ?? ZERO;
  return { fees: fees.toFixed(2), slippage: slippage.toFixed(2), total: fees.plus(slippage).toFixed(2) };
}
