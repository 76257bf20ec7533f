/**
 * Builds what @stoqey/ib sends for a Robo order: a US stock routed SMART in USD, and an order that is
 * transmitted (`transmit: true`, or TWS keeps it unsent), tagged with our `orderRef`, for one account,
 * allowed to work outside regular hours only when the config's trading hours are extended.
 */
import type { Contract, Order } from '@stoqey/ib';
import { RoboError } from '../../domain/errors.js';
import type { Decimal } from '../../domain/money.js';
import type { OrderIntent } from '../../domain/types.js';
import type { IbModule } from './load.js';

export function stockContract(ib: IbModule, symbol: string): Contract {
  // Robo's symbols are US equities (see the config schema); IB resolves SMART + USD + STK to one contract.
  return { symbol, secType: ib.SecType.STK, exchange: 'SMART', currency: 'USD' };
}

export function ibOrder(ib: IbModule, intent: OrderIntent, orderRef: string, account: string, outsideRth: boolean): Order {
  const base: Order = {
    action: intent.side === 'BUY' ? ib.OrderAction.BUY : ib.OrderAction.SELL,
    totalQuantity: wireNumber(intent.quantity, 'quantity'),
    orderType: intent.type === 'LMT' ? ib.OrderType.LMT : ib.OrderType.MKT,
    tif: ib.TimeInForce.DAY,
    transmit: true,
    outsideRth,
    orderRef,
    account,
  };
  // Assigned onto `base` rather than spread into a new object with one more key, which in V8 makes a hidden class per order.
  return intent.type === 'LMT' ? Object.assign(base, { lmtPrice: wireNumber(intent.limitPrice, 'limit price') }) : base;
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
