/**
 * Specifies the simulated exchange's order book: how each order type and time in force is worked bar by
 * bar, how a bar's capacity is shared, how a bracket's exits wait for their entry and reduce each other,
 * and how OCA groups cancel. Bars are one-minute bars from Monday 2 March 2026, 09:30 New York (T0): bar(0)
 * opens the regular session and bar(389) closes it.
 */
import { describe, expect, it } from 'vitest';
import { SimExchange, type ExchangeEvent } from '../../../../core/brokers/sim/exchange.js';
import { dec } from '../../../../core/domain/money.js';
import type { OrderIntent } from '../../../../core/domain/types.js';
import { loadExchangeCalendar } from '../../../../core/market/calendar.js';
import { bar, limitIntent, marketIntent, MINUTE, T0 } from '../../../support/market.js';

const CLOSE_BAR = 389;

function exchange(share = 1): SimExchange {
  return new SimExchange(loadExchangeCalendar('XNYS'), share);
}

function intent(fields: Partial<OrderIntent> & Pick<OrderIntent, 'type'>): OrderIntent {
  return { strategyId: 'test', symbol: 'AAPL', side: 'SELL', quantity: dec('100'), ...fields } as OrderIntent;
}

function place(ex: SimExchange, orderId: number, order: OrderIntent, extra: { parentId?: number; transmit?: boolean; at?: number } = {}): void {
  const refusal = ex.place({ orderId, orderRef: `ref-${orderId}`, intent: order, ...(extra.parentId === undefined ? {} : { parentId: extra.parentId }), ...(extra.transmit === undefined ? {} : { transmit: extra.transmit }) }, extra.at ?? T0);
  expect(refusal).toBeUndefined();
}

/** What happened, as short words: `fill 1 100@99`, `cancel 2`. */
function said(events: readonly ExchangeEvent[]): string[] {
  return events.map((e) => (e.kind === 'fill' ? `fill ${e.order.orderId} ${e.quantity.toString()}@${e.price.toString()}` : `cancel ${e.order.orderId}`));
}

describe('SimExchange: market and limit orders', () => {
  it('when the resting orders want more than the bar can give then the oldest is served first and the total is the capacity', () => {
    const ex = exchange(0.1);
    place(ex, 1, marketIntent('BUY', '80'));
    place(ex, 2, marketIntent('SELL', '80'));

    expect(said(ex.onBar(bar(0, { volume: 1_000 })))).toEqual(['fill 1 80@100', 'fill 2 20@100']);
  });

  it('when an order is for another symbol then the bar does not fill it', () => {
    const ex = exchange();
    place(ex, 1, marketIntent('BUY', '10', 'MSFT'));

    expect(ex.onBar(bar(0, { symbol: 'AAPL' }))).toEqual([]);
  });

  it('when a bar opened before the order was accepted then the bar does not fill it, and one opening at that instant may', () => {
    const ex = exchange();
    place(ex, 1, marketIntent('BUY', '10'), { at: T0 + 1 });
    expect(ex.onBar(bar(0))).toEqual([]);

    expect(said(ex.onBar(bar(1)))).toEqual(['fill 1 10@100']);
  });

  it('when a limit order is not reached then it leaves the capacity to the next order', () => {
    const ex = exchange();
    place(ex, 1, limitIntent('BUY', '50', '90'));
    place(ex, 2, marketIntent('BUY', '50'));

    expect(said(ex.onBar(bar(0, { open: 100, low: 99, volume: 50 })))).toEqual(['fill 2 50@100']);
  });

  it('when the bar has no volume then nothing fills', () => {
    const ex = exchange();
    place(ex, 1, marketIntent('BUY', '10'));

    expect(ex.onBar(bar(0, { volume: 0 }))).toEqual([]);
  });
});

