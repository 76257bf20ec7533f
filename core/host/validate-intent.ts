/**
 * The host's own last check on an intent after every guard had its say: a plugin that amends an order
 * into nonsense (a zero quantity, a sub-tick price, another symbol, a stop without its price) gets the
 * order refused, not sent.
 */
import { isDecimal } from '../domain/money.js';
import { orderShapeProblem } from '../domain/order-rules.js';
import type { OrderIntent, Veto } from '../domain/types.js';

const BY = 'robo:host';

/** The intent as sent must be a legal order, and differ from the one asked for only in its prices and quantity. */
export function validateIntent(final: OrderIntent, original: OrderIntent): Veto | undefined {
  const problem = intentProblem(final);
  if (problem !== undefined) return { by: BY, code: 'INTENT_INVALID', reason: problem };
  if (!sameOrder(final, original)) {
    return { by: BY, code: 'INTENT_INVALID', reason: 'a plugin may amend prices and quantity, not the symbol, the side, the order type, its time in force, its links to other orders or the strategy' };
  }
  return undefined;
}

/** What is wrong with an intent as an order, whoever built it; undefined when it is legal. */
export function intentProblem(intent: OrderIntent, options: { readonly onTick?: boolean } = {}): string | undefined {
  if (!isDecimal(intent.quantity) || !intent.quantity.isInteger() || intent.quantity.lte(0)) {
    return `quantity must be a positive whole number of shares, was ${String(intent.quantity)}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the intent comes from plugin code, which may be plain JavaScript
  if (intent.side !== 'BUY' && intent.side !== 'SELL') return `side must be BUY or SELL, was ${String(intent.side)}`;
  return orderShapeProblem(intent, options);
}

function sameOrder(a: OrderIntent, b: OrderIntent): boolean {
  return a.symbol === b.symbol && a.strategyId === b.strategyId && a.side === b.side && a.type === b.type
    && (a.tif ?? 'DAY') === (b.tif ?? 'DAY') && (a.outsideRth ?? false) === (b.outsideRth ?? false)
    && a.oca?.group === b.oca?.group && a.oca?.type === b.oca?.type
    && a.bracket?.id === b.bracket?.id && a.bracket?.role === b.bracket?.role;
}
