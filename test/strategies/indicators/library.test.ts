/**
 * A third opinion: where trading-signals (a dependency already) defines an indicator as the reference conventions
 * do, its values agree with the catalog's on the fixture. These are the classes the catalog could have used and
 * did not, for speed (docs/indicators.md); the ones defined otherwise (EMA, ATR, ADX, MACD, ROC, OBV) are not here.
 */
import { BollingerBands, RSI, SMA, StochasticOscillator, WMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { INDICATORS } from '../../../strategies/indicators/catalog.js';
import { loadFixtureBars } from './fixture.js';

const bars = loadFixtureBars();
const calendar = loadExchangeCalendar('XNYS');

function catalog(name: string, params: Record<string, unknown>, output?: string): number[] {
  const instance = INDICATORS.get(name)!.create(params, calendar);
  return bars.map((bar) => {
    instance.update(bar);
    return instance.value(output);
  });
}

function expectClose(actual: readonly number[], library: readonly (number | null | undefined)[]): void {
  let compared = 0;
  actual.forEach((value, i) => {
    const other = library[i];
    if (other === null || other === undefined) return;
    compared++;
    expect(Math.abs(value - other), `bar ${i}: ${value} vs ${other}`).toBeLessThanOrEqual(1e-9);
  });
  expect(compared).toBeGreaterThan(200);
}

describe('the catalog against trading-signals where the definitions are the same', () => {
  it('when SMA(20), WMA(9) and RSI(14) read the closes then trading-signals agrees', () => {
    const sma = new SMA(20);
    const wma = new WMA(9);
    const rsi = new RSI(14);
    expectClose(catalog('sma', { period: 20 }), bars.map((bar) => sma.add(bar.close)));
    expectClose(catalog('wma', { period: 9 }), bars.map((bar) => wma.add(bar.close)));
    expectClose(catalog('rsi', {}), bars.map((bar) => rsi.add(bar.close)));
  });

  it('when Bollinger(20, 2) reads the closes then trading-signals agrees on every band', () => {
    const bands = new BollingerBands(20, 2);
    const results = bars.map((bar) => bands.add(bar.close));
    for (const band of ['middle', 'upper', 'lower'] as const) expectClose(catalog('bollinger', {}, band), results.map((r) => r?.[band]));
  });

  it('when the stochastic(14, 3) reads the bars then trading-signals, with no slowing of %K, agrees', () => {
    const stochastic = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
    const results = bars.map((bar) => stochastic.add(bar));
    expectClose(catalog('stochastic', {}, 'k'), results.map((r) => r?.stochK));
    expectClose(catalog('stochastic', {}, 'd'), results.map((r) => r?.stochD));
  });
});
