import { describe, expect, it } from 'vitest';
import { dec, ZERO } from '../../../core/domain/money.js';
import { dailyReturns, maxDrawdown, metricsOf, type CurveInput } from '../../../core/backtest/metrics.js';

const curve = (equities: readonly string[]): CurveInput['sessions'] => equities.map((e, i) => ({ date: `2026-03-${String(i + 2).padStart(2, '0')}`, equity: dec(e) }));
const input = (equities: readonly string[], extra: Partial<CurveInput> = {}): CurveInput => ({
  startingEquity: dec('1000'), sessions: curve(equities), trades: [], exposure: { exposed: 0, instants: 10 }, tradedValue: ZERO, costs: {}, riskFreeRate: ZERO, ...extra,
});

describe('metrics of an equity curve', () => {
  it('takes daily returns from the starting equity, then session to session', () => {
    const [first, second] = dailyReturns(dec('100'), [dec('110'), dec('99')]);
    expect(first).toBeCloseTo(0.1, 12);
    expect(second).toBeCloseTo(-0.1, 12);
  });

  it('works Sharpe and Sortino out by hand on three sessions', () => {
    // Returns +10%, −10%, +10%: mean 0.0333…, sample deviation 0.11547, downside √(0.01/3) = 0.057735.
    const m = metricsOf(input(['1100', '990', '1089']));
    expect(m.totalReturnPercent).toBe('8.9000');
    expect(Number(m.sharpe)).toBeCloseTo((0.1 / 3 / 0.1154700538) * Math.sqrt(252), 3);
    expect(Number(m.sortino)).toBeCloseTo((0.1 / 3 / 0.0577350269) * Math.sqrt(252), 3);
    expect(Number(m.volatilityPercent)).toBeCloseTo(11.547_005_38 * Math.sqrt(252), 2);
    expect(Number(m.annualizedReturnPercent)).toBeCloseTo(100 * (1.089 ** 84 - 1), 0);
  });

  it('leaves ratios without a meaning empty instead of dividing by zero', () => {
    const flat = metricsOf(input(['1000', '1000', '1000']));
    expect([flat.sharpe, flat.sortino, flat.calmar, flat.winRatePercent, flat.profitFactor, flat.averageHoldingMs]).toEqual([null, null, null, null, null, null]);
    expect(flat.maxDrawdown).toEqual({ amount: '0.00', percent: '0.0000', sessions: 0 });
    const empty = metricsOf(input([]));
    expect([empty.sessions, empty.totalReturnPercent, empty.annualizedReturnPercent, empty.volatilityPercent]).toEqual([0, '0.0000', null, null]);
  });

  it('dates the deepest drawdown by percent: its peak, trough and recovery', () => {
    const { shown } = maxDrawdown(dec('100'), curve(['120', '90', '130', '110', '125', '131']));
    // 120 → 90 is 25%; 130 → 110 only 15.4%.
    expect(shown).toEqual({ amount: '30.00', percent: '25.0000', start: '2026-03-02', trough: '2026-03-03', recovery: '2026-03-04', sessions: 2 });
  });

  it('counts a drawdown from the starting equity, and one never recovered to the last session', () => {
    const { shown } = maxDrawdown(dec('100'), curve(['95', '80', '90']));
    expect(shown).toEqual({ amount: '20.00', percent: '20.0000', start: '2026-03-02', trough: '2026-03-03', sessions: 3 });
  });
});

describe('metrics of a one-session run', () => {
  it('leaves every ratio of returns empty, as one return has no spread to measure', () => {
    const m = metricsOf(input(['990']));
    expect([m.volatilityPercent, m.sharpe, m.sortino, m.calmar]).toEqual([null, null, null, null]);
    expect(m.totalReturnPercent).toBe('-1.0000');
  });
});
