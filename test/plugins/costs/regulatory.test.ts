/** SEC Section 31, FINRA TAF and CAT fees of one execution, by the New York trade date's rates. */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { catFee, secFee, tafFee } from '../../../plugins/costs/regulatory.js';
import { builtinRateBook, ratesOn } from '../../../plugins/costs/tables.js';
import { ibkrExampleRates } from './support.js';

describe('SEC Section 31 fee', () => {
  it.each([
    // [trade date, side, sale value, fee, why]
    ['2024-06-03', 'SELL', '1000000', '27.8', '27.80 per million from 2024-05-22'],
    ['2025-05-13', 'SELL', '1000000', '27.8', 'the last day before the zero period'],
    ['2025-05-14', 'SELL', '1000000', '0', 'the 0.00 period starts on 2025-05-14'],
    ['2026-03-02', 'SELL', '25000', '0', 'still 0.00 in March 2026'],
    ['2026-04-03', 'SELL', '1000000', '0', 'the day before the fiscal 2026 rate'],
    ['2026-04-06', 'SELL', '1000000', '20.6', '20.60 per million from 2026-04-04'],
    ['2026-05-01', 'SELL', '250', '0.00515', 'a small sale, unrounded'],
  ])('when the trade date is %s and the side %s on %s then the fee is %s (%s)', (date, _side, value, expected) => {
    expect(secFee(builtinRateBook().sec.lookup(date).row, dec(value)).toString()).toBe(expected);
  });

  it('when IBKR\'s comparison example is replayed then the transaction fee is 0.000008 of the sale (1,200 on 150,000,000; 8.00 on 1,000,000)', () => {
    const rates = ibkrExampleRates('2026-03-02');
    expect(secFee(rates.sec, dec('150000000')).toString()).toBe('1200');
    expect(secFee(rates.sec, dec('1000000')).toString()).toBe('8');
  });
});

describe('FINRA Trading Activity Fee', () => {
  it.each([
    // [trade date, shares sold, fee, why]
    ['2025-06-02', '1000', '0.166', '0.000166 a share in 2025'],
    ['2025-06-02', '100000', '8.3', 'capped at 8.30 a trade in 2025'],
    ['2026-03-02', '1000', '0.195', '0.000195 a share in 2026'],
    ['2026-03-02', '50205', '9.789975', 'just under the 2026 cap'],
    ['2026-03-02', '50206', '9.79', 'the 2026 cap of 9.79 a trade'],
    ['2026-10-01', '1000', '0', 'suspended from 2026-10-01'],
  ])('when the trade date is %s and %s shares are sold then the fee is %s (%s)', (date, shares, expected) => {
    expect(tafFee(ratesOn(date).taf, dec(shares)).toString()).toBe(expected);
  });

  it('when IBKR\'s comparison example is replayed then the TAF is its 7.27 cap for 200,000 and 30,000,000 shares', () => {
    const { taf } = ibkrExampleRates('2026-03-02');
    expect(tafFee(taf, dec('200000')).toString()).toBe('7.27');
    expect(tafFee(taf, dec('30000000')).toString()).toBe('7.27');
  });
});

describe('CAT fee', () => {
  it.each([
    ['2024-09-16', 'BUY', '0.035', 'CAT Fee 2024-1 alone in September 2024'],
    ['2026-03-02', 'BUY', '0.048', 'CAT Fee 2024-1 plus Historical CAT Assessment 1'],
    ['2026-03-02', 'SELL', '0.048', 'on sells too'],
  ])('when 1,000 shares trade on %s (a %s) then the fee is %s (%s)', (date, _side, expected) => {
    expect(catFee(ratesOn(date).cat, dec('1000')).toString()).toBe(expected);
  });
});
