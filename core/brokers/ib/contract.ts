/**
 * Builds what @stoqey/ib sends for a Robo order: a US stock routed SMART in USD, and an order of the
 * intent's type and time in force, tagged with our `orderRef`, for one account. Each field is the one
 * TWS reads at server version 193 (see the PLACE_ORDER encoder in @stoqey/ib): `lmtPrice`, `auxPrice`
 * (the stop price, or a trailing stop's amount), `trailingPercent`, `trailStopPrice`, `tif`, `ocaGroup`
 * and `ocaType`, `parentId` and `transmit`. A field the order does not use is left unset, which the
 * client sends as an empty field: TWS reads that as "not set", never as zero.
 */
import type { Contract, Order } from '@stoqey/ib';
import { RoboError } from '../../domain/errors.js';
import type { Decimal } from '../../domain/money.js';
import { tifOf } from '../../domain/order-rules.js';
import type { OrderIntent } from '../../domain/types.js';
import type { PlaceOrderRequest } from '../port.js';
import type { IbModule } from './load.js';

export function stockContract(ib: IbModule, symbol: string): Contract {
  // Robo's symbols are US equities (see the config schema); IB resolves SMART + USD + STK to one contract.
  return { symbol, secType: ib.SecType.STK, exchange: 'SMART', currency: 'USD' };
}

/**
 * The order for a request. `outsideRth` is the config's own permission (extended trading hours): an
 * order may work outside regular hours when the intent asks for it or the config allows it — except an
 * auction order (MOC, LOC, OPG), which trades in the regular session's auction whatever it says, and for
 * which TWS would only answer the flag with a warning.
 */
export function ibOrder(ib: IbModule, request: PlaceOrderRequest, account: string, outsideRth: boolean): Order {
  const { intent } = request;
  const tif = tifOf(intent);
  const auction = intent.type === 'MOC' || intent.type === 'LOC' || tif === 'OPG';
  const order: Order = {
    action: intent.side === 'BUY' ? ib.OrderAction.BUY : ib.OrderAction.SELL,
    totalQuantity: wireNumber(intent.quantity, 'quantity'),
    orderType: ibOrderType(ib, intent),
    tif: ib.TimeInForce[tif],
    // Unset, TWS keeps the order without sending it: every order is transmitted unless it is a bracket
    // leg held back until its last leg arrives.
    transmit: request.transmit ?? true,
    outsideRth: !auction && (intent.outsideRth === true || outsideRth),
    orderRef: request.orderRef,
    account,
  };
  // Assigned onto `order` rather than spread into new objects, which in V8 makes a hidden class per shape.
  Object.assign(order, priceFields(intent));
  if (intent.oca !== undefined) Object.assign(order, { ocaGroup: intent.oca.group, ocaType: intent.oca.type });
  if (request.parentId !== undefined) order.parentId = request.parentId;
  return order;
}

/** IB's name for the order type; ours are IB's names already, so this only picks the client's enum member. */
function ibOrderType(ib: IbModule, intent: OrderIntent): Order['orderType'] {
  switch (intent.type) {
    case 'MKT': return ib.OrderType.MKT;
    case 'LMT': return ib.OrderType.LMT;
    case 'STP': return ib.OrderType.STP;
    case 'STP LMT': return ib.OrderType.STP_LMT;
    case 'TRAIL': return ib.OrderType.TRAIL;
    case 'MOC': return ib.OrderType.MOC;
    case 'LOC': return ib.OrderType.LOC;
  }
}

/**
 * The price fields of the intent's type, each exact. A trailing stop's distance is `auxPrice` when it is
 * an amount and `trailingPercent` when it is a percent — never both: TWS takes whichever is set, so the
 * other stays unset. Its initial stop, when given, is `trailStopPrice`.
 */
function priceFields(intent: OrderIntent): Pick<Order, 'lmtPrice' | 'auxPrice' | 'trailingPercent' | 'trailStopPrice'> {
  switch (intent.type) {
    case 'MKT':
    case 'MOC':
      return {};
    case 'LMT':
    case 'LOC':
      return { lmtPrice: wireNumber(intent.limitPrice, 'limit price') };
    case 'STP':
      return { auxPrice: wireNumber(intent.stopPrice, 'stop price') };
    case 'STP LMT':
      return { lmtPrice: wireNumber(intent.limitPrice, 'limit price'), auxPrice: wireNumber(intent.stopPrice, 'stop price') };
    case 'TRAIL': {
      const distance = 'amount' in intent.trail
        ? { auxPrice: wireNumber(intent.trail.amount, 'trail amount') }
        : { trailingPercent: wireNumber(intent.trail.percent, 'trail percent') };
      return intent.initialStop === undefined ? distance : { ...distance, trailStopPrice: wireNumber(intent.initialStop, 'initial stop price') };
    }
  }
}

/**
 * @stoqey/ib takes quantities and prices as JS numbers and writes them with `String(n)`. That is exact
 * only when the number prints back as the same decimal, so anything else is refused, never rounded.
 */
export function wireNumber(value: Decimal, what: string): number {
  const n = value.toNumber();
  if (!Number.isFinite(n) || String(n) !== value.toString()) {
    throw new RoboError('ROBO_ERR_BROKER', `the ${what} ${value.toString()} cannot be sent to IB exactly (it does not survive the client's number conversion)`);
  }
  return n;
}
