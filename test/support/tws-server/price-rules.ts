/**
 * How a resting order at the test server answers one trade on its symbol, as IB works it: a limit
 * fills when the trade is at its price or better; a stop triggers when the trade reaches its stop (at or
 * above for a buy, at or below for a sell) and then is a market order (STP) or a limit order (STP LMT);
 * a trailing stop keeps its stop a fixed amount or percent away from the best price since it started,
 * moving only toward the market, never back, and triggers like a stop. Every fill is at the trade's
 * price: the trade is the market.
 */
import { Dec, dec, type Decimal } from '../../../core/domain/money.js';
import type { PlacedOrder } from './place-order.js';

/** What the rules remember of one order between trades. */
export interface PriceState {
  /** A stop that a trade reached: a STP is now a market order, a STP LMT a limit order. */
  triggered: boolean;
  /** A trailing stop's best price since it started, and its stop now. */
  extreme?: Decimal;
  stop?: Decimal;
}

/** The state an order starts with: a stop's own price, a trailing stop's initial stop when it has one. */
export function initialState(order: PlacedOrder): PriceState {
  if (order.orderType === 'STP' || order.orderType === 'STP LMT') return { triggered: false, stop: dec(order.auxPrice) };
  if (order.orderType === 'TRAIL' && order.trailStopPrice !== '') return { triggered: false, stop: dec(order.trailStopPrice) };
  return { triggered: false };
}

/** Whether the order fills at a trade at `price`; moves a trailing stop and triggers stops on the way. */
export function fillsAt(order: PlacedOrder, state: PriceState, price: Decimal): boolean {
  const buy = order.action === 'BUY';
  switch (order.orderType) {
    case 'MKT':
      return true;
    case 'LMT':
      return withinLimit(buy, dec(order.lmtPrice), price);
    case 'STP':
      return trigger(buy, state, price);
    case 'STP LMT':
      return trigger(buy, state, price) && withinLimit(buy, dec(order.lmtPrice), price);
    case 'TRAIL':
      return trail(order, state, price);
    default:
      // MOC and LOC trade only in the closing auction (see `fillsInClose`).
      return false;
  }
}

/** Whether an order on the close fills in a closing auction at `price`. */
export function fillsInClose(order: PlacedOrder, price: Decimal): boolean {
  if (order.orderType === 'MOC') return true;
  return order.orderType === 'LOC' && withinLimit(order.action === 'BUY', dec(order.lmtPrice), price);
}

function withinLimit(buy: boolean, limit: Decimal, price: Decimal): boolean {
  return buy ? price.lte(limit) : price.gte(limit);
}

function trigger(buy: boolean, state: PriceState, price: Decimal): boolean {
  if (!state.triggered && state.stop !== undefined && (buy ? price.gte(state.stop) : price.lte(state.stop))) state.triggered = true;
  return state.triggered;
}

/**
 * A trade first tests the stop the order has, then moves it: a trade that sets a new best price cannot
 * also trigger the stop it moved. The first trade a trailing stop without an initial stop sees only
 * starts it.
 */
function trail(order: PlacedOrder, state: PriceState, price: Decimal): boolean {
  const buy = order.action === 'BUY';
  if (state.stop !== undefined && trigger(buy, state, price)) return true;
  const extreme = state.extreme === undefined ? price : buy ? Dec.min(state.extreme, price) : Dec.max(state.extreme, price);
  state.extreme = extreme;
  const next = trailStop(order, extreme);
  if (state.stop === undefined || (buy ? next.lt(state.stop) : next.gt(state.stop))) state.stop = next;
  return false;
}

/** The stop `order`'s trail puts away from `extreme`, on the cent, on the side away from the market. */
export function trailStop(order: PlacedOrder, extreme: Decimal): Decimal {
  const buy = order.action === 'BUY';
  const distance = order.trailingPercent !== '' ? extreme.times(order.trailingPercent).div(100) : dec(order.auxPrice);
  const raw = buy ? extreme.plus(distance) : extreme.minus(distance);
  return raw.toDecimalPlaces(2, buy ? Dec.ROUND_UP : Dec.ROUND_DOWN);
}
