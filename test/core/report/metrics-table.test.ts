/** The report's metrics table: how the drawdown's length reads. */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../core/report/html.js';
import { sampleBacktestRecord } from '../../support/backtest-record.js';

describe('the report\'s metrics table', () => {
  it('when the drawdown lasted one session then it reads 1 session, not 1 sessions', () => {
    // Arrange
    const record = sampleBacktestRecord();
    const overall = { ...record.metrics.overall, maxDrawdown: { amount: '42.04', percent: '0.0420', start: '2026-03-02', trough: '2026-03-02', sessions: 1 } };

    // Act
    const page = renderReport({ ...record, metrics: { ...record.metrics, overall } }, { period: { from: '2026-03-02', to: '2026-03-02' } });

    // Assert
    expect(page).toContain('not yet (1 session)');
    expect(page).not.toContain('(1 sessions)');
  });
});
