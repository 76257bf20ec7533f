/** A backtest's metrics as the terminal shows them: the account beside buy and hold, then one line per strategy and per symbol. */
import { Duration } from 'luxon';
import type { Metrics } from '../backtest/types.js';
import { dec } from '../domain/money.js';
import type { RunMetrics } from './summary.js';

const ROWS: readonly (readonly [string, (m: Metrics) => string])[] = [
  ['total return', (m) => percent(m.totalReturnPercent)],
  ['annual return', (m) => percent(m.annualizedReturnPercent)],
  ['volatility', (m) => percent(m.volatilityPercent)],
  ['Sharpe', (m) => ratio(m.sharpe)],
  ['Sortino', (m) => ratio(m.sortino)],
  ['Calmar', (m) => ratio(m.calmar)],
  ['max drawdown', (m) => `${m.maxDrawdown.amount} (${percent(m.maxDrawdown.percent)})`],
  ['drawdown dates', (m) => (m.maxDrawdown.start === undefined ? '-' : `${m.maxDrawdown.start} → ${m.maxDrawdown.trough ?? ''} → ${m.maxDrawdown.recovery ?? 'not recovered'} (${m.maxDrawdown.sessions} session${m.maxDrawdown.sessions === 1 ? '' : 's'})`)],
  ['exposure', (m) => percent(m.exposurePercent)],
  ['turnover', (m) => `${ratio(m.turnover)}×`],
  ['trades', (m) => `${m.trades}${m.openTrades > 0 ? ` (+${m.openTrades} open)` : ''}`],
  ['win rate', (m) => percent(m.winRatePercent)],
  ['average win', (m) => m.averageWin ?? '-'],
  ['average loss', (m) => m.averageLoss ?? '-'],
  ['profit factor', (m) => ratio(m.profitFactor)],
  ['expectancy', (m) => m.expectancy ?? '-'],
  ['largest win', (m) => m.largestWin ?? '-'],
  ['largest loss', (m) => m.largestLoss ?? '-'],
  ['average holding', (m) => holding(m.averageHoldingMs)],
];

export function metricsLines(metrics: RunMetrics): string[] {
  const lines = [`Performance (daily returns at New York session closes, 252 a year, risk-free rate ${percent(metrics.riskFreeRatePercent)})`];
  const width = Math.max(20, ...ROWS.map(([, show]) => show(metrics.overall).length));
  lines.push(`  ${''.padEnd(16)} ${'robo'.padEnd(width)} buy & hold`);
  for (const [name, show] of ROWS) {
    const benchmark = name === 'trades' || name.startsWith('win') || name.startsWith('average') || name.startsWith('largest') || name === 'profit factor' || name === 'expectancy' || name === 'turnover' ? '' : show(metrics.benchmark);
    lines.push(`  ${name.padEnd(16)} ${show(metrics.overall).padEnd(width)} ${benchmark}`.trimEnd());
  }
  for (const [title, parts] of [['by strategy', metrics.byStrategy], ['by symbol', metrics.bySymbol]] as const) {
    const entries = Object.entries(parts);
    if (entries.length < 2) continue;
    lines.push(`  ${title}`);
    const nameWidth = Math.max(...entries.map(([name]) => name.length));
    for (const [name, m] of entries) {
      lines.push(`    ${name.padEnd(nameWidth)}  net ${m.netPnl}, return ${percent(m.totalReturnPercent)}, Sharpe ${ratio(m.sharpe)}, max drawdown ${percent(m.maxDrawdown.percent)}, trades ${m.trades}, win rate ${percent(m.winRatePercent)}, profit factor ${ratio(m.profitFactor)}`);
    }
  }
  return lines;
}

function percent(value: string | null): string {
  return value === null ? '-' : `${dec(value).toFixed(2)}%`;
}

function ratio(value: string | null): string {
  return value === null ? '-' : dec(value).toFixed(2);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** To the nearest minute under a day, to the nearest hour from a day on: rounded before it is split, so never `0h 60m`. */
function holding(ms: number | null): string {
  if (ms === null) return '-';
  const minutes = Math.round(ms / MINUTE_MS) * MINUTE_MS;
  if (minutes < DAY_MS) {
    const d = Duration.fromMillis(minutes).shiftTo('hours', 'minutes');
    return `${d.hours}h ${d.minutes}m`;
  }
  const d = Duration.fromMillis(Math.round(ms / HOUR_MS) * HOUR_MS).shiftTo('days', 'hours');
  return `${d.days}d ${d.hours}h`;
}
