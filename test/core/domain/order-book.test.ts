/** Specifies the order book: every order by id and reference, and the open ones — in creation order, filtered — without the closed ones. */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { OrderBook } from '../../../core/domain/order-book.js';
import { acknowledge, applyExecution, cancel, createOrder, type Order } from '../../../core/domain/order.js';
import { marketIntent } from '../../support/market.js';

function order(id: number, side: 'BUY' | 'SELL' = 'BUY', symbol = 'AAPL'): Order {
  return createOrder(id, `robo:test:${id}`, marketIntent(side, '10', symbol), 1_000);
}

function filled(o: Order): Order {
  const outcome = applyExecution(o, { execId: `e-${o.id}`, orderId: o.id, symbol: o.intent.symbol, side: o.intent.side, quantity: dec('10'), price: dec('5'), time: 1_001 });
  return outcome.order;
}

describe('OrderBook', () => {
  it('when orders are added, acknowledged, filled and cancelled then open() lists exactly the open ones in creation order', () => {
    // Arrange
    const book = new OrderBook();
    for (let id = 1; id <= 5; id++) book.add(order(id));

    // Act
    book.replace(acknowledge(book.get(3)!));
    book.replace(filled(book.get(2)!));
    book.replace(cancel(book.get(4)!, 'by the test'));
    book.replace(acknowledge(book.get(1)!));

    // Assert
    expect(book.open().map((o) => o.id)).toEqual([1, 3, 5]);
    expect(book.open().map((o) => o.state.kind)).toEqual(['submitted', 'submitted', 'pending']);
    expect(book.all()).toHaveLength(5);
    expect(book.byRef('robo:test:2')?.state.kind).toBe('filled');
  });

  it('when open() is filtered by symbol, side or strategy then only the matching open orders are listed', () => {
    // Arrange
    const book = new OrderBook();
    book.add(order(1, 'BUY', 'AAPL'));
    book.add(order(2, 'SELL', 'AAPL'));
    book.add(order(3, 'BUY', 'MSFT'));
    book.replace(filled(book.get(1)!));

    // Act
    const aapl = book.open({ symbol: 'AAPL' });
    const buys = book.open({ side: 'BUY' });
    const other = book.open({ strategyId: 'someone-else' });

    // Assert
    expect(aapl.map((o) => o.id)).toEqual([2]);
    expect(buys.map((o) => o.id)).toEqual([3]);
    expect(other).toEqual([]);
  });
});
