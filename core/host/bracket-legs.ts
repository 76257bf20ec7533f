/**
 * A bracket as the host receives it — an entry and the exits that protect what it opens — and what makes
 * legs a bracket at all, checked before any guard sees them.
 */
import { isDecimal } from '../domain/money.js';
import type { OrderIntent } from '../domain/types.js';

/** A bracket as a strategy asks for it: the entry, and at least one exit, each without its link (the host adds it). */
export interface BracketLegs {
  readonly entry: OrderIntent;
  readonly takeProfit?: OrderIntent;
  readonly stopLoss?: OrderIntent;
}

/** What makes legs a bracket: exits on the other side of the same symbol, for the strategy's entry, no larger than it. */
export function bracketProblem(legs: readonly OrderIntent[]): string | undefined {
  const [entry, ...exits] = legs;
  if (entry === undefined || exits.length === 0) return 'a bracket needs an entry and at least one exit (a take profit or a stop loss)';
  for (const exit of exits) {
    const role = exit.bracket?.role ?? 'exit';
    if (exit.symbol !== entry.symbol || exit.strategyId !== entry.strategyId) return `a bracket's ${role} must be for the entry's symbol ${entry.symbol}, was ${exit.symbol}`;
    if (exit.side === entry.side) return `a bracket's ${role} must be on the other side of its entry (${entry.side === 'BUY' ? 'SELL' : 'BUY'}), was ${exit.side}`;
    if (isDecimal(exit.quantity) && isDecimal(entry.quantity) && exit.quantity.gt(entry.quantity)) return `a bracket's ${role} of ${exit.quantity.toString()} shares is larger than its entry of ${entry.quantity.toString()}`;
  }
  return undefined;
}

