/** The safety section as a user meets it: guards that cannot be switched off, and vetoes in the backtest summary by plugin and code. */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

function withSafety(safety: string, strategies?: string): string {
  const text = sampleConfig(strategies === undefined ? {} : { strategies }).replace('strategies:', `safety:\n${safety}\nstrategies:`);
  return writeConfig(text);
}

describe('the safety section', () => {
  it('when a config tries to switch a guard off then validation fails (exit 2) and says the guard is mandatory', async () => {
    // Arrange
    const file = withSafety('  circuitBreaker:\n    enabled: false\n  riskLimits: false');

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('safety.circuitBreaker.enabled must be true, was false');
    expect(result.stderr).toContain('the circuit breaker is mandatory and cannot be switched off, only tuned');
    expect(result.stderr).toMatch(/safety\.riskLimits expected object, was boolean\n\s+-> Risk limits \(the mandatory robo:risk-limits plugin\).*They cannot be switched off, only tuned\./);
  });

  it('when a guard vetoes the strategy\'s orders then backtest --json counts the vetoes by plugin and code, with the first reason in full', async () => {
    // Arrange: the strategy trades 100 shares; the limit is 50
    const file = withSafety('  riskLimits:\n    maxOrderQuantity: 50');

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { orders: { total: number; vetoed: number }; vetoes: Record<string, Record<string, number>>; vetoExamples: Record<string, Record<string, string>> };
    expect(summary.orders.total).toBe(0);
    expect(Object.keys(summary.vetoes)).toEqual(['robo:risk-limits']);
    expect(summary.vetoes['robo:risk-limits']?.['RISK_MAX_QUANTITY']).toBe(summary.orders.vetoed);
    expect(summary.orders.vetoed).toBeGreaterThan(0);
    expect(summary.vetoExamples['robo:risk-limits']?.['RISK_MAX_QUANTITY']).toBe('BUY 100 SPY: the quantity is over the limit of 50 shares per order');
    expect(result.stderr).toContain('order vetoed by robo:risk-limits: BUY 100 SPY: the quantity is over the limit of 50 shares per order');
  });

  it('when one of two strategies has its own position limit then only its orders past it are vetoed, with RISK_MAX_STRATEGY_POSITION', async () => {
    // Arrange: both trade SPY 100 at a time; "capped" may hold 50 of its own
    const strategies = [
      'strategies:',
      '  - { id: free, kind: ma-crossover, symbols: [SPY], params: { fast: 3, slow: 8 }, sizing: { quantity: 100 } }',
      '  - { id: capped, kind: ma-crossover, symbols: [SPY], params: { fast: 3, slow: 8 }, sizing: { quantity: 100 }, limits: { maxPositionQuantity: 50 } }',
    ].join('\n');
    const file = writeConfig(sampleConfig({ strategies }));

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { fills: number; vetoes: Record<string, Record<string, number>>; vetoExamples: Record<string, Record<string, string>> };
    expect(summary.fills).toBeGreaterThan(0);
    expect(Object.keys(summary.vetoes['robo:risk-limits'] ?? {})).toEqual(['RISK_MAX_STRATEGY_POSITION']);
    expect(summary.vetoExamples['robo:risk-limits']?.['RISK_MAX_STRATEGY_POSITION']).toContain('BUY 100 SPY: strategy capped holds 0 SPY of its own');
  });
});
