/** Rates for tests: the bundled tables by date, or the rates printed in a published example. */
import { dec } from '../../../core/domain/money.js';
import type { IbkrRow, RatesOn, RowOrigin } from '../../../plugins/costs/tables.js';
import { ratesOn } from '../../../plugins/costs/tables.js';

/**
 * The rates of IBKR's "Stock and ETF Fixed vs. Tiered Pricing Comparison Examples"
 * (interactivebrokers.ca/en/index.php?f=713): SEC 0.000008 of the sale, TAF 0.000119 a share capped at
 * 7.27, FINRA pass-through 0.00056 and NYSE 0.000175 of the commission, and a 0.003 exchange fee for
 * removing liquidity (600 for 200,000 shares). CAT did not exist then.
 */
const EXAMPLE: RowOrigin = { kind: 'config', file: 'test', source: 'IBKR Stock and ETF Fixed vs. Tiered Pricing Comparison Examples', verifiedThrough: '9999-12-31' };

export function ibkrExampleRates(date: string): RatesOn {
  const today = ratesOn('2026-03-02');
  const ibkr: IbkrRow = {
    ...today.ibkr,
    tiered: { ...today.ibkr.tiered, exchangeFeePerShare: dec('0.003'), finraPassThroughRate: dec('0.00056'), nysePassThroughRate: dec('0.000175') },
  };
  return {
    date,
    sec: { from: date, origin: EXAMPLE, rate: dec('0.000008') },
    taf: { from: date, origin: EXAMPLE, perShare: dec('0.000119'), maxPerTrade: dec('7.27') },
    cat: { from: date, origin: EXAMPLE, perShare: dec('0') },
    ibkr,
  };
}
