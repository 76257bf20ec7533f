/**
 * The host's own last check on an intent after every guard had its say: a plugin that amends an order
 * into nonsense (a zero quantity, a sub-tick price, another symbol) gets the order refused, not sent.
 */
import { isDecimal, regNmsTick } from '../domain/money.js';
import type { OrderIntent, Veto } from '../domain/types.js';

const BY = 'robo:host';

export function validateIntent(final: OrderIntent, original: OrderIntent): Veto | undefined {
  if (!isDecimal(final.quantity) || !final.quantity.isInteger() || final.quantity.lte(0)) {
    return { by: BY, code: 'INTENT_INVALID', reason: `quantity must be a positive whole number of shares, was ${String(final.quantity)}` };
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the intent comes from plugin code, which may be plain JavaScript
  if (final.side !== 'BUY' && final.side !== 'SELL') return { by: BY, code: 'INTENT_INVALID', reason: `side must be BUY or SELL, was ${String(final.side)}` };
  if (final.symbol !== original.symbol || final.strategyId !== original.strategyId || final.side !== original.side || final.type !== original.type) {
    return { by: BY, code: 'INTENT_INVALID', reason: 'a plugin may amend price and quantity, not the symbol, the side, the order type or the strategy' };
  }
  if (final.type === 'LMT') {
    if (!isDecimal(final.limitPrice) || final.limitPrice.lte(0)) return { by: BY, code: 'INTENT_INVALID', reason: `limit price must be positive, was ${String(final.limitPrice)}` };
    const tick = regNmsTick(final.limitPrice);
    if (!final.limitPrice.mod(tick).isZero()) return { by: BY, code: 'INTENT_INVALID', reason: `limit price ${final.limitPrice.toString()} is not on the ${tick.toString()} tick grid` };
  }
  return undefined;
}
