/**
 * The metrics as a table, one row per metric and one column per curve (the run beside its benchmark, or
 * each strategy, or each symbol), so columns compare at a glance. docs/metrics.md defines each metric.
 */
import type { Metrics } from '../backtest/types.js';
import { escapeHtml } from './escape.js';
import { NOTHING, duration, fall, money, percent, ratio, tone } from './format.js';

interface Row {
  readonly label: string;
  readonly show: (m: Metrics) => string;
  /** Coloured by its sign. */
  readonly toned?: (m: Metrics) => string | null;
  /** About trades: a curve without any (the benchmark) shows a dash rather than zeros that read as results. */
  readonly ofTrades?: boolean;
}

const ROWS: readonly Row[] = [
  { label: 'Sessions', show: (m) => String(m.sessions) },
  { label: 'Starting equity', show: (m) => money(m.startingEquity) },
  { label: 'Ending equity', show: (m) => money(m.endingEquity) },
  { label: 'Net P&L', show: (m) => money(m.netPnl, { signed: true }), toned: (m) => m.netPnl },
  { label: 'Total return', show: (m) => percent(m.totalReturnPercent, { signed: true }), toned: (m) => m.totalReturnPercent },
  { label: 'Annualized return', show: (m) => percent(m.annualizedReturnPercent, { signed: true }), toned: (m) => m.annualizedReturnPercent },
  { label: 'Volatility (annualized)', show: (m) => percent(m.volatilityPercent) },
  { label: 'Sharpe ratio', show: (m) => ratio(m.sharpe) },
  { label: 'Sortino ratio', show: (m) => ratio(m.sortino) },
  { label: 'Calmar ratio', show: (m) => ratio(m.calmar) },
  { label: 'Max drawdown', show: (m) => `${percent(fall(m.maxDrawdown.percent))} (${money(fall(m.maxDrawdown.amount))})`, toned: (m) => fall(m.maxDrawdown.amount) },
  { label: 'Drawdown peak → trough', show: (m) => (m.maxDrawdown.start === undefined ? NOTHING : `${m.maxDrawdown.start} → ${m.maxDrawdown.trough ?? NOTHING}`) },
  { label: 'Recovered', show: (m) => (m.maxDrawdown.start === undefined ? NOTHING : `${m.maxDrawdown.recovery ?? 'not yet'} (${m.maxDrawdown.sessions} session${m.maxDrawdown.sessions === 1 ? '' : 's'})`) },
  { label: 'Exposure', show: (m) => percent(m.exposurePercent) },
  { label: 'Turnover', show: (m) => `${ratio(m.turnover)}×` },
  { label: 'Trades (closed)', show: (m) => String(m.trades), ofTrades: true },
  { label: 'Still open at the end', show: (m) => String(m.openTrades), ofTrades: true },
  { label: 'Win rate', show: (m) => percent(m.winRatePercent), ofTrades: true },
  { label: 'Average win', show: (m) => money(m.averageWin), ofTrades: true },
  { label: 'Average loss', show: (m) => money(m.averageLoss), ofTrades: true },
  { label: 'Profit factor', show: (m) => ratio(m.profitFactor), ofTrades: true },
  { label: 'Expectancy per trade', show: (m) => money(m.expectancy, { signed: true }), toned: (m) => m.expectancy, ofTrades: true },
  { label: 'Largest win', show: (m) => money(m.largestWin), ofTrades: true },
  { label: 'Largest loss', show: (m) => money(m.largestLoss), ofTrades: true },
  { label: 'Average holding time', show: (m) => duration(m.averageHoldingMs), ofTrades: true },
];

export interface MetricsColumn {
  readonly label: string;
  readonly metrics: Metrics;
  /** Ruled off from the columns before it. */
  readonly startsGroup?: boolean;
}

export function metricsTable(columns: readonly MetricsColumn[], caption: string): string {
  const classes = (column: MetricsColumn, more = ''): string => `num${column.startsGroup === true ? ' group' : ''}${more}`;
  const head = `<tr><th scope="col">Metric</th>${columns.map((c) => `<th scope="col" class="${classes(c)}">${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const body = ROWS.map((row) => {
    const cells = columns.map((column) => {
      const { metrics } = column;
      if (row.ofTrades === true && metrics.trades === 0 && metrics.openTrades === 0) return `<td class="${classes(column, ' flat')}">${NOTHING}</td>`;
      const toneClass = row.toned === undefined ? '' : ` ${tone(row.toned(metrics))}`;
      return `<td class="${classes(column, toneClass)}">${escapeHtml(row.show(metrics))}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(row.label)}</th>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="metrics"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>`;
}
