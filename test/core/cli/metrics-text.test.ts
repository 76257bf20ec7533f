/** The terminal's Performance table: how the average holding time is written. */
import { describe, expect, it } from 'vitest';
import { metricsLines } from '../../../core/cli/metrics-text.js';
import type { RunMetrics } from '../../../core/cli/summary.js';
import { sampleBacktestRecord } from '../../support/backtest-record.js';

function withHolding(ms: number): RunMetrics {
  const { metrics, riskFreeRatePercent } = sampleBacktestRecord();
  return { riskFreeRatePercent, ...metrics, overall: { ...metrics.overall, averageHoldingMs: ms } };
}

function holdingLine(ms: number): string {
  return metricsLines(withHolding(ms)).find((line) => line.trimStart().startsWith('average holding'))?.replace(/^\s*average holding\s+/, '') ?? '';
}

describe('metricsLines: average holding', () => {
  it.each([
    [59.5 * 60_000, '1h 0m'],
    [(2 * 60 + 59) * 60_000 + 45_000, '3h 0m'],
    [(23 * 60 + 59) * 60_000 + 50_000, '1d 0h'],
    [90 * 60_000, '1h 30m'],
    [(26 * 60 + 40) * 60_000, '1d 3h'],
  ])('when the average holding is %d ms then it reads %s, never 60 minutes nor 24 hours', (ms, shown) => {
    expect(holdingLine(ms)).toBe(shown);
  });
});

describe('metricsLines: drawdown dates', () => {
  it('when the drawdown lasted one session then the line says 1 session, not 1 sessions', () => {
    // Arrange
    const metrics = withHolding(0);
    const overall = { ...metrics.overall, maxDrawdown: { amount: '42.04', percent: '0.0420', start: '2026-03-02', trough: '2026-03-02', sessions: 1 } };

    // Act
    const line = metricsLines({ ...metrics, overall }).find((l) => l.trimStart().startsWith('drawdown dates')) ?? '';

    // Assert
    expect(line).toContain('2026-03-02 → 2026-03-02 → not recovered (1 session)');
  });
});
