/** The ranking of a sweep: best first in the key's direction, failed runs last, ties by combination index. */
import { describe, expect, it } from 'vitest';
import { SORT_KEYS, metricKey, rank } from '../../../core/sweep/ranking.js';
import { splitWindows } from '../../../core/sweep/split.js';
import type { RunSummary } from '../../../core/cli/summary.js';

const run = (index: number, netPnl: string | undefined, maxDrawdownPercent = '1.00'): { index: number; summary: RunSummary | undefined } => ({
  index,
  summary: netPnl === undefined ? undefined : ({ netPnl, maxDrawdownPercent, startingCash: '1000.00', costs: '0.00', fills: 1 } as unknown as RunSummary),
});

describe('sweep ranking', () => {
  it('when runs tie on the key then the lower combination index comes first, whatever order they arrived in', () => {
    const ranked = rank([run(3, '10.00'), run(1, '10.00'), run(2, '20.00'), run(0, undefined)], SORT_KEYS.netPnl, (r) => r.summary);

    expect(ranked.map((r) => r.index)).toEqual([2, 1, 3, 0]);
  });

  it('when sorted by drawdown then the smallest drawdown is best', () => {
    const ranked = rank([run(0, '1', '5.00'), run(1, '1', '2.50'), run(2, '1', '9.00')], SORT_KEYS.drawdown, (r) => r.summary);

    expect(ranked.map((r) => r.index)).toEqual([1, 0, 2]);
  });

  it('when the summary carries metrics then a metric key reads them, and a summary without them has no figure', () => {
    const sharpe = metricKey('sharpe', 'Sharpe', 'higher');
    const withMetrics = { metrics: { overall: { sharpe: '1.25' } } } as unknown as RunSummary;

    expect(sharpe.value(withMetrics)?.toString()).toBe('1.25');
    expect(sharpe.value({} as RunSummary)).toBeUndefined();
  });

  it('when 10 sessions are split 70% then 7 are in-sample and the other 3 out-of-sample', () => {
    const sessions = Array.from({ length: 10 }, (_, i) => `2026-03-${String(i + 2).padStart(2, '0')}`);

    expect(splitWindows(sessions, 70)).toEqual({ inSample: { from: '2026-03-02', to: '2026-03-08' }, outOfSample: { from: '2026-03-09', to: '2026-03-11' } });
  });
});

describe('sweep table', () => {
  it('when sorted by a metric that is not a standing column then its column is added, and a run without it shows -', async () => {
    const { tableCells } = await import('../../../core/sweep/table.js');
    const summary = { netPnl: '1.00', maxDrawdownPercent: '0.50', startingCash: '100.00', costs: '0.10', fills: 2, metrics: { overall: { sharpe: '1.50', sortino: null } } } as unknown as RunSummary;
    const rows = [{ kind: 'plain', index: 0, values: { f: 5 }, run: { summary } }, { kind: 'plain', index: 1, values: { f: 6 }, run: { summary: { ...summary, metrics: undefined } } }] as const;

    const { header, body } = tableCells(rows, ['f'], 'sharpe');

    expect(header).toEqual(['rank', '#', 'f', 'net P&L', 'return %', 'max DD %', 'fills', 'costs', 'Sharpe']);
    expect(body.map((row) => row.at(-1))).toEqual(['1.50', '-']);
    expect(tableCells(rows, ['f'], 'sortino').body.map((row) => row.at(-1))).toEqual(['-', '-']);
  });
});
