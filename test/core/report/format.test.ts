import { describe, expect, it } from 'vitest';
import { duration, fall, money, nyTime, percent, ratio, tone } from '../../../core/report/format.js';

describe('report figures', () => {
  it('when money is formatted then thousands are grouped, cents kept, and a loss has a true minus sign', () => {
    expect([money('1234567.891'), money('-1234.5'), money('12.5', { signed: true }), money('-0.001')]).toEqual(['1,234,567.89', '\u22121,234.50', '+12.50', '0.00']);
  });

  it('when a percent or a ratio is formatted then it is rounded half-even to its places', () => {
    expect([percent('8.9377'), percent('-0.125', { places: 2 }), percent('3', { signed: true, places: 1 }), ratio('1.345')]).toEqual(['8.94%', '\u22120.12%', '+3.0%', '1.34']);
  });

  it('when a figure is not a finite number or has no value then it is shown as such rather than as zero', () => {
    expect([ratio('Infinity'), money(''), tone('Infinity'), tone('-1'), tone('0')]).toEqual(['\u221e', '\u2014', 'up', 'down', 'flat']);
    expect([ratio(null), money(null), percent(null), duration(null), tone(null)]).toEqual(['\u2014', '\u2014', '\u2014', '\u2014', 'flat']);
  });

  it('when a holding time or an instant is formatted then it reads in minutes, hours or days, and in New York time', () => {
    expect([duration(45 * 60_000), duration(5 * 3_600_000), duration(36 * 3_600_000)]).toEqual(['45 min', '5.0 h', '1.5 d']);
    expect(nyTime(Date.UTC(2024, 0, 2, 14, 30))).toBe('2024-01-02 09:30');
  });

  it('when a holding time is just under an hour or a day then it reads in the next unit, never 60 min or 24.0 h', () => {
    expect([duration(59.6 * 60_000), duration(23.97 * 3_600_000)]).toEqual(['1.0 h', '1.0 d']);
  });
});

describe('fall', () => {
  it('when a drawdown comes as a positive magnitude or already negative then it reads as a loss either way', () => {
    expect([fall('8.34'), fall('-8.34'), fall('0')]).toEqual(['-8.34', '-8.34', '0']);
  });
});
