/**
 * US regulatory fees of one execution, from the rates of its trade date: SEC Section 31 and FINRA TAF
 * on sales only (TAF capped per execution), CAT on every execution, buys and sells alike.
 */
import { Dec, ZERO, type Decimal } from '../../core/domain/money.js';
import type { Side } from '../../core/domain/types.js';
import type { CatRow, SecRow, TafRow } from './tables.js';

export function secFee(rate: SecRow, side: Side, value: Decimal): Decimal {
  return side === 'SELL' ? value.times(rate.rate) : ZERO;
}

export function tafFee(rate: TafRow, side: Side, quantity: Decimal): Decimal {
  return side === 'SELL' ? Dec.min(quantity.times(rate.perShare), rate.maxPerTrade) : ZERO;
}

export function catFee(rate: CatRow, quantity: Decimal): Decimal {
  return quantity.times(rate.perShare);
}
