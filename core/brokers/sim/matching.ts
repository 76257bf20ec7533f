/**
 * The simulated exchange's matching rules, as pure functions: an order rests from its acceptance, takes
 * at most a share of each bar's volume (so large orders fill in parts over several bars), market orders
 * fill at the bar's open, limit orders only when the bar trades through their price, never worse than it.
 */
import { Dec, ZERO, decimalFromNumber, type Decimal } from '../../domain/money.js';
import type { Bar, OrderIntent } from '../../domain/types.js';

export interface RestingOrder {
  readonly orderId: number;
  /** Our reference, for state recovery's list of open orders; it leaves with the order. */
  readonly orderRef?: string;
  readonly intent: OrderIntent;
  /** Bars that open before this instant cannot fill the order. */
  readonly activeFrom: number;
  filled: Decimal;
  fills: number;
}

export interface MatchedFill {
  readonly order: RestingOrder;
  readonly quantity: Decimal;
  readonly price: Decimal;
}

/** Shares the bar can give to our orders: a whole number, never more than the configured share of its volume. */
export function barCapacity(bar: Bar, maxShareOfBarVolume: number): Decimal {
  // In Decimal: 100 × 0.29 is 28.999999999999996 in floating point, and a floor would lose a share.
  return decimalFromNumber(bar.volume).times(decimalFromNumber(maxShareOfBarVolume)).floor();
}

/** The price at which `order` would trade in `bar`, or undefined when the bar does not reach it. */
export function fillPrice(intent: OrderIntent, bar: Bar): Decimal | undefined {
  const open = decimalFromNumber(bar.open);
  if (intent.type === 'MKT') return open;
  const limit = (intent as { limitPrice: Decimal }).limitPrice;
  if (intent.side === 'BUY') {
    if (decimalFromNumber(bar.low).gt(limit)) return undefined;
    return Dec.min(open, limit);
  }
  if (decimalFromNumber(bar.high).lt(limit)) return undefined;
  return Dec.max(open, limit);
}

/** Matches the resting orders of the bar's symbol, oldest first, against the bar's capacity. */
export function matchBar(orders: readonly RestingOrder[], bar: Bar, maxShareOfBarVolume: number): MatchedFill[] {
  let capacity = barCapacity(bar, maxShareOfBarVolume);
  const fills: MatchedFill[] = [];
  for (const order of orders) {
    if (capacity.lte(ZERO)) break;
    if (order.intent.symbol !== bar.symbol || bar.time < order.activeFrom) continue;
    const price = fillPrice(order.intent, bar);
    if (price === undefined) continue;
    const quantity = Dec.min(order.intent.quantity.minus(order.filled), capacity);
    if (quantity.lte(ZERO)) continue;
    capacity = capacity.minus(quantity);
    fills.push({ order, quantity, price });
  }
  return fills;
}
