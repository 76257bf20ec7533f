/** The run summary, in one shape for the terminal and for `--json`: every decimal value a string, never a float. */
import { DateTime } from 'luxon';
import type { Decimal } from '../domain/money.js';
import type { OrderStateKind } from '../domain/order.js';
import type { ShutdownReport } from '../host/host.js';
import type { Runtime } from './compose.js';

export interface RunSummary {
  readonly broker: string;
  readonly end: 'end-of-data' | 'stopped';
  readonly period: { readonly from: string; readonly to: string };
  readonly bars: number;
  readonly orders: Readonly<Record<OrderStateKind | 'total' | 'vetoed', number>>;
  readonly fills: number;
  readonly duplicateExecutions: number;
  readonly startingCash: string;
  readonly endingCash: string;
  readonly endingEquity: string;
  readonly costs: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly netPnl: string;
  readonly maxDrawdown: string;
  readonly maxDrawdownPercent: string;
  readonly positions: readonly { readonly symbol: string; readonly quantity: string; readonly averageCost: string }[];
  readonly vetoes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly pluginFailures: Readonly<Record<string, number>>;
  readonly shutdownProblems: readonly string[];
  /** Sections contributed by plugins (costs, guards), by name. */
  readonly sections: Readonly<Record<string, unknown>>;
}

export function summarize(runtime: Runtime, end: RunSummary['end'], firstBarMs: number, report: ShutdownReport, startingCash: Decimal): RunSummary {
  const { host } = runtime;
  const snapshot = host.portfolio.snapshot();
  const orders = { total: 0, pending: 0, submitted: 0, partially_filled: 0, filled: 0, cancelled: 0, rejected: 0, vetoed: host.stats.vetoCount() };
  for (const order of host.orders.all()) {
    orders.total++;
    orders[order.state.kind]++;
  }
  const zone = host.calendar.zone;
  return {
    broker: host.broker.kind,
    end,
    period: { from: iso(firstBarMs, zone), to: iso(host.clock.nowMs(), zone) },
    bars: host.stats.bars,
    orders,
    fills: host.stats.fills,
    duplicateExecutions: host.stats.duplicateExecutions,
    startingCash: startingCash.toFixed(2),
    endingCash: snapshot.cash.toFixed(2),
    endingEquity: snapshot.equity.toFixed(2),
    costs: snapshot.costs.toFixed(2),
    realizedPnl: snapshot.realizedPnl.toFixed(2),
    unrealizedPnl: snapshot.unrealizedPnl.toFixed(2),
    netPnl: snapshot.equity.minus(startingCash).toFixed(2),
    maxDrawdown: host.stats.maxDrawdown.toFixed(2),
    maxDrawdownPercent: host.stats.maxDrawdownRatio.times(100).toFixed(2),
    positions: snapshot.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity.toString(), averageCost: p.averageCost.toFixed(4) })),
    vetoes: Object.fromEntries([...host.stats.vetoes].map(([by, reasons]) => [by, Object.fromEntries(reasons)])),
    pluginFailures: Object.fromEntries(host.stats.tapFailures),
    shutdownProblems: report.failures,
    sections: host.summarySections(),
  };
}

export function formatSummary(s: RunSummary): string {
  const lines = [
    `Run summary (${s.broker} broker, ${s.end === 'end-of-data' ? 'end of data' : 'stopped'})`,
    `  period          ${s.period.from} → ${s.period.to}`,
    `  bars            ${s.bars}`,
    `  orders          ${s.orders.total} (filled ${s.orders.filled}, partially filled ${s.orders.partially_filled}, open ${s.orders.submitted + s.orders.pending}, cancelled ${s.orders.cancelled}, rejected ${s.orders.rejected}; vetoed ${s.orders.vetoed})`,
    `  fills           ${s.fills}`,
    `  costs           ${s.costs}`,
    `  realized P&L    ${s.realizedPnl}`,
    `  unrealized P&L  ${s.unrealizedPnl}`,
    `  net P&L         ${s.netPnl}`,
    `  starting cash   ${s.startingCash}`,
    `  ending cash     ${s.endingCash}`,
    `  ending equity   ${s.endingEquity}`,
    `  max drawdown    ${s.maxDrawdown} (${s.maxDrawdownPercent}%)`,
    `  positions       ${s.positions.length === 0 ? 'flat' : s.positions.map((p) => `${p.symbol} ${p.quantity} @ ${p.averageCost}`).join(', ')}`,
  ];
  for (const [by, reasons] of Object.entries(s.vetoes)) {
    for (const [reason, n] of Object.entries(reasons)) lines.push(`  vetoed ×${n}      ${by}: ${reason}`);
  }
  for (const [where, n] of Object.entries(s.pluginFailures)) lines.push(`  plugin failed ×${n} ${where}`);
  for (const problem of s.shutdownProblems) lines.push(`  shutdown problem ${problem}`);
  return lines.join('\n');
}

function iso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? String(ms);
}
