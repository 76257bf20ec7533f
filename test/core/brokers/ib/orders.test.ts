/** Orders through the real client to the local TWS server and back into the host: acks, partial fills, commissions, rejections, duplicates, corrections. */
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerOutcomeUnknown } from '../../../../core/brokers/port.js';
import { dec } from '../../../../core/domain/money.js';
import { Host } from '../../../../core/host/host.js';
import type { CommissionReport } from '../../../../core/host/events.js';
import { loadExchangeCalendar } from '../../../../core/market/calendar.js';
import { SystemClock } from '../../../../core/market/clock.js';
import { commissionReport, orderStatus } from '../../../support/tws-server/messages.js';
import type { OrderScript, TwsServerOptions } from '../../../support/tws-server/server.js';
import { buy, eventually, harness, type Harness } from './harness.js';
import { stateRecovery } from '../../../../plugins/state-recovery/plugin.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const TWO_PARTS: OrderScript = { kind: 'fill', parts: [{ quantity: '40', price: '401.25', commission: '0.35' }, { quantity: '60', price: '401.30', commission: '0.52' }] };

/** A host on the IB broker: the path every order takes in `robo start` (with state recovery, which reconciles after a reconnect). */
async function hostOn(server: TwsServerOptions): Promise<{ host: Host; commissions: CommissionReport[] }> {
  h = await harness({ server, start: false });
  const host = new Host({ broker: h.broker, clock: new SystemClock(), calendar: loadExchangeCalendar('XNYS'), log: h.log, startingCash: dec('100000') });
  await host.install(stateRecovery, { unknown: 'refuse' });
  const commissions: CommissionReport[] = [];
  host.hooks.afterCommission.tap('test', (report) => { commissions.push(report); });
  await host.start();
  return { host, commissions };
}

