/**
 * A bracket at IB: three orders — the entry, then its take profit and stop loss naming it as parent —
 * sent with transmit false, false, true. TWS holds the first two, unanswered, until the last arrives;
 * the exits then wait (PreSubmitted) until the entry fills, work for what it filled, and the first to
 * fill cancels the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../../core/brokers/port.js';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limit, request, stop } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const ENTRY = 1;
const TAKE_PROFIT = 2;
const STOP_LOSS = 3;
const bracket = { id: 'robo:test:b1', role: 'entry' } as const;

/** The three legs as the host sends them, one after the other, each once the previous one resolved. */
async function placeBracket(broker: Harness['broker']): Promise<void> {
  await broker.placeOrder(request(ENTRY, limit('BUY', '400', '100', { bracket }), { transmit: false }));
  await broker.placeOrder(request(TAKE_PROFIT, limit('SELL', '410', '100', { bracket: { ...bracket, role: 'take-profit' } }), { parentId: ENTRY, transmit: false }));
  await broker.placeOrder(request(STOP_LOSS, stop('SELL', '395', '100', { bracket: { ...bracket, role: 'stop-loss' } }), { parentId: ENTRY, transmit: true }));
}

const statuses = (events: readonly BrokerEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'status' ? [`${e.orderId} ${e.status}`] : []));
const executions = (events: readonly BrokerEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'execution' ? [`${e.execution.orderId} ${e.execution.side} ${e.execution.quantity.toString()}@${e.execution.price.toString()}`] : []));

describe('a bracket at IB', () => {
  it('when the first two legs are sent with transmit false then TWS holds them and says nothing, yet each placeOrder resolves', async () => {
    h = await harness({ server: { market: true } });

    await h.broker.placeOrder(request(ENTRY, limit('BUY', '400', '100', { bracket }), { transmit: false }));
    await h.broker.placeOrder(request(TAKE_PROFIT, limit('SELL', '410', '100', { bracket: { ...bracket, role: 'take-profit' } }), { parentId: ENTRY, transmit: false }));
    await h.server.waitFor('PLACE_ORDER', 2);

    expect(h.server.placedOrders().map((o) => [o.orderId, o.parentId, o.transmit])).toEqual([[ENTRY, '', '0'], [TAKE_PROFIT, String(ENTRY), '0']]);
    expect([h.server.orderStatus(ENTRY), h.server.orderStatus(TAKE_PROFIT)]).toEqual(['Held', 'Held']);
    expect(statuses(h.events)).toEqual([]);
  });

  it('when the last leg transmits then all three are accepted: the entry works, the exits wait PreSubmitted for it', async () => {
    h = await harness({ server: { market: true } });

    await placeBracket(h.broker);
    await eventually(() => statuses(h?.events ?? []).length === 3, 'three acknowledgements');

    expect(statuses(h.events)).toEqual([`${ENTRY} submitted`, `${TAKE_PROFIT} submitted`, `${STOP_LOSS} submitted`]);
    expect([ENTRY, TAKE_PROFIT, STOP_LOSS].map((id) => h?.server.orderStatus(id))).toEqual(['Submitted', 'PreSubmitted', 'PreSubmitted']);
  });

  it('when the market falls to the stop before the entry fills then the held stop loss does not trigger', async () => {
    h = await harness({ server: { market: true } });
    await placeBracket(h.broker);
    await eventually(() => statuses(h?.events ?? []).length === 3, 'three acknowledgements');

    h.server.trade('SPY', '401');
    h.server.trade('SPY', '394');
    await eventually(() => h?.server.orderStatus(ENTRY) === 'Filled', 'the entry to fill at 394');

    // 394 filled the entry (a buy limit at 400); the stop loss started working only then, after that trade.
    expect(h.server.orderStatus(STOP_LOSS)).toBe('Submitted');
    expect(h.server.positionOf('SPY')).toBe('100');
  });

  it('when the entry fills and then the stop loss is hit then the take profit is cancelled: the position is closed once', async () => {
    h = await harness({ server: { market: true } });
    await placeBracket(h.broker);
    await eventually(() => statuses(h?.events ?? []).length === 3, 'three acknowledgements');

    h.server.trade('SPY', '400');
    h.server.trade('SPY', '395');
    await eventually(() => statuses(h?.events ?? []).includes(`${TAKE_PROFIT} cancelled`), 'the take profit to be cancelled');

    expect(executions(h.events)).toEqual([`${ENTRY} BUY 100@400`, `${STOP_LOSS} SELL 100@395`]);
    expect(h.server.positionOf('SPY')).toBe('0');
    expect(h.server.workingOrderIds()).toEqual([]);
  });

  it('when the entry fills only in part then the exits work for that part, and the take profit filling it leaves the stop loss waiting for the rest', async () => {
    h = await harness({ server: { market: true } });
    await placeBracket(h.broker);
    await eventually(() => statuses(h?.events ?? []).length === 3, 'three acknowledgements');

    h.server.fill(ENTRY, [{ quantity: '40', price: '399.9', commission: '1.00' }]);
    h.server.trade('SPY', '410');
    await eventually(() => executions(h?.events ?? []).length === 2, 'the take profit to fill');

    expect(executions(h.events)).toEqual([`${ENTRY} BUY 40@399.9`, `${TAKE_PROFIT} SELL 40@410`]);
    expect(h.server.quantityOf(STOP_LOSS)).toBe('60');
    expect(h.server.orderStatus(STOP_LOSS)).toBe('Submitted');
    expect(h.server.positionOf('SPY')).toBe('0');
  });

  it('when the entry is cancelled before it fills then its exits are cancelled with it', async () => {
    h = await harness({ server: { market: true } });
    await placeBracket(h.broker);
    await eventually(() => statuses(h?.events ?? []).length === 3, 'three acknowledgements');

    await h.broker.cancelOrder(ENTRY);
    await eventually(() => statuses(h?.events ?? []).length === 6, 'three cancels');

    expect(statuses(h.events).slice(3)).toEqual([`${ENTRY} cancelled`, `${TAKE_PROFIT} cancelled`, `${STOP_LOSS} cancelled`]);
  });

  it('when TWS never acknowledges the released legs then each goes in doubt like any order IB did not answer', async () => {
    h = await harness({ server: { onOrder: (order) => (order.transmit === '0' ? { kind: 'market' } : { kind: 'silent' }) }, broker: { requestTimeoutMs: 200 } });

    await h.broker.placeOrder(request(ENTRY, limit('BUY', '400', '100', { bracket }), { transmit: false }));
    const last = await h.broker.placeOrder(request(TAKE_PROFIT, limit('SELL', '410', '100', { bracket: { ...bracket, role: 'take-profit' } }), { parentId: ENTRY })).catch((e: unknown) => e);
    await eventually(() => h?.logs.some((l) => l.msg.startsWith(`order ${ENTRY} is in doubt`)) ?? false, 'the held entry to go in doubt');

    expect(String(last)).toContain(`IB did not acknowledge order ${TAKE_PROFIT}`);
  });
});
