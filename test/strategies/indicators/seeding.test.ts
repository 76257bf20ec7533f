/**
 * Hand-worked sequences, small enough to check on paper, that pin the seeding the reference conventions ask for:
 * Wilder's RSI and ATR start from plain means of the first n changes / true ranges (true ranges from the second
 * bar), where trading-signals' ATR would count the first bar's high − low too.
 */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../core/domain/types.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { INDICATORS } from '../../../strategies/indicators/catalog.js';

const calendar = loadExchangeCalendar('XNYS');

function bar(high: number, low: number, close: number, i: number): Bar {
  return { symbol: 'X', time: Date.parse('2026-11-24T09:30:00-05:00') + i * 60_000, durationMs: 60_000, open: close, high, low, close, volume: 100 };
}

function feed(name: string, params: Record<string, unknown>, bars: readonly Bar[], output?: string): number[] {
  const instance = INDICATORS.get(name)!.create(params, calendar);
  return bars.map((b) => {
    instance.update(b);
    return instance.value(output);
  });
}

describe('rsi seeding', () => {
  it('when closes 10, 11, 10.5, 12, 11, 11.5 go through RSI(3) then the values are 250/3, 500/9 and 580/9 from the fourth', () => {
    // Changes +1, −0.5, +1.5 → avgGain 2.5/3, avgLoss 0.5/3, RS 5, RSI 100 − 100/6 = 250/3.
    // Change −1 → avgGain (5/3 + 0)/3 = 5/9, avgLoss (1/3 + 1)/3 = 4/9, RS 1.25, RSI 100 − 100/2.25 = 500/9.
    // Change +0.5 → avgGain (10/9 + 1/2)/3 = 14.5/27, avgLoss (8/9)/3 = 8/27, RS 1.8125, RSI 100 − 100/2.8125 = 580/9.
    const closes = [10, 11, 10.5, 12, 11, 11.5];
    const values = feed('rsi', { period: 3 }, closes.map((c, i) => bar(c, c, c, i)));
    expect(values.slice(0, 3)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(values[3]).toBeCloseTo(250 / 3, 12);
    expect(values[4]).toBeCloseTo(500 / 9, 12);
    expect(values[5]).toBeCloseTo(580 / 9, 12);
  });

  it('when every change is a gain then RSI is 100', () => {
    const values = feed('rsi', { period: 3 }, [1, 2, 3, 4, 5].map((c, i) => bar(c, c, c, i)));
    expect(values.slice(3)).toEqual([100, 100]);
  });
});

describe('atr seeding', () => {
  it('when six bars go through ATR(3) then the first value is the mean of the true ranges of bars 2 to 4', () => {
    // True ranges from the second bar: 1.5 (11 − 9.5), 0.8 (10.8 − 10), 1.8 (12 − 10.2), 0.8 (11.8 − 11), 1.8 (13 − 11.2, a gap up).
    const bars = [bar(10, 9, 9.5, 0), bar(11, 9.5, 10.5, 1), bar(10.8, 10, 10.2, 2), bar(12, 10.5, 11.8, 3), bar(11.5, 11, 11.2, 4), bar(13, 12.5, 12.8, 5)];
    const values = feed('atr', { period: 3 }, bars);
    expect(values.slice(0, 3)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(values[3]).toBeCloseTo(4.1 / 3, 12); // (1.5 + 0.8 + 1.8) / 3, not (1 + 1.5 + 0.8) / 3 on bar 3
    expect(values[4]).toBeCloseTo(10.6 / 9, 12); // (4.1/3 × 2 + 0.8) / 3
    expect(values[5]).toBeCloseTo(37.4 / 27, 12); // (10.6/9 × 2 + 1.8) / 3
    const ranges = feed('true_range', {}, bars);
    expect(ranges[0]).toBeNaN();
    [1.5, 0.8, 1.8, 0.8, 1.8].forEach((range, i) => expect(ranges[i + 1]).toBeCloseTo(range, 12));
  });
});

describe('macd seeding', () => {
  it('when MACD(2, 4, 2) reads 4, 1, 2, 3, 5, 5 then its fast EMA was seeded on bars 3 and 4, as TA-Lib seeds it', () => {
    // Slow EMA(4), α 0.4: mean(4, 1, 2, 3) = 2.5 on bar 4, then 3.5, 4.1.
    // Fast EMA(2), α 2/3: mean(2, 3) = 2.5 on bar 4 (seeding with mean(4, 1) on bar 2 would give 49/18 there),
    // then 25/6, 85/18. MACD 0, 2/3, 28/45; signal EMA(2) of it: mean(0, 2/3) = 1/3 on bar 5, then 71/135.
    const bars = [4, 1, 2, 3, 5, 5].map((c, i) => bar(c, c, c, i));
    const line = feed('macd', { fast: 2, slow: 4, signal: 2 }, bars);
    const signal = feed('macd', { fast: 2, slow: 4, signal: 2 }, bars, 'signal');
    const histogram = feed('macd', { fast: 2, slow: 4, signal: 2 }, bars, 'histogram');
    for (const series of [line, signal, histogram]) expect(series.slice(0, 4)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(line[4]).toBeCloseTo(2 / 3, 12);
    expect(line[5]).toBeCloseTo(28 / 45, 12);
    expect(signal[4]).toBeCloseTo(1 / 3, 12);
    expect(signal[5]).toBeCloseTo(71 / 135, 12);
    expect(histogram[5]).toBeCloseTo(28 / 45 - 71 / 135, 12);
  });
});

describe('where a definition divides by zero', () => {
  const flat = [5, 5, 5, 5, 5, 5].map((c, i) => bar(c, c, c, i));

  it('when closes never change then RSI is 100 (the reference conventions; TA-Lib would give 0)', () => {
    expect(feed('rsi', { period: 3 }, flat).slice(3)).toEqual([100, 100, 100]);
  });

  it('when highs and lows are all equal then %K is 0, the bands have no width and percent_b is NaN', () => {
    expect(feed('stochastic', { period: 3, smooth: 2 }, flat).slice(3)).toEqual([0, 0, 0]);
    expect(feed('bollinger', { period: 3 }, flat, 'width').slice(2)).toEqual([0, 0, 0, 0]);
    expect(feed('bollinger', { period: 3 }, flat, 'percent_b').slice(2)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
  });

  it('when the value n bars back was 0 then ROC is 0, as TA-Lib has it', () => {
    expect(feed('roc', { period: 1, source: 'volume' }, [{ ...flat[0]!, volume: 0 }, flat[1]!])[1]).toBe(0);
  });
});
