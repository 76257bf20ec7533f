import { describe, expect, it } from 'vitest';
import { costsTable } from '../../../core/report/costs-table.js';
import { sampleBacktestRecord } from '../../support/backtest-record.js';

describe('costsTable', () => {
  it('when the cost section lists every kind and its total then kinds that cost nothing are left out and the total row is the section total', () => {
    // Arrange: the fixture's section has every fee kind, most of them zero, and a total.
    const record = sampleBacktestRecord();
    const costs = record.metrics.overall.costs;

    // Act
    const html = costsTable(record);

    // Assert
    const rows = [...html.matchAll(/<tr(?: class="total")?><th scope="row">([^<]*)<\/th><td class="num">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(costs.exchangeFee).toBe('0.00');
    expect(rows.map(([kind]) => kind)).toEqual(['Commission', 'SEC fee', 'FINRA TAF', 'Slippage', 'Total']);
    expect(rows.at(-1)?.[1]).toBe(Number(costs.total).toFixed(2));
  });

  it('when the run paid nothing then it says so instead of a table of zeros', () => {
    const record = sampleBacktestRecord();
    const free = { ...record, metrics: { ...record.metrics, overall: { ...record.metrics.overall, costs: { commission: '0', total: '0' } }, byStrategy: {} } };

    expect(costsTable(free)).toBe('<p class="note">This run paid no costs.</p>');
  });
});