describe('IbBroker orders', () => {
  it('when a strategy order is placed then TWS receives a transmitted PLACE_ORDER with our orderRef, account and exact limit', async () => {
    const { host } = await hostOn({ nextValidId: 100, onOrder: () => ({ kind: 'rest' }) });

    const result = await host.submit(buy('100', 'SPY', '401.37'));

    expect(result.kind).toBe('sent');
    expect(h?.server.placedOrders()).toEqual([expect.objectContaining({
      orderId: 100, symbol: 'SPY', secType: 'STK', exchange: 'SMART', currency: 'USD', action: 'BUY', totalQuantity: '100',
      orderType: 'LMT', lmtPrice: '401.37', tif: 'DAY', account: 'DU1234567', orderRef: 'robo:test:100', transmit: '1',
    })]);
    expect(host.orders.get(100)?.state.kind).toBe('submitted');
    await host.stop({ reason: 'signal' });
  });

  it('when TWS reports a status for our order id from another API client then it is not ours: our order keeps working', async () => {
    // Arrange: our order 100 rests; another program on the same TWS (clientId 99) has its own order 100
    const { host } = await hostOn({ nextValidId: 100, onOrder: () => ({ kind: 'rest' }) });
    await host.submit(buy('100', 'SPY', '401.37'));

    // Act: that program's order is cancelled, and TWS says so with its clientId
    h?.server.sendRaw(orderStatus({ orderId: 100, status: 'Cancelled', filled: '0', remaining: '0', avgFillPrice: '0', permId: 9_999, lastFillPrice: '0', clientId: 99 }));
    await host.probeBroker();
    await host.idle();

    // Assert
    expect(host.orders.get(100)?.state.kind).toBe('submitted');
    await host.stop({ reason: 'signal' });
  });

  it('when TWS fills in two parts with commission reports then the host books both fills and both commissions, to the cent', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => TWO_PARTS });

    await host.submit(buy('100'));
    await eventually(() => commissions.length === 2, 'two commission reports');
    await host.idle();

    const order = host.orders.get(1);
    expect(order?.state.kind).toBe('filled');
    expect(order?.filledQuantity.toString()).toBe('100');
    expect(host.stats.fills).toBe(2);
    expect(host.portfolio.position('SPY').quantity.toString()).toBe('100');
    // 40 × 401.25 + 60 × 401.30 = 16050 + 24078 = 40128
    expect(host.portfolio.cash.toFixed(2)).toBe('59872.00');
    expect(commissions.map((c) => [c.orderId, c.commission.toString(), c.currency])).toEqual([[1, '0.35', 'USD'], [1, '0.52', 'USD']]);
    await host.stop({ reason: 'signal' });
  });

  it('when every execution arrives twice then each is booked once', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => ({ ...TWO_PARTS, duplicateExecutions: true }) });

    await host.submit(buy('100'));
    await eventually(() => commissions.length === 2, 'two commission reports');
    await host.idle();

    expect(host.stats.fills).toBe(2);
    expect(host.portfolio.position('SPY').quantity.toString()).toBe('100');
    expect(host.portfolio.cash.toFixed(2)).toBe('59872.00');
    await host.stop({ reason: 'signal' });
  });

  it('when executions arrive in reverse order then the position and cash are the same', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => ({ ...TWO_PARTS, reverseExecutions: true }) });

    await host.submit(buy('100'));
    await eventually(() => commissions.length === 2, 'two commission reports');
    await host.idle();

    expect(host.orders.get(1)?.state.kind).toBe('filled');
    expect(host.portfolio.cash.toFixed(2)).toBe('59872.00');
    await host.stop({ reason: 'signal' });
  });

  it('when IB corrects an execution (.01 → .02) then it is never booked as a second fill: position and cash move by the difference, and the log says what differs', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => ({ kind: 'fill', parts: [{ quantity: '40', price: '401.25', commission: '0.35' }] }) });
    await host.submit(buy('100'));
    await eventually(() => commissions.length === 1, 'the first commission');
    const [first] = host.orders.get(1)?.executionIds ?? [];

    h?.server.sendExecution(1, `${String(first?.slice(0, -3))}.02`, { quantity: '40', price: '401.20', commission: '0.35' });
    h?.server.sendExecution(1, `${String(first?.slice(0, -3))}.02`, { quantity: '40', price: '401.20' });
    await eventually(() => h?.logs.some((l) => l.msg.startsWith('the broker corrected execution')) ?? false, 'the correction log line');
    await host.idle();

    expect(host.stats.fills).toBe(1);
    expect(host.stats.corrections).toBe(1);
    expect(host.portfolio.position('SPY').quantity.toString()).toBe('40');
    // 40 × 401.20 instead of 40 × 401.25: 2.00 back in cash.
    expect(host.portfolio.cash.toFixed(2)).toBe('83952.00');
    expect(commissions).toHaveLength(1);
    expect(h?.logs.find((l) => l.msg.startsWith('the broker corrected execution'))?.msg).toContain('40 @ 401.2 instead of 40 @ 401.25');
    await host.stop({ reason: 'signal' });
  });

  it('when the commission report arrives before its execution then it reaches the host after the fill, once', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => ({ kind: 'rest' }) });
    await host.submit(buy('10'));
    const execId = '0000e0d5.000f4240.01.01';

    h?.server.sendRaw(commissionReport(execId, '1.00', 'USD'));
    h?.server.sendExecution(1, execId, { quantity: '10', price: '400.00' });
    await eventually(() => commissions.length === 1, 'the commission');
    await host.idle();

    expect(commissions[0]).toMatchObject({ execId, orderId: 1 });
    expect(host.stats.fills).toBe(1);
    await host.stop({ reason: 'signal' });
  });

  it('when IB rejects the order (201) then placeOrder rejects and the host order is rejected with IB\'s reason', async () => {
    const { host } = await hostOn({ onOrder: () => ({ kind: 'reject', code: 201, message: 'Order rejected - reason:Insufficient buying power' }) });

    const result = await host.submit(buy('100'));

    expect(result).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('Insufficient buying power (IB 201)') });
    expect(host.orders.get(1)?.state).toMatchObject({ kind: 'rejected' });
    expect(h?.logs.some((l) => l.msg.startsWith('order 1: IB 201 (request 1): IB rejected the order'))).toBe(true);
    await host.stop({ reason: 'signal' });
  });

  it('when a resting order is cancelled then TWS receives CANCEL_ORDER and the host order ends cancelled', async () => {
    const { host } = await hostOn({ onOrder: () => ({ kind: 'rest' }) });
    await host.submit(buy('100'));

    await host.cancel(1, 'test');
    await host.idle();

    expect(h?.server.messages('CANCEL_ORDER').map((m) => m.fields[1])).toEqual(['1']);
    expect(host.orders.get(1)?.state.kind).toBe('cancelled');
    await host.stop({ reason: 'signal' });
  });

  it('when TWS never acknowledges then the outcome is unknown, not a rejection: TWS is asked for its open orders, then to cancel, and "not found" closes the order', async () => {
    h = await harness({ server: { onOrder: () => ({ kind: 'silent' }) }, broker: { requestTimeoutMs: 200 } });
    const statuses = (): unknown[] => h?.events.filter((event) => event.type === 'status') ?? [];

    const error: unknown = await h.broker.placeOrder({ orderId: 1, orderRef: 'robo:test:1', intent: buy('10') }).catch((e: unknown) => e);
    await h.server.waitFor('REQ_OPEN_ORDERS');
    await h.server.waitFor('CANCEL_ORDER');
    await eventually(() => statuses().length > 0, 'the order to be closed');

    expect(error).toBeInstanceOf(BrokerOutcomeUnknown);
    expect(String(error)).toContain('did not acknowledge order 1 within 200 ms; it stays open, in doubt');
    expect(statuses()).toEqual([expect.objectContaining({ orderId: 1, status: 'cancelled', reason: expect.stringContaining('IB has no order 1: it never arrived') })]);
  });

  it('when the link drops after a fill then the executions TWS replays on reconnect are not booked again', async () => {
    const { host, commissions } = await hostOn({ onOrder: () => TWO_PARTS });
    await host.submit(buy('100'));
    await eventually(() => commissions.length === 2, 'two commission reports');

    h?.server.drop();
    await h?.server.waitFor('REQ_ALL_OPEN_ORDERS', 2);
    await h?.server.waitFor('REQ_EXECUTIONS', 2);
    await eventually(() => host.link === 'up', 'trading to resume after the reconnect');
    await host.idle();

    expect(host.stats.fills).toBe(2);
    expect(commissions).toHaveLength(2);
    expect(host.portfolio.position('SPY').quantity.toString()).toBe('100');
    await host.stop({ reason: 'signal' });
  });
});
