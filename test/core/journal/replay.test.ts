/** Replaying a book rebuilds exactly what the host had: order states, fills, corrections, charges, adoptions. */
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { dec } from '../../../core/domain/money.js';
import { Portfolio } from '../../../core/domain/portfolio.js';
import type { Execution } from '../../../core/domain/types.js';
import type { BookHistory, JournalEntry } from '../../../core/journal/entries.js';
import { replayBook } from '../../../core/journal/replay.js';
import { T0, limitIntent } from '../../support/market.js';

function fill(execId: string, orderId: number, quantity: string, price: string, side: 'BUY' | 'SELL' = 'BUY'): Execution {
  return { execId, orderId, symbol: 'AAPL', side, quantity: dec(quantity), price: dec(price), time: T0 };
}

function book(events: readonly JournalEntry[]): BookHistory {
  return {
    book: 1, broker: 'ib', account: 'DU1234567', openedAt: T0, continued: true, highWaterId: 3,
    orders: [
      { id: 1, ref: 'robo:test:1', intent: limitIntent('BUY', '100', '101'), createdAt: T0 },
      { id: 2, ref: 'robo:test:2', intent: limitIntent('SELL', '50', '105'), createdAt: T0 },
      { id: 3, ref: 'robo:test:3', intent: limitIntent('BUY', '10', '99'), createdAt: T0 },
    ],
    events,
  };
}

describe('replayBook', () => {
  it('when a book is replayed then each order ends in its journaled state and the portfolio holds what the fills, corrections, charges and adoptions add up to', () => {
    const portfolio = new Portfolio(dec('100000'));
    const history = book([
      { kind: 'ack', at: T0, orderId: 1 },
      { kind: 'execution', at: T0, execution: fill('a.01', 1, '60', '100.50'), late: false },
      { kind: 'charge', at: T0, amount: dec('1.00'), what: 'costs of execution a.01' },
      { kind: 'execution', at: T0, execution: fill('b.01', 1, '40', '100.75'), late: false },
      { kind: 'correction', at: T0, execution: fill('b.02', 1, '40', '100.70'), replaces: 'b.01' },
      { kind: 'ack', at: T0, orderId: 2 },
      { kind: 'execution', at: T0, execution: fill('c.01', 2, '20', '105', 'SELL'), late: false },
      { kind: 'cancelled', at: T0, orderId: 2, reason: 'cancelled on request' },
      { kind: 'not-sent', at: T0, orderId: 3, reason: 'the broker has no trace of it' },
      { kind: 'adopt', at: T0, symbol: 'MSFT', side: 'BUY', quantity: dec('5'), price: dec('400'), reason: 'adopted' },
      { kind: 'commission', at: T0, execId: 'a.01', commission: dec('1.00'), currency: 'USD' },
      { kind: 'link', at: T0, text: 'lost: test' },
    ]);

    const replayed = replayBook(history, portfolio);

    expect([...replayed.orders.values()].map((o) => [o.id, o.state.kind, o.filledQuantity.toString()])).toEqual([[1, 'filled', '100'], [2, 'cancelled', '20'], [3, 'cancelled', '0']]);
    expect(replayed.orders.get(3)?.state).toMatchObject({ reason: 'not sent: the broker has no trace of it' });
    expect(replayed.fills).toBe(3);
    // 100000 − 60×100.50 − 40×100.70 + 20×105 − 1.00 − 5×400 = 100000 − 6030 − 4028 + 2100 − 1 − 2000
    expect(portfolio.cash.toFixed(2)).toBe('90041.00');
    expect(portfolio.position('AAPL').quantity.toString()).toBe('80');
    expect(portfolio.position('MSFT').quantity.toString()).toBe('5');
    expect(replayed.ledger.classify(fill('b.01', 1, '40', '100.75')).kind).toBe('superseded');
    expect(replayed.ledger.classify(fill('a.01', 1, '60', '100.50')).kind).toBe('duplicate');
  });

  it('when an event names an order the journal has no intent for then the replay refuses with ROBO_ERR_JOURNAL_CORRUPT', () => {
    const history = book([{ kind: 'execution', at: T0, execution: fill('z.01', 99, '1', '100'), late: false }]);

    let error: unknown;
    try {
      replayBook(history, new Portfolio(dec('100000')));
    } catch (e) {
      error = e;
    }

    expect(isRoboError(error, 'ROBO_ERR_JOURNAL_CORRUPT')).toBe(true);
    expect(String(error)).toContain('execution z.01 of order 99: order 99 has no journaled intent');
  });
});
