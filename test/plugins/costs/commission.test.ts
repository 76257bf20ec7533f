/**
 * IBKR Pro commissions against IBKR's own published examples: the Fixed minimum, the 1% cap that beats
 * the minimum, Tiered's marginal monthly tiers (split at a boundary) and its clearing and pass-through fees.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { fixedCommission, orderCommission, tieredClearing, tieredExchange, tieredPassThrough, tieredShareCost } from '../../../plugins/costs/commission.js';
import { ratesOn } from '../../../plugins/costs/tables.js';
import { ibkrExampleRates } from './support.js';

const { fixed, tiered } = ratesOn('2026-03-02').ibkr;

describe('IBKR Pro Fixed', () => {
  it.each([
    // [shares, price, commission, what the example shows]
    ['100', '25', '1.00', 'the 1.00 minimum: 100 × 0.005 = 0.50 is below it'],
    ['1000', '25', '5.00', 'the per-share rate: 1,000 × 0.005'],
    ['1000', '0.25', '2.50', 'the 1% cap beats the minimum: 1% of 250 (IBKR example)'],
    ['1', '7.38', '0.0738', 'one share at 7.38 is charged 1% of its value, not 1.00'],
    ['30000000', '5', '150000', 'IBKR comparison example: 30,000,000 shares at 5'],
    ['200000', '5', '1000', 'IBKR comparison example: 200,000 shares at 5'],
  ])('when %s shares trade at %s then the commission is %s (%s)', (shares, price, expected) => {
    // Act
    const commission = fixedCommission(fixed, dec(shares), dec(shares).times(price));

    // Assert
    expect(commission.eq(dec(expected))).toBe(true);
  });

  it('when nothing has filled yet then the order has cost nothing, minimum or not', () => {
    expect(fixedCommission(fixed, dec('0'), dec('0')).isZero()).toBe(true);
  });
});

describe('IBKR Pro Tiered', () => {
  it('when 30,000,000 shares are sold in a fresh month then each tier charges its own shares (IBKR example: 1,050 + 5,400 + 25,500 + 10,000)', () => {
    // Act
    const raw = tieredShareCost(tiered.tiers, dec('0'), dec('30000000'));

    // Assert
    expect(raw.toString()).toBe('41950');
  });

  it.each([
    // [month before, shares, commission before min/max, why]
    ['0', '1000', '3.5', 'all in the first tier'],
    ['299500', '1000', '2.75', 'split at 300,000: 500 × 0.0035 + 500 × 0.002'],
    ['300000', '1000', '2', 'starts exactly on the boundary: all at 0.002'],
    ['2999000', '2000', '3.5', 'split at 3,000,000: 1,000 × 0.002 + 1,000 × 0.0015'],
    ['150000000', '1000', '0.5', 'above 100,000,000: 0.0005'],
  ])('when %s shares were traded this month and %s more trade then the per-share part is %s (%s)', (before, shares, expected) => {
    expect(tieredShareCost(tiered.tiers, dec(before), dec(shares)).toString()).toBe(expected);
  });

  it.each([
    ['50', '25', '0.35', 'the 0.35 minimum: 50 × 0.0035 = 0.175'],
    ['1000', '0.02', '0.2', 'the 1% cap beats the minimum: 1% of 20'],
    ['1000', '25', '3.5', 'neither: 1,000 × 0.0035'],
  ])('when %s shares trade at %s then the order commission is %s (%s)', (shares, price, expected) => {
    const q = dec(shares);
    const commission = orderCommission(tieredShareCost(tiered.tiers, dec('0'), q), q, q.times(price), tiered.minimum, tiered.maxRateOfValue);
    expect(commission.toString()).toBe(expected);
  });

  it('when IBKR\'s comparison example is replayed then clearing and pass-through fees match it to the cent', () => {
    // Arrange: 30,000,000 and 200,000 shares at 5 under the example's own pass-through rates.
    const example = ibkrExampleRates('2026-03-02').ibkr.tiered;
    const cases = [
      { shares: '30000000', commission: '41950', clearing: '6000', finra: '23.49', nyse: '7.34' },
      { shares: '200000', commission: '700', clearing: '40', finra: '0.39', nyse: '0.12' },
    ];

    for (const c of cases) {
      // Act
      const q = dec(c.shares);
      const commission = orderCommission(tieredShareCost(example.tiers, dec('0'), q), q, q.times(5), example.minimum, example.maxRateOfValue);
      const clearing = tieredClearing(example, q, q.times(5));
      const passThrough = tieredPassThrough(example, commission);

      // Assert
      expect(commission.toString()).toBe(c.commission);
      expect(clearing.toString()).toBe(c.clearing);
      expect(commission.times(example.finraPassThroughRate).toFixed(2)).toBe(c.finra);
      expect(commission.times(example.nysePassThroughRate).toFixed(2)).toBe(c.nyse);
      expect(passThrough.eq(commission.times('0.000735'))).toBe(true);
    }
  });
});

/**
 * Stocks under 1.00. IBKR's US stock pricing page gives the Fixed case (1,000 shares at 0.25 cost 2.50, 1%
 * of the value); Tiered passes the exchange's access fee through, and Reg NMS Rule 610(c) caps that fee at
 * 0.003 a share for quotes of 1.00 or more and at 0.3% of the quote below — so the per-share fee assumed for
 * taking liquidity must never exceed 0.3% of the trade value. Clearing is at most 0.5% of the value, and the
 * pass-throughs are fractions of the commission, which the 1% cap has already cut.
 */
describe('IBKR Pro Tiered under 1.00 a share', () => {
  it.each([
    // [shares, price, commission, exchange, clearing, pass-through, why]
    ['1000', '0.25', '2.50', '0.75', '0.20', '0.001845', 'the 1% cap (not 3.50) and 0.3% of 250 (not 3.00)'],
    ['10000', '0.05', '5.00', '1.50', '2.00', '0.00369', '0.3% of 500 for exchange; clearing 10,000 × 0.0002 is under 0.5% of 500 (2.50)'],
    ['100000', '0.001', '1.00', '0.30', '0.50', '0.000738', 'a tenth-of-a-cent stock: clearing hits its 0.5% cap of 0.50'],
    ['1000', '1.00', '3.50', '3.00', '0.20', '0.002583', 'at 1.00 the per-share access fee and 0.3% of the value meet'],
    ['1000', '25', '3.50', '3.00', '0.20', '0.002583', 'above 1.00 the per-share fee applies as before'],
  ])('when %s shares trade at %s then commission %s, exchange %s, clearing %s, pass-through %s (%s)', (shares, price, commission, exchange, clearing, passThrough) => {
    // Arrange
    const quantity = dec(shares);
    const value = quantity.times(price);

    // Act
    const charged = orderCommission(tieredShareCost(tiered.tiers, dec('0'), quantity), quantity, value, tiered.minimum, tiered.maxRateOfValue);

    // Assert
    expect(charged.toFixed(2)).toBe(commission);
    expect(tieredExchange(tiered, quantity, value).toFixed(2)).toBe(exchange);
    expect(tieredClearing(tiered, quantity, value).toFixed(2)).toBe(clearing);
    expect(tieredPassThrough(tiered, charged).toFixed()).toBe(passThrough);
  });
});
