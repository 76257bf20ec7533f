/**
 * PLACE_ORDER as TWS reads it from @stoqey/ib 1.6.10 at server version 193 (`Encoder.placeOrder` in
 * `src/core/io/encoder.ts`): no version field, the contract with its conId, then the order's fields.
 * Positions hold for a plain stock order — BAG contracts, delta-neutral, scale, hedge, algo, condition
 * and PEG BENCH orders would insert fields and shift everything after them; Robo sends none of those.
 */
import type { RecordedMessage } from './server.js';

/** Where each field of a plain stock order sits in the message (index 0 is the message id, 3). */
export const PLACE_ORDER_FIELD = {
  orderId: 1, conId: 2, symbol: 3, secType: 4, exchange: 9, primaryExch: 10, currency: 11,
  action: 16, totalQuantity: 17, orderType: 18, lmtPrice: 19, auxPrice: 20,
  tif: 21, ocaGroup: 22, account: 23, openClose: 24, origin: 25, orderRef: 26, transmit: 27, parentId: 28,
  outsideRth: 33, ocaType: 46, trailStopPrice: 68, trailingPercent: 69,
} as const;

/** A PLACE_ORDER as the server read it from the client's tokens; every field as sent ('' when unset). */
export interface PlacedOrder {
  readonly session: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly exchange: string;
  readonly currency: string;
  readonly action: string;
  readonly totalQuantity: string;
  /** As IB names it, spaces included: `STP LMT`. */
  readonly orderType: string;
  readonly lmtPrice: string;
  /** The stop price of a STP or STP LMT; a trailing stop's amount. */
  readonly auxPrice: string;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly account: string;
  readonly orderRef: string;
  /** '1' when TWS is to send it now; '0' holds it until a transmitting leg of its group arrives. */
  readonly transmit: string;
  /** The bracket entry's order id for an exit; '' or '0' for an order without a parent. */
  readonly parentId: string;
  /** '1' when the order may work outside regular trading hours. */
  readonly outsideRth: string;
  /** 1 cancels the other members on a fill, 2 and 3 reduce them; '' without a group. */
  readonly ocaType: string;
  /** A trailing stop's initial stop price. */
  readonly trailStopPrice: string;
  /** A trailing stop's distance as a percent of the price. */
  readonly trailingPercent: string;
  readonly fields: readonly string[];
}

export function parsePlaceOrder(m: RecordedMessage): PlacedOrder {
  const f = (name: keyof typeof PLACE_ORDER_FIELD): string => m.fields[PLACE_ORDER_FIELD[name]] ?? '';
  return {
    session: m.session, orderId: Number(f('orderId')), symbol: f('symbol'), secType: f('secType'), exchange: f('exchange'), currency: f('currency'),
    action: f('action'), totalQuantity: f('totalQuantity'), orderType: f('orderType'), lmtPrice: f('lmtPrice'), auxPrice: f('auxPrice'),
    tif: f('tif'), ocaGroup: f('ocaGroup'), account: f('account'), orderRef: f('orderRef'), transmit: f('transmit'), parentId: f('parentId'),
    outsideRth: f('outsideRth'), ocaType: f('ocaType'), trailStopPrice: f('trailStopPrice'), trailingPercent: f('trailingPercent'),
    fields: m.fields,
  };
}

/** The bracket's entry for an exit, or undefined: the client sends no parent as '' (unset) and TWS's default is 0. */
export function parentOf(order: PlacedOrder): number | undefined {
  const id = Number(order.parentId);
  return order.parentId === '' || id === 0 ? undefined : id;
}
