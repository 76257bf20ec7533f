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

  it('when more orders close than the book keeps then the oldest closed ones leave memory, open ones never do, and the counts still hold every order', () => {
    // Arrange
    const book = new OrderBook();
    for (let id = 1; id <= 6; id++) book.add(order(id));
    for (const id of [2, 1, 4, 5]) book.replace(filled(book.get(id)!));

    // Act
    const retired = book.retire(2);

    // Assert: closed in the order 2, 1, 4, 5 — the two closed first are let go of
    expect(retired.map((o) => o.id)).toEqual([2, 1]);
    expect(book.all().map((o) => o.id).sort()).toEqual([3, 4, 5, 6]);
    expect(book.open().map((o) => o.id)).toEqual([3, 6]);
    expect(book.closedInMemory).toBe(2);
    expect(book.get(2)).toBeUndefined();
    expect(book.byRef('robo:test:1')).toBeUndefined();
    expect(book.counts()).toEqual({ pending: 2, submitted: 0, partially_filled: 0, filled: 4, cancelled: 0, rejected: 0 });
  });

  it('when an order it let go of is asked for then it is read back through recall, by id or reference, kept again and not counted twice', () => {
    // Arrange
    const kept = new Map<number, Order>();
    const asked: unknown[] = [];
    const book = new OrderBook({
      recall: (key) => {
        asked.push(key);
        return 'id' in key ? kept.get(key.id) : [...kept.values()].find((o) => o.ref === key.ref);
      },
    });
    book.add(order(1));
    book.replace(filled(book.get(1)!));
    for (const o of book.retire(0)) kept.set(o.id, o);

    // Act
    const byId = book.get(1);
    const again = book.get(1);
    book.retire(0);
    const byRef = book.byRef('robo:test:1');

    // Assert
    expect(byId?.state.kind).toBe('filled');
    expect(again).toBe(byId);
    expect(byRef?.id).toBe(1);
    expect(asked).toEqual([{ id: 1 }, { ref: 'robo:test:1' }]);
    expect(book.get(99)).toBeUndefined();
    expect(book.counts().filled).toBe(1);
  });

  it('when thousands of orders close and retire, some read back on the way, then the book keeps exactly the latest closed ones and every open one', () => {
    // Arrange
    const kept = new Map<number, Order>();
    const book = new OrderBook({ recall: (key) => ('id' in key ? kept.get(key.id) : undefined) });

    // Act: orders close in id order; every 7th is read back after it retired (as a late broker message would)
    for (let id = 1; id <= 5_000; id++) {
      book.add(order(id));
      if (id % 3 === 0) continue; // stays open
      book.replace(filled(book.get(id)!));
      for (const o of book.retire(10)) kept.set(o.id, o);
      if (id % 7 === 0 && id > 100) expect(book.get(id - 60)?.id).toBe(id - 60);
    }
    for (const o of book.retire(10)) kept.set(o.id, o);

    // Assert
    expect(book.closedInMemory).toBe(10);
    expect(book.open()).toHaveLength(1_666);
    const closed = book.all().filter((o) => o.state.kind === 'filled').map((o) => o.id);
    expect(closed).toHaveLength(10);
    expect(book.counts()).toMatchObject({ pending: 1_666, filled: 3_334 });
  });
});