describe('SimExchange: stops', () => {
  it('when a sell stop is reached then it fills at the stop, and after a gap at the open', () => {
    const ex = exchange();
    place(ex, 1, intent({ type: 'STP', stopPrice: dec('99') }));
    place(ex, 2, intent({ type: 'STP', stopPrice: dec('97'), symbol: 'MSFT' }));

    expect(said(ex.onBar(bar(0, { open: 100, low: 98.5 })))).toEqual(['fill 1 100@99']);
    expect(said(ex.onBar(bar(1, { symbol: 'MSFT', open: 95, high: 96, low: 94 })))).toEqual(['fill 2 100@95']);
  });

  it('when a triggered stop cannot fill in full in its bar then the rest trades at the next bars\' open, as a market order', () => {
    const ex = exchange(0.5);
    place(ex, 1, intent({ type: 'STP', stopPrice: dec('99') }));

    expect(said(ex.onBar(bar(0, { open: 100, low: 98, volume: 100 })))).toEqual(['fill 1 50@99']);
    expect(said(ex.onBar(bar(1, { open: 101, high: 102, low: 100.5, volume: 100 })))).toEqual(['fill 1 50@101']);
  });

  it('when a stop limit triggers within its limit then it fills at the trigger; after a gap beyond the limit it rests as a limit', () => {
    const ex = exchange();
    place(ex, 1, intent({ type: 'STP LMT', stopPrice: dec('99'), limitPrice: dec('98.5') }));

    expect(ex.onBar(bar(0, { open: 97, high: 97.5, low: 96 }))).toEqual([]);
    expect(said(ex.onBar(bar(1, { open: 98, high: 99, low: 97.5 })))).toEqual(['fill 1 100@98.5']);
  });

  it('when a sell trailing stop rises with the highs then it fills at its raised stop, never at the start', () => {
    const ex = exchange();
    ex.onBar(bar(0, { open: 100 }));
    place(ex, 1, intent({ type: 'TRAIL', trail: { amount: dec('2') } }), { at: T0 + MINUTE });

    expect(ex.onBar(bar(1, { open: 100, high: 105, low: 99 }))).toEqual([]); // stop 98 held; moves to 103 after the bar
    expect(ex.onBar(bar(2, { open: 104, high: 106, low: 103.5 }))).toEqual([]); // stop 103 held; then 104
    expect(said(ex.onBar(bar(3, { open: 105, high: 105, low: 101 })))).toEqual(['fill 1 100@104']);
  });

  it('when a trailing stop is placed then it starts from its symbol\'s latest close, not the next bar\'s open', () => {
    const ex = exchange();
    ex.observe([bar(0, { open: 100, close: 103 })]);
    place(ex, 1, intent({ type: 'TRAIL', trail: { amount: dec('2') } }), { at: T0 + MINUTE });

    expect(said(ex.onBar(bar(1, { open: 102, high: 102, low: 100.5 })))).toEqual(['fill 1 100@101']);
  });

  it('when a trailing stop has an initial stop then it starts there', () => {
    const ex = exchange();
    place(ex, 1, intent({ type: 'TRAIL', trail: { percent: dec('10') }, initialStop: dec('99') }));

    expect(said(ex.onBar(bar(0, { open: 100, high: 100, low: 98 })))).toEqual(['fill 1 100@99']);
  });
});

