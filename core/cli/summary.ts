/** The run summary, in one shape for the terminal and for `--json`: every decimal value a string, never a float. */
import { DateTime } from 'luxon';
import type { RoboErrorCode } from '../domain/errors.js';
import type { Decimal } from '../domain/money.js';
import type { OrderStateKind } from '../domain/order.js';
import type { Anomaly, AnomalyKind, FaultInfo } from '../host/events.js';
import type { ShutdownReport } from '../host/host.js';
import type { Runtime } from './compose.js';
import type { Metrics } from '../backtest/types.js';
import { metricsLines } from './metrics-text.js';

export interface RunSummary {
  /** What a reader must know before trusting the figures below (costs estimated from carried rates, say); empty when nothing. */
  readonly notices: readonly string[];
  readonly broker: string;
  /** crashed: an error escaped every hook (`faults`); trading halted and the host stopped the normal way. */
  readonly end: 'end-of-data' | 'stopped' | 'crashed';
  /** Errors that escaped every hook and task, in the order they came; the first one stopped the run. */
  readonly faults: readonly FaultInfo[];
  /** Why the journal could no longer be written, when that ended the run (end: crashed). */
  readonly journalFailure?: string;
  /** The error that stopped a running session (a bad line further down the data, a broker that gave up), when one did (end: crashed). */
  readonly stoppedBy?: { readonly code: RoboErrorCode; readonly message: string; readonly details: readonly string[] };
  /** What was booked that could not be accounted for the normal way, by kind: how many, and the first ones in full. */
  readonly anomalies: Readonly<Partial<Record<AnomalyKind, { readonly count: number; readonly first: readonly Anomaly[] }>>>;
  readonly period: { readonly from: string; readonly to: string };
  readonly bars: number;
  readonly orders: Readonly<Record<OrderStateKind | 'total' | 'vetoed', number>>;
  readonly fills: number;
  readonly duplicateExecutions: number;
  readonly startingCash: string;
  readonly endingCash: string;
  readonly endingEquity: string;
  /** P&L before every cost: at the market's prices (before slippage), before commissions and fees. Always netPnl + costs. */
  readonly grossPnl: string;
  /** Every cost of the run: commissions and fees charged to cash, plus the slippage inside the fill prices. */
  readonly costs: string;
  /** The part of `costs` that is inside the fill prices (simulated brokers only), so already in realized and unrealized P&L. */
  readonly slippage: string;
  /** At the fill prices, before commissions and fees. */
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  /** Ending equity minus starting cash: net of every cost. */
  readonly netPnl: string;
  readonly maxDrawdown: string;
  readonly maxDrawdownPercent: string;
  readonly positions: readonly { readonly symbol: string; readonly quantity: string; readonly averageCost: string }[];
  /** Vetoes by plugin, then by code (a veto without a code is counted by its reason). */
  readonly vetoes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The first full reason of each plugin's veto code, as it was logged. */
  readonly vetoExamples: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly pluginFailures: Readonly<Record<string, number>>;
  readonly shutdownProblems: readonly string[];
  /** Sections contributed by plugins (costs, guards), by name. */
  readonly sections: Readonly<Record<string, unknown>>;
  /** A backtest's performance figures (docs/metrics.md): the account's, each strategy's and symbol's, and buy and hold's. */
  readonly metrics?: RunMetrics;
}

export interface RunMetrics {
  readonly riskFreeRatePercent: string;
  readonly overall: Metrics;
  readonly benchmark: Metrics;
  readonly byStrategy: Readonly<Record<string, Metrics>>;
  readonly bySymbol: Readonly<Record<string, Metrics>>;
}

export function summarize(runtime: Runtime, end: RunSummary['end'], firstBarMs: number, report: ShutdownReport, startingCash: Decimal, faults: readonly FaultInfo[] = []): RunSummary {
  const { host } = runtime;
  const snapshot = host.portfolio.snapshot();
  // Counted by the book as orders change state: the orders themselves may have left memory long ago.
  const counts = host.orders.counts();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const orders = { total, ...counts, vetoed: host.stats.vetoCount() };
  const zone = host.calendar.zone;
  const net = snapshot.equity.minus(startingCash);
  const costs = snapshot.costs.plus(snapshot.slippage);
  return {
    notices: [...faults.map(faultNotice), ...anomalyNotices(host.stats.anomalies), ...host.summaryNotices()],
    broker: host.broker.kind,
    end,
    faults: faults.map((fault) => ({ ...fault })),
    anomalies: Object.fromEntries([...host.stats.anomalies].map(([kind, { count, first }]) => [kind, { count, first: first.map((a) => ({ ...a })) }])),
    period: { from: iso(firstBarMs, zone), to: iso(host.clock.nowMs(), zone) },
    bars: host.stats.bars,
    orders,
    fills: host.stats.fills,
    duplicateExecutions: host.stats.duplicateExecutions,
    startingCash: startingCash.toFixed(2),
    endingCash: snapshot.cash.toFixed(2),
    endingEquity: snapshot.equity.toFixed(2),
    // Gross is built from net and costs as printed, so `netPnl = grossPnl − costs` holds to the cent on the
    // figures shown; unrounded, it is realized + unrealized + slippage, and the two differ by under a cent.
    grossPnl: net.toDecimalPlaces(2).plus(costs.toDecimalPlaces(2)).toFixed(2),
    costs: costs.toFixed(2),
    slippage: snapshot.slippage.toFixed(2),
    realizedPnl: snapshot.realizedPnl.toFixed(2),
    unrealizedPnl: snapshot.unrealizedPnl.toFixed(2),
    netPnl: net.toFixed(2),
    maxDrawdown: host.stats.maxDrawdown.toFixed(2),
    maxDrawdownPercent: host.stats.maxDrawdownRatio.times(100).toFixed(2),
    positions: snapshot.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity.toString(), averageCost: p.averageCost.toFixed(4) })),
    vetoes: Object.fromEntries([...host.stats.vetoes].map(([by, counts]) => [by, Object.fromEntries(counts)])),
    vetoExamples: Object.fromEntries([...host.stats.vetoExamples].map(([by, reasons]) => [by, Object.fromEntries(reasons)])),
    pluginFailures: Object.fromEntries(host.stats.tapFailures),
    shutdownProblems: report.failures,
    sections: host.summarySections(),
  };
}

