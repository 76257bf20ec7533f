/**
 * Costs per fill: the per-order minimum holds across partial fills (each fill pays C(Q+q, V+v) − C(Q, V)),
 * any split adds up to the whole order, rounding policies round where they say, tiers follow the
 * month, and a date outside the tables fails closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { Dec, ZERO, dec } from '../../../core/domain/money.js';
import type { Side } from '../../../core/domain/types.js';
import { CostCalculator, type CostPolicy } from '../../../plugins/costs/calculator.js';
import { PLANS, fixedCommission } from '../../../plugins/costs/commission.js';
import { ORDER_LEVEL_KEYS, ROUNDING_POLICIES, addFees, NO_FEES, feeTotal, feesToStrings, type Fees } from '../../../plugins/costs/fees.js';
import { ratesOn } from '../../../plugins/costs/tables.js';
import { ibkrExampleRates } from './support.js';

const DATE = '2026-03-02';
const fresh = (policy: CostPolicy, monthShares = '0', month = '2026-03'): CostCalculator => new CostCalculator(policy, { month, shares: dec(monthShares) });
const fill = (c: CostCalculator, quantity: string, price: string, options: { orderId?: number; side?: Side; date?: string } = {}): Fees =>
  c.fill({ orderId: options.orderId ?? 1, side: options.side ?? 'BUY', quantity: dec(quantity), price: dec(price), tradeDate: options.date ?? DATE });

describe('CostCalculator: partial fills', () => {
  it('when 100 shares at 50 fill as 30 then 70 under Fixed then the first fill pays the 1.00 minimum and the second 0.00', () => {
    // Arrange
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });

    // Act
    const first = fill(c, '30', '50');
    const second = fill(c, '70', '50');

    // Assert
    expect(first.commission.toFixed(2)).toBe('1.00');
    expect(second.commission.toFixed(2)).toBe('0.00');
  });

  it('when a 300-share order fills 30, 70 then 200 then the last fill pays only what the order adds above the minimum (0.50)', () => {
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });
    const charged = ['30', '70', '200'].map((q) => fill(c, q, '50').commission.toFixed(2));
    expect(charged).toEqual(['1.00', '0.00', '0.50']);
  });

  it('when two orders fill at once then each has its own minimum', () => {
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });
    expect(fill(c, '10', '50', { orderId: 1 }).commission.toString()).toBe('1');
    expect(fill(c, '10', '50', { orderId: 2 }).commission.toString()).toBe('1');
    expect(fill(c, '10', '50', { orderId: 1 }).commission.toString()).toBe('0');
  });

  it('when an order is closed then a later fill with its id starts a new minimum', () => {
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });
    fill(c, '10', '50');
    c.closeOrder(1);
    expect(fill(c, '10', '50').commission.toString()).toBe('1');
  });
});

describe('CostCalculator: any split adds up to the whole order (property)', () => {
  const splitArb = fc.record({
    plan: fc.constantFrom(...PLANS),
    rounding: fc.constantFrom(...ROUNDING_POLICIES),
    side: fc.constantFrom<Side>('BUY', 'SELL'),
    cents: fc.integer({ min: 1, max: 100_000 }),
    monthShares: fc.integer({ min: 0, max: 3_100_000 }),
    parts: fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 8 }),
  });

  it('when an order is split into partial fills at one price then the fills\' commission and order-level fees add up to the whole order\'s, to the digit', () => {
    fc.assert(
      fc.property(splitArb, ({ plan, rounding, side, cents, monthShares, parts }) => {
        // Arrange
        const price = dec(String(cents)).div(100);
        const total = parts.reduce((a, b) => a + b, 0);
        const whole = fresh({ plan, rounding }, String(monthShares)).quote(side, dec(String(total)), price, DATE);
        const c = fresh({ plan, rounding }, String(monthShares));

        // Act
        const summed = parts.reduce<Fees>((sum, q) => addFees(sum, c.fill({ orderId: 7, side, quantity: dec(String(q)), price, tradeDate: DATE })), NO_FEES);

        // Assert
        for (const key of ORDER_LEVEL_KEYS) expect(summed[key].toString(), key).toBe(whole[key].toString());
      }),
      { numRuns: 300 },
    );
  });

  it('when the partial fills have different prices then Fixed charges exactly C(Q, V) of the whole order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ q: fc.integer({ min: 1, max: 5_000 }), cents: fc.integer({ min: 1, max: 50_000 }) }), { minLength: 1, maxLength: 10 }), (fills) => {
        const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });
        let quantity = ZERO;
        let value = ZERO;
        let summed = ZERO;
        for (const f of fills) {
          const price = dec(String(f.cents)).div(100);
          summed = summed.plus(c.fill({ orderId: 1, side: 'BUY', quantity: dec(String(f.q)), price, tradeDate: DATE }).commission);
          quantity = quantity.plus(f.q);
          value = value.plus(price.times(f.q));
        }
        expect(summed.toString()).toBe(fixedCommission(ratesOn(DATE).ibkr.fixed, quantity, value).toString());
      }),
      { numRuns: 300 },
    );
  });
});

describe('CostCalculator: rounding policies', () => {
  const twoSells = (rounding: CostPolicy['rounding']): Fees[] => {
    const c = fresh({ plan: 'ibkr-fixed', rounding });
    return [fill(c, '100', '25', { side: 'SELL' }), fill(c, '100', '25', { side: 'SELL' })];
  };

  it('when rounding is none then every fee is charged unrounded', () => {
    const [first] = twoSells('none');
    expect([first!.tafFee.toString(), first!.catFee.toString()]).toEqual(['0.0195', '0.0048']);
  });

  it('when rounding is per fill then each fill pays each regulatory fee rounded up to the cent', () => {
    const [first, second] = twoSells('per-fill');
    expect([first!.tafFee.toString(), first!.catFee.toString(), second!.tafFee.toString(), second!.catFee.toString()]).toEqual(['0.02', '0.01', '0.02', '0.01']);
  });

  it('when rounding is per order then each fee is rounded up once on the order\'s running total', () => {
    const [first, second] = twoSells('per-order');
    // TAF: 0.0195 → 0.02, then 0.039 → 0.04 (+0.02); CAT: 0.0048 → 0.01, then 0.0096 → 0.01 (+0.00).
    expect([first!.tafFee.toString(), first!.catFee.toString(), second!.tafFee.toString(), second!.catFee.toString()]).toEqual(['0.02', '0.01', '0.02', '0']);
  });

  it('when rounding is per fill then a commission of 1.005 is charged 1.01 and the order still totals its rounded whole', () => {
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'per-fill' });
    const first = fill(c, '201', '50').commission;
    const second = fill(c, '99', '50').commission;
    expect([first.toString(), second.toString(), first.plus(second).toString()]).toEqual(['1.01', '0.49', '1.5']);
  });
});

describe('CostCalculator: IBKR Tiered through the month', () => {
  it('when fills cross the 300,000-share tier within a month then the shares past it pay the next tier', () => {
    const c = fresh({ plan: 'ibkr-tiered', rounding: 'none' }, '299000');
    expect(fill(c, '2000', '25', { orderId: 1 }).commission.toString()).toBe('5.5'); // 1,000 × 0.0035 + 1,000 × 0.002
    expect(fill(c, '1000', '25', { orderId: 2 }).commission.toString()).toBe('2');
    expect(c.monthVolume.shares.toString()).toBe('302000');
  });

  it('when a new month starts then the volume starts again from zero', () => {
    const c = fresh({ plan: 'ibkr-tiered', rounding: 'none' }, '299000');
    fill(c, '2000', '25', { date: '2026-03-31' });
    const april = fill(c, '1000', '25', { orderId: 2, date: '2026-04-01' });
    expect(april.commission.toString()).toBe('3.5');
    expect(c.monthVolume).toMatchObject({ month: '2026-04' });
  });

  it('when IBKR\'s 200,000-share comparison example is replayed through the calculator then every line matches it (total 1,355.78)', () => {
    // Arrange: sell 200,000 Nasdaq shares at 5, removing liquidity, in a fresh month, with the example's rates.
    const c = new CostCalculator({ plan: 'ibkr-tiered', rounding: 'none' }, { month: '2026-03', shares: ZERO }, ibkrExampleRates);

    // Act
    const fees = fill(c, '200000', '5', { side: 'SELL' });

    // Assert
    expect(fees.commission.toString()).toBe('700');
    expect(fees.exchangeFee.toString()).toBe('600');
    expect(fees.clearingFee.toString()).toBe('40');
    expect(fees.secFee.toString()).toBe('8');
    expect(fees.tafFee.toString()).toBe('7.27');
    expect(fees.passThroughFee.toFixed(2)).toBe('0.51'); // FINRA 0.39 + NYSE 0.12
    expect(feeTotal(fees).toFixed(2)).toBe('1355.78');
  });

  it('when the same example is priced under Fixed then it costs what IBKR shows (1,015.27)', () => {
    const c = new CostCalculator({ plan: 'ibkr-fixed', rounding: 'none' }, { month: '2026-03', shares: ZERO }, ibkrExampleRates);
    expect(feeTotal(fill(c, '200000', '5', { side: 'SELL' })).toFixed(2)).toBe('1015.27');
  });
});

describe('CostCalculator: dates outside the tables', () => {
  it('when a fill is after every table was verified then it is charged the last known rates, as on the last verified day', () => {
    // Act
    const later = fill(fresh({ plan: 'ibkr-fixed', rounding: 'none' }), '100', '50', { date: '2028-06-01', side: 'SELL' });
    const verified = fill(fresh({ plan: 'ibkr-fixed', rounding: 'none' }), '100', '50', { date: '2026-12-31', side: 'SELL' });

    // Assert
    expect(feesToStrings(later)).toEqual({ ...feesToStrings(verified), tafFee: feesToStrings(later).tafFee });
  });

  it('when a sale is before the SEC table starts then it throws ROBO_ERR_COST_COVERAGE and charges nothing', () => {
    const c = fresh({ plan: 'ibkr-fixed', rounding: 'none' });
    let error: unknown;
    try {
      fill(c, '100', '50', { date: '1999-05-21', side: 'SELL' });
    } catch (caught) {
      error = caught;
    }
    expect(isRoboError(error, 'ROBO_ERR_COST_COVERAGE')).toBe(true);
  });

  it('when the plan is zero then no table is consulted and nothing is charged, on any date', () => {
    const c = fresh({ plan: 'zero', rounding: 'none' });
    const fees = fill(c, '100', '50', { date: '2030-01-02', side: 'SELL' });
    expect(feeTotal(fees).isZero()).toBe(true);
  });
});

// Money stays Decimal: nothing in a breakdown is a JS number.
describe('CostCalculator: Decimal end to end', () => {
  it('when a fill is priced then every part of its breakdown is a Decimal from the private constructor', () => {
    const fees = fill(fresh({ plan: 'ibkr-tiered', rounding: 'none' }), '123', '45.67', { side: 'SELL' });
    for (const value of Object.values(fees)) expect(value).toBeInstanceOf(Dec);
  });
});
