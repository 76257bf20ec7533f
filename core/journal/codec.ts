/**
 * How Decimals are written to the journal: fixed-scale text (12 places), never a float, so a value
 * reads back exactly as it was booked and the text sorts and compares the same way in every row.
 */
import { dec, type Decimal } from '../domain/money.js';

/** Places every journaled amount, price and quantity is written with. */
export const JOURNAL_SCALE = 12;

/** Fixed-scale text; a value with more places than the scale keeps all of them rather than be rounded. */
export function encodeDecimal(value: Decimal): string {
  return value.toFixed(Math.max(JOURNAL_SCALE, value.decimalPlaces()));
}

export function decodeDecimal(text: string, what: string): Decimal {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`expected ${what} to be a decimal string, was ${JSON.stringify(text)}`);
  return dec(text);
}