describe('SimExchange: time in force and the auctions', () => {
  it('when a DAY order is not filled by the close then it ends with its session', () => {
    const ex = exchange();
    place(ex, 1, limitIntent('BUY', '10', '90'));

    expect(ex.expire(T0 + (CLOSE_BAR + 1) * MINUTE - 1)).toEqual([]);
    expect(said(ex.expire(T0 + (CLOSE_BAR + 1) * MINUTE))).toEqual(['cancel 1']);
  });

  it('when the session closes early then a DAY order ends at the early close', () => {
    const ex = exchange();
    const friday = Date.parse('2026-11-27T14:30:00Z'); // the day after Thanksgiving: 09:30 New York, closing at 13:00
    place(ex, 1, { ...limitIntent('BUY', '10', '90') }, { at: friday });

    expect(said(ex.expire(Date.parse('2026-11-27T18:00:00Z')))).toEqual(['cancel 1']);
  });

  it('when a GTC order is not filled by the close then it keeps working the next day', () => {
    const ex = exchange();
    place(ex, 1, { ...limitIntent('BUY', '10', '90'), tif: 'GTC' });

    expect(ex.expire(T0 + 2 * 24 * 60 * MINUTE)).toEqual([]);
  });

  it('when an IOC order is larger than the first bar can give then the rest is cancelled', () => {
    const ex = exchange(0.5);
    place(ex, 1, { ...marketIntent('BUY', '100'), tif: 'IOC' });

    expect(said(ex.onBar(bar(0, { volume: 100 })))).toEqual(['fill 1 50@100', 'cancel 1']);
  });

  it('when an IOC order comes while its session is closed then it is refused: there is no market to take it at once', () => {
    const ex = exchange();

    const refusal = ex.place({ orderId: 1, orderRef: 'ref-1', intent: { ...marketIntent('BUY', '10'), tif: 'IOC' } }, T0 - 60 * MINUTE);

    expect(refusal).toMatch(/an IOC order trades at once, and the regular session is closed/);
  });

  it('when a market on close order works then it fills at the close of the session\'s last bar, and not before', () => {
    const ex = exchange();
    place(ex, 1, intent({ type: 'MOC' }));

    expect(ex.onBar(bar(100, { open: 100, close: 101 }))).toEqual([]);
    expect(said(ex.onBar(bar(CLOSE_BAR, { open: 100, close: 102.5 })))).toEqual(['fill 1 100@102.5']);
  });

  it('when the close is beyond a limit on close order\'s limit then it is cancelled with the auction', () => {
    const ex = exchange();
    place(ex, 1, intent({ type: 'LOC', limitPrice: dec('103') }));

    expect(said(ex.onBar(bar(CLOSE_BAR, { open: 100, close: 102.5 })))).toEqual(['cancel 1']);
  });

  it('when an OPG order is placed before the open then it fills at the opening bar\'s open only', () => {
    const ex = exchange();
    place(ex, 1, { ...marketIntent('BUY', '10'), tif: 'OPG' }, { at: T0 - 30 * MINUTE });

    expect(said(ex.onBar(bar(0, { open: 100.25 })))).toEqual(['fill 1 10@100.25']);
  });

  it('when a bar is outside the regular session then a regular-hours order waits, and an outsideRth one trades', () => {
    const ex = exchange();
    const early = T0 - 60 * MINUTE; // 08:30 New York
    place(ex, 1, marketIntent('BUY', '10'), { at: early });
    place(ex, 2, { ...marketIntent('BUY', '10', 'AAPL'), outsideRth: true }, { at: early });

    expect(said(ex.onBar({ ...bar(0), time: early }))).toEqual(['fill 2 10@100']);
    expect(said(ex.onBar(bar(0)))).toEqual(['fill 1 10@100']);
  });
});

