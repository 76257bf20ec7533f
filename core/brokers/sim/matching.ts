/**
 * The simulated exchange's price rules, as pure functions of one bar. A bar says only its open, high,
 * low and close, not the path between them, so each rule takes the side that costs the trader:
 * - a market order fills at the open;
 * - a limit order fills only when the bar trades through its price, at the open when that is better;
 * - a stop triggers when the bar reaches its price and fills there — at the open when the bar gapped
 *   through it, which is worse;
 * - a trailing stop is judged against the stop it had when the bar began, and moves with the bar's best
 *   price only after it (a bar that sets a new high and falls back triggers on the next bar, not this one);
 * - an order on the close fills at the close of the session's last bar.
 */
import { Dec, decimalFromNumber, regNmsTick, type Decimal } from '../../domain/money.js';
import type { Bar, OrderIntent, Side, Trail } from '../../domain/types.js';

/** Shares the bar can give to our orders: a whole number, never more than the configured share of its volume. */
export function barCapacity(bar: Bar, maxShareOfBarVolume: number): Decimal {
  // In Decimal: 100 × 0.29 is 28.999999999999996 in floating point, and a floor would lose a share.
  return decimalFromNumber(bar.volume).times(decimalFromNumber(maxShareOfBarVolume)).floor();
}

/** The price at which a limit order at `limit` trades in `bar`, or undefined when the bar does not reach it. */
export function limitFill(side: Side, limit: Decimal, bar: Bar): Decimal | undefined {
  const open = decimalFromNumber(bar.open);
  if (side === 'BUY') return decimalFromNumber(bar.low).gt(limit) ? undefined : Dec.min(open, limit);
  return decimalFromNumber(bar.high).lt(limit) ? undefined : Dec.max(open, limit);
}

/**
 * The price at which a stop at `stop` triggers in `bar` — the stop, or the open when the bar opened
 * beyond it — or undefined when the bar does not reach it. A buy stop triggers at or above, a sell stop at or below.
 */
export function stopTrigger(side: Side, stop: Decimal, bar: Bar): Decimal | undefined {
  const open = decimalFromNumber(bar.open);
  if (side === 'BUY') return decimalFromNumber(bar.high).lt(stop) ? undefined : Dec.max(open, stop);
  return decimalFromNumber(bar.low).gt(stop) ? undefined : Dec.min(open, stop);
}

/** The price at which a market or limit order trades in `bar`; the other types need their own rules. */
export function fillPrice(intent: OrderIntent, bar: Bar): Decimal | undefined {
  if (intent.type === 'MKT') return decimalFromNumber(bar.open);
  if (intent.type === 'LMT') return limitFill(intent.side, intent.limitPrice, bar);
  return undefined;
}

/**
 * A trailing stop's price `trail` away from `extreme` (the highest price since it started, for a sell;
 * the lowest, for a buy), on the tick on the side further from the market: a stop never tighter than asked.
 */
export function trailStop(side: Side, trail: Trail, extreme: Decimal): Decimal {
  const distance = 'amount' in trail ? trail.amount : extreme.times(trail.percent).div(100);
  const raw = side === 'SELL' ? extreme.minus(distance) : extreme.plus(distance);
  const tick = regNmsTick(raw.gt(0) ? raw : extreme);
  return raw.toNearest(tick, side === 'SELL' ? Dec.ROUND_DOWN : Dec.ROUND_UP);
}

/** The best price of the bar for a trailing stop on `side`: its high under a sell stop, its low above a buy stop. */
export function trailExtreme(side: Side, bar: Bar, previous: Decimal): Decimal {
  return side === 'SELL' ? Dec.max(previous, decimalFromNumber(bar.high)) : Dec.min(previous, decimalFromNumber(bar.low));
}
