/**
 * The keys a sweep's table can be sorted by, each with the direction that is better, and the ranking:
 * best first, runs that failed last, ties broken by combination index so the order never depends on which
 * worker finished first. A new key is one line here.
 */
import { RoboError } from '../domain/errors.js';
import { Dec, type Decimal } from '../domain/money.js';
import type { RunSummary } from '../cli/summary.js';

export interface SortKey {
  /** The column's heading. */
  readonly label: string;
  readonly better: 'higher' | 'lower';
  /** Decimal places shown. */
  readonly places: number;
  /** Undefined when the run has no such figure. */
  readonly value: (summary: RunSummary) => Decimal | undefined;
}

const figure = (text: string | undefined): Decimal | undefined => (text === undefined ? undefined : new Dec(text));

/**
 * A figure of `summary.metrics` (core/backtest/types.ts Metrics), which the backtest recorder adds: read
 * where it is present (a figure that cannot be computed, null, is no figure), so a new key is one line.
 */
export function metricKey(name: string, label: string, better: SortKey['better']): SortKey {
  return {
    label,
    better,
    places: 2,
    value: (summary) => {
      const metrics = (summary as { metrics?: Record<string, unknown> & { overall?: Record<string, unknown> } }).metrics;
      const found = metrics?.overall?.[name] ?? metrics?.[name];
      return typeof found === 'string' || typeof found === 'number' ? figure(String(found)) : undefined;
    },
  };
}

export const SORT_KEYS = {
  netPnl: { label: 'net P&L', better: 'higher', places: 2, value: (s) => figure(s.netPnl) },
  return: { label: 'return %', better: 'higher', places: 2, value: returnPercent },
  drawdown: { label: 'max DD %', better: 'lower', places: 2, value: (s) => figure(s.maxDrawdownPercent) },
  fills: { label: 'fills', better: 'higher', places: 0, value: (s) => new Dec(s.fills) },
  costs: { label: 'costs', better: 'lower', places: 2, value: (s) => figure(s.costs) },
  // The backtest recorder's metrics (summary.metrics.overall); a run without them has no figure.
  sharpe: metricKey('sharpe', 'Sharpe', 'higher'),
  sortino: metricKey('sortino', 'Sortino', 'higher'),
  calmar: metricKey('calmar', 'Calmar', 'higher'),
  winRate: metricKey('winRatePercent', 'win rate %', 'higher'),
  profitFactor: metricKey('profitFactor', 'profit factor', 'higher'),
} as const satisfies Record<string, SortKey>;

export type SortKeyName = keyof typeof SORT_KEYS;

export const SORT_KEY_NAMES = Object.keys(SORT_KEYS) as SortKeyName[];

/** The columns every table shows, in order, after the swept values; the key it is sorted by comes after them when it is not one of them. */
export const TABLE_KEYS: readonly SortKeyName[] = ['netPnl', 'return', 'drawdown', 'fills', 'costs'];

export function tableKeys(sortedBy: SortKeyName): readonly SortKeyName[] {
  return TABLE_KEYS.includes(sortedBy) ? TABLE_KEYS : [...TABLE_KEYS, sortedBy];
}

export function sortKeyArgument(value: string): SortKeyName {
  if (!(value in SORT_KEYS)) throw new RoboError('ROBO_ERR_USAGE', `--sort: expected one of ${SORT_KEY_NAMES.join(', ')}, was ${JSON.stringify(value)}`);
  return value as SortKeyName;
}

/** Net P&L over the starting cash, in percent to two places. */
function returnPercent(summary: RunSummary): Decimal {
  const start = new Dec(summary.startingCash);
  return start.isZero() ? new Dec(0) : new Dec(summary.netPnl).div(start).times(100).toDecimalPlaces(2);
}

/** Best first by `key` of `summaryOf(item)`; those without the figure (failed runs) last; ties by `index`. */
export function rank<T extends { readonly index: number }>(items: readonly T[], key: SortKey, summaryOf: (item: T) => RunSummary | undefined): T[] {
  const valueOf = (item: T): Decimal | undefined => {
    const summary = summaryOf(item);
    return summary === undefined ? undefined : key.value(summary);
  };
  const values = new Map(items.map((item) => [item.index, valueOf(item)]));
  return [...items].sort((a, b) => {
    const x = values.get(a.index);
    const y = values.get(b.index);
    if (x === undefined || y === undefined) return x === y ? a.index - b.index : x === undefined ? 1 : -1;
    const order = key.better === 'higher' ? y.comparedTo(x) : x.comparedTo(y);
    return order !== 0 ? order : a.index - b.index;
  });
}

export function shown(key: SortKey, summary: RunSummary | undefined): string {
  const value = summary === undefined ? undefined : key.value(summary);
  return value === undefined ? '-' : value.toFixed(key.places);
}
