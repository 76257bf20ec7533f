/**
 * US regulatory fees of one execution, from the rates of its trade date: SEC Section 31 and FINRA TAF
 * are owed on sales only (TAF capped per execution), so only a sale asks for them; CAT on every
 * execution, buys and sells alike.
 */
import { Dec, type Decimal } from '../../core/domain/money.js';
import type { CatRow, SecRow, TafRow } from './tables.js';

/** The SEC Section 31 fee of a sale of `value`. */
export function secFee(rate: Pick<SecRow, 'rate'>, value: Decimal): Decimal {
  return value.times(rate.rate);
}

/** The FINRA TAF of a sale of `quantity` shares in one execution. */
export function tafFee(rate: Pick<TafRow, 'perShare' | 'maxPerTrade'>, quantity: Decimal): Decimal {
  return Dec.min(quantity.times(rate.perShare), rate.maxPerTrade);
}

export function catFee(rate: Pick<CatRow, 'perShare'>, quantity: Decimal): Decimal {
  return quantity.times(rate.perShare);
}