export function formatSummary(s: RunSummary): string {
  const lines = [
    `Run summary (${s.broker} broker, ${s.end === 'end-of-data' ? 'end of data' : s.end})`,
    ...s.notices.map((notice) => `  ! ${notice}`),
    `  period          ${s.period.from} → ${s.period.to}`,
    `  bars            ${s.bars}`,
    `  orders          ${s.orders.total} (filled ${s.orders.filled}, partially filled ${s.orders.partially_filled}, open ${s.orders.submitted + s.orders.pending}, cancelled ${s.orders.cancelled}, rejected ${s.orders.rejected}; vetoed ${s.orders.vetoed})`,
    `  fills           ${s.fills}`,
    `  gross P&L       ${s.grossPnl} (at the market's prices, before any cost)`,
    `  costs           ${s.costs} (slippage ${s.slippage} in the fill prices; the breakdown is below)`,
    `  net P&L         ${s.netPnl} (gross P&L − costs)`,
    `  realized P&L    ${s.realizedPnl} (at fill prices, before commissions and fees)`,
    `  unrealized P&L  ${s.unrealizedPnl}`,
    `  starting cash   ${s.startingCash}`,
    `  ending cash     ${s.endingCash}`,
    `  ending equity   ${s.endingEquity}`,
    `  max drawdown    ${s.maxDrawdown} (${s.maxDrawdownPercent}%)`,
    `  positions       ${s.positions.length === 0 ? 'flat' : s.positions.map((p) => `${p.symbol} ${p.quantity} @ ${p.averageCost}`).join(', ')}`,
  ];
  for (const [by, counts] of Object.entries(s.vetoes)) {
    for (const [key, n] of Object.entries(counts)) {
      const example = s.vetoExamples[by]?.[key];
      lines.push(`  vetoed ×${n}      ${by}: ${example === undefined || example === key ? key : `${key} (first: ${example})`}`);
    }
  }
  for (const [where, n] of Object.entries(s.pluginFailures)) lines.push(`  plugin failed ×${n} ${where}`);
  for (const problem of s.shutdownProblems) lines.push(`  shutdown problem ${problem}`);
  for (const [name, section] of Object.entries(s.sections)) lines.push(...sectionLines(name, section, '  '));
  if (s.metrics !== undefined) lines.push(...metricsLines(s.metrics));
  return lines.join('\n');
}

/**
 * A plugin's section, whatever its shape: an object becomes `key value` lines, an object of plain values
 * one line, a list one line per item — so a new section reads well without code here.
 */
function sectionLines(key: string, value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [`${indent}${key.padEnd(16)} none`] : [`${indent}${key}`, ...value.map((item) => `${indent}  ${inline(item)}`)];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (indent.length > 2 && entries.every(([, v]) => typeof v !== 'object' || v === null)) return [`${indent}${key.padEnd(16)} ${inline(value)}`];
    return [`${indent}${key}`, ...entries.flatMap(([k, v]) => sectionLines(k, v, `${indent}  `))];
  }
  return [`${indent}${key.padEnd(16)} ${String(value)}`];
}

function inline(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value).map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join(', ');
}

function iso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? String(ms);
}

function faultNotice(fault: FaultInfo): string {
  return `stopped by an unhandled ${fault.kind} in ${fault.owner}: ${fault.message}; trading was halted and the normal shutdown ran`;
}

/** One line per kind of anomaly: the first in full, and how many more there were. */
function anomalyNotices(anomalies: ReadonlyMap<AnomalyKind, { readonly count: number; readonly first: readonly Anomaly[] }>): string[] {
  return [...anomalies].map(([kind, { count, first }]) => `${kind}: ${first[0]?.message ?? ''}${count > 1 ? ` (and ${count - 1} more; see anomalies in --json)` : ''}`);
}
