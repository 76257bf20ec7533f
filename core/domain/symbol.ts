/**
 * A ticker symbol as the exchange writes it: a capital letter, then up to 9 capital letters, digits or
 * dots (SPY, BRK.B). The config's schema and the bar files are checked by this one rule.
 */
export const SYMBOL_PATTERN = '^[A-Z][A-Z0-9.]{0,9}$';

const SYMBOL = new RegExp(SYMBOL_PATTERN);

export function isSymbol(text: string): boolean {
  return SYMBOL.test(text);
}

/** How a message says what a symbol must look like. */
export const SYMBOL_EXPECTATION = 'a ticker symbol (a capital letter, then up to 9 capital letters, digits or dots, like SPY or BRK.B)';
