/** Orders for the IB broker's tests: 100 SPY unless a test says otherwise, each field named as the domain names it. */
import { dec } from '../../../core/domain/money.js';
import type { OrderIntent, Side } from '../../../core/domain/types.js';
import type { PlaceOrderRequest } from '../../../core/brokers/port.js';

type Extra = Omit<Partial<OrderIntent>, 'type' | 'side' | 'quantity'>;
const base = (side: Side, quantity: string) => ({ strategyId: 'test', symbol: 'SPY', side, quantity: dec(quantity) });

export const market = (side: Side = 'BUY', quantity = '100', extra: Extra = {}): OrderIntent => ({ ...base(side, quantity), type: 'MKT', ...extra });
export const limit = (side: Side, price: string, quantity = '100', extra: Extra = {}): OrderIntent => ({ ...base(side, quantity), type: 'LMT', limitPrice: dec(price), ...extra });
export const stop = (side: Side, price: string, quantity = '100', extra: Extra = {}): OrderIntent => ({ ...base(side, quantity), type: 'STP', stopPrice: dec(price), ...extra } as OrderIntent);
export const stopLimit = (side: Side, stopPrice: string, limitPrice: string, quantity = '100'): OrderIntent => ({ ...base(side, quantity), type: 'STP LMT', stopPrice: dec(stopPrice), limitPrice: dec(limitPrice) });
export const trailAmount = (side: Side, amount: string, initialStop?: string, quantity = '100'): OrderIntent =>
  ({ ...base(side, quantity), type: 'TRAIL', trail: { amount: dec(amount) }, ...(initialStop === undefined ? {} : { initialStop: dec(initialStop) }) });
export const trailPercent = (side: Side, percent: string, quantity = '100'): OrderIntent => ({ ...base(side, quantity), type: 'TRAIL', trail: { percent: dec(percent) } });
export const marketOnClose = (side: Side = 'BUY', quantity = '100'): OrderIntent => ({ ...base(side, quantity), type: 'MOC' });
export const limitOnClose = (side: Side, price: string, quantity = '100'): OrderIntent => ({ ...base(side, quantity), type: 'LOC', limitPrice: dec(price) });

/** The request the host sends for an intent: our orderRef, and a bracket's link when given. */
export function request(orderId: number, intent: OrderIntent, link: { parentId?: number; transmit?: boolean } = {}): PlaceOrderRequest {
  return { orderId, orderRef: `robo:test:${orderId}`, intent, ...link };
}