describe('SimExchange: brackets', () => {
  function bracket(ex: SimExchange): void {
    place(ex, 1, { ...marketIntent('BUY', '100'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    place(ex, 2, intent({ type: 'LMT', limitPrice: dec('105'), tif: 'GTC', bracket: { id: 'b1', role: 'take-profit' } }), { parentId: 1, transmit: false });
    place(ex, 3, intent({ type: 'STP', stopPrice: dec('95'), tif: 'GTC', bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1 });
  }

  it('when legs are sent untransmitted then nothing works until the last one transmits', () => {
    const ex = exchange();
    place(ex, 1, { ...marketIntent('BUY', '100'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    expect(ex.onBar(bar(0))).toEqual([]);

    place(ex, 2, intent({ type: 'STP', stopPrice: dec('95'), bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1, at: T0 + MINUTE });
    expect(said(ex.onBar(bar(1)))).toEqual(['fill 1 100@100']);
  });

  it('when another order is sent between a bracket\'s legs then the held legs stay held: only their own last leg releases them', () => {
    const ex = exchange();
    place(ex, 1, { ...marketIntent('BUY', '100'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    place(ex, 2, { ...marketIntent('BUY', '1') });
    expect(said(ex.onBar(bar(0, { open: 100, low: 90 })))).toEqual(['fill 2 1@100']);

    place(ex, 3, intent({ type: 'STP', stopPrice: dec('95'), bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1, at: T0 + MINUTE });
    expect(said(ex.onBar(bar(1, { open: 96, low: 94 })))).toEqual(['fill 1 100@96', 'fill 3 100@95']);
  });

  it('when the entry has not filled then its exits do not work, however far the price goes', () => {
    const ex = exchange();
    place(ex, 1, { ...limitIntent('BUY', '100', '90'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    place(ex, 2, intent({ type: 'STP', stopPrice: dec('95'), bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1 });

    expect(ex.onBar(bar(0, { open: 100, low: 94 }))).toEqual([]);
  });

  it('when a bar touches both the stop and the target then the stop fills first and the target is cancelled', () => {
    const ex = exchange();
    bracket(ex);
    expect(said(ex.onBar(bar(0)))).toEqual(['fill 1 100@100']);

    expect(said(ex.onBar(bar(1, { open: 100, high: 106, low: 94 })))).toEqual(['fill 3 100@95', 'cancel 2']);
  });

  it('when the entry fills then the stop may trigger in that same bar, the target only from the next', () => {
    const ex = exchange();
    bracket(ex);

    expect(said(ex.onBar(bar(0, { open: 100, high: 106, low: 99 })))).toEqual(['fill 1 100@100']);
    expect(said(ex.onBar(bar(1, { open: 104, high: 106, low: 103 })))).toEqual(['fill 2 100@105', 'cancel 3']);
  });

  it('when a bar falls through a limit entry and on to its stop then the stop fills in that bar, and a short\'s stop above likewise', () => {
    const ex = exchange();
    place(ex, 1, { ...limitIntent('BUY', '100', '99'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    place(ex, 2, intent({ type: 'STP', stopPrice: dec('97'), bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1 });
    place(ex, 3, { ...limitIntent('SELL', '100', '101'), bracket: { id: 'b2', role: 'entry' } }, { transmit: false });
    place(ex, 4, intent({ type: 'STP', side: 'BUY', stopPrice: dec('103'), bracket: { id: 'b2', role: 'stop-loss' } }), { parentId: 3 });

    expect(said(ex.onBar(bar(0, { open: 100, high: 100, low: 95, close: 96 })))).toEqual(['fill 1 100@99', 'fill 2 100@97']);
    expect(said(ex.onBar(bar(1, { open: 100, high: 104, low: 100, close: 104 })))).toEqual(['fill 3 100@101', 'fill 4 100@103']);
  });

  it('when the entry fills in parts then the exits work for what it filled, and a partial take profit reduces the stop', () => {
    const ex = exchange();
    place(ex, 1, { ...marketIntent('BUY', '100'), bracket: { id: 'b1', role: 'entry' } }, { transmit: false });
    place(ex, 2, intent({ type: 'LMT', limitPrice: dec('105'), bracket: { id: 'b1', role: 'take-profit' } }), { parentId: 1, transmit: false });
    place(ex, 3, intent({ type: 'STP', stopPrice: dec('95'), bracket: { id: 'b1', role: 'stop-loss' } }), { parentId: 1 });
    expect(said(ex.onBar(bar(0, { volume: 60 })))).toEqual(['fill 1 60@100']);

    expect(said(ex.onBar(bar(1, { open: 104, high: 105, volume: 100 })))).toEqual(['fill 1 40@104', 'fill 2 60@105']);
    expect(said(ex.onBar(bar(2, { open: 96, low: 94 })))).toEqual(['fill 3 40@95', 'cancel 2', 'cancel 3']);
  });

  it('when the entry is cancelled before it filled then its exits are cancelled with it', () => {
    const ex = exchange();
    bracket(ex);

    expect(said(ex.cancel(1, 'asked'))).toEqual(['cancel 1', 'cancel 2', 'cancel 3']);
  });
});

describe('SimExchange: OCA groups', () => {
  it('when a member of a type 1 group fills then the others are cancelled', () => {
    const ex = exchange();
    place(ex, 1, { ...limitIntent('SELL', '100', '105'), oca: { group: 'exit', type: 1 } });
    place(ex, 2, intent({ type: 'STP', stopPrice: dec('95'), oca: { group: 'exit', type: 1 } }));

    expect(said(ex.onBar(bar(0, { open: 100, high: 106 })))).toEqual(['fill 1 100@105', 'cancel 2']);
  });

  it('when a member of a type 3 group fills in part then the others work that much less', () => {
    const ex = exchange();
    place(ex, 1, { ...limitIntent('SELL', '100', '105'), oca: { group: 'exit', type: 3 } });
    place(ex, 2, intent({ type: 'STP', stopPrice: dec('95'), oca: { group: 'exit', type: 3 } }));

    expect(said(ex.onBar(bar(0, { open: 100, high: 106, volume: 30 })))).toEqual(['fill 1 30@105']);
    expect(said(ex.onBar(bar(1, { open: 96, low: 94 })))).toEqual(['fill 2 70@95', 'cancel 1', 'cancel 2']); // 70 was all it had left to work
  });
});
