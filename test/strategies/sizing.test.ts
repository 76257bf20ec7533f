/** How many shares a new position gets, by each sizing mode, rounded down and capped, with the reason in words. */
import { describe, expect, it } from 'vitest';
import { dec } from '../../core/domain/money.js';
import { sizeOf } from '../../strategies/sizing.js';

const AT_50 = { price: dec('50'), equity: dec('100000') };

describe('sizing', () => {
  it('when sizing is a quantity then that many shares, whatever the price', () => {
    expect(sizeOf({ quantity: 100 }, AT_50)).toEqual({ quantity: dec('100'), why: 'sizing.quantity 100 shares' });
  });

  it('when sizing is a notional then the whole shares it buys at the price', () => {
    // 10,000 / 49.99 = 200.04 → 200
    const size = sizeOf({ notional: 10000 }, { ...AT_50, price: dec('49.99') });
    expect(size.quantity.toString()).toBe('200');
    expect(size.why).toBe('notional $10000 ÷ price 49.99 = 200 shares');
  });

  it('when sizing is a percent of equity then that share of equity in whole shares', () => {
    // 12.5% of 100,000 = 12,500 / 50 = 250
    expect(sizeOf({ equityPercent: 12.5 }, AT_50).quantity.toString()).toBe('250');
  });

  it('when sizing is by risk then equity × risk% ÷ stop distance, rounded down', () => {
    // 0.5% of 100,000 = 500 at risk; ÷ 1.30 a share = 384.6 → 384
    const size = sizeOf({ riskPercent: 0.5 }, { ...AT_50, stopDistance: dec('1.3') });
    expect(size.quantity.toString()).toBe('384');
    expect(size.why).toBe('0.5% of equity $100000.00 at risk ÷ stop distance 1.3 = 384 shares');
  });

  it('when the size is over maxPosition then it is capped, and the reason says so', () => {
    const size = sizeOf({ riskPercent: 1, maxPosition: 300 }, { ...AT_50, stopDistance: dec('1') });
    expect(size.quantity.toString()).toBe('300');
    expect(size.why).toMatch(/= 1000, capped at maxPosition 300$/);
  });

  it('when sizing by risk has no usable stop distance then no share, never a division by zero', () => {
    expect(sizeOf({ riskPercent: 1 }, AT_50).quantity.toString()).toBe('0');
    expect(sizeOf({ riskPercent: 1 }, { ...AT_50, stopDistance: dec('0') }).quantity.toString()).toBe('0');
    expect(sizeOf({ riskPercent: 1 }, { ...AT_50, stopDistance: dec('-2') }).why).toMatch(/no usable stop distance/);
  });

  it('when the amount buys less than one share then zero shares', () => {
    expect(sizeOf({ notional: 40 }, AT_50).quantity.toString()).toBe('0');
  });

  it('when the price is zero then no share rather than an infinite size', () => {
    expect(sizeOf({ notional: 1000 }, { ...AT_50, price: dec('0') }).quantity.toString()).toBe('0');
  });
});

describe('sizing by risk never borrows', () => {
  it('when a tight stop asks for more shares than equity buys then the size is what equity buys', () => {
    // 1% of 100,000 = 1,000 at risk ÷ 0.10 = 10,000 shares, worth 500,000 at 50: equity buys 2,000
    const size = sizeOf({ riskPercent: 1 }, { ...AT_50, stopDistance: dec('0.1') });
    expect(size.quantity.toString()).toBe('2000');
    expect(size.why).toMatch(/= 10000, capped at what equity buys at 50 = 2000 shares$/);
  });
});
