/**
 * A strategy's bracket from the host to IB and back: the host sends the legs one after the other, each
 * once the previous one resolved, so the held legs must resolve without waiting for an answer TWS only
 * gives when the last leg transmits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { Host } from '../../../core/host/host.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { SystemClock } from '../../../core/market/clock.js';
import { stateRecovery } from '../../../plugins/state-recovery/plugin.js';
import type { TwsServerOptions } from '../../support/tws-server/server.js';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limit, stop } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

async function hostOnMarket(broker: { requestTimeoutMs?: number } = {}, server: TwsServerOptions = {}): Promise<Host> {
  h = await harness({ server: { market: true, ...server }, start: false, broker: { requestTimeoutMs: broker.requestTimeoutMs ?? 1_000 } });
  const host = new Host({ broker: h.broker, clock: new SystemClock(), calendar: loadExchangeCalendar('XNYS'), log: h.log, startingCash: dec('100000') });
  await host.install(stateRecovery, { unknown: 'refuse' });
  await host.start();
  return host;
}

describe('a host bracket at IB', () => {
  it('when a strategy submits a bracket then every leg is sent at once, not after a timeout, and TWS receives transmit 0, 0, 1 with the exits naming the entry', async () => {
    const host = await hostOnMarket();
    const started = performance.now();

    const results = await host.submitBracket({ entry: limit('BUY', '400'), takeProfit: limit('SELL', '410'), stopLoss: stop('SELL', '395') });

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(results.map((r) => r.kind)).toEqual(['sent', 'sent', 'sent']);
    expect(h?.server.placedOrders().map((o) => [o.orderId, o.orderType, o.parentId, o.transmit])).toEqual([[1, 'LMT', '', '0'], [2, 'LMT', '1', '0'], [3, 'STP', '1', '1']]);
    await host.stop({ reason: 'signal' });
  });

  it('when the entry fills and the stop loss is hit then the host books both fills and the take profit ends cancelled: flat again', async () => {
    const host = await hostOnMarket();
    await host.submitBracket({ entry: limit('BUY', '400'), takeProfit: limit('SELL', '410'), stopLoss: stop('SELL', '395') });

    h?.server.trade('SPY', '400');
    h?.server.trade('SPY', '394.5');
    await eventually(() => host.orders.get(2)?.state.kind === 'cancelled', 'the take profit to end cancelled');
    await host.idle();

    expect([1, 2, 3].map((id) => host.orders.get(id)?.state.kind)).toEqual(['filled', 'cancelled', 'filled']);
    expect(host.portfolio.position('SPY').quantity.toString()).toBe('0');
    // Bought 100 at 400, sold 100 at 394.5: 100000 − 550 (commissions are the costs plugin's to book).
    expect(host.portfolio.cash.toFixed(2)).toBe('99450.00');
    await host.stop({ reason: 'signal' });
  });

  it('when IB refuses the last leg then the host cancels the held entry at once, which cancels the held exit: nothing half-made is left at IB', async () => {
    const host = await hostOnMarket({ requestTimeoutMs: 200 }, { onOrder: (order) => (order.orderId === 3 ? { kind: 'reject', code: 201, message: 'Order rejected - reason:stop price too close' } : { kind: 'market' }) });

    const results = await host.submitBracket({ entry: limit('BUY', '400'), takeProfit: limit('SELL', '410'), stopLoss: stop('SELL', '395') });
    await eventually(() => host.orders.get(1)?.state.kind === 'cancelled' && host.orders.get(2)?.state.kind === 'cancelled', 'the held legs to be cancelled');

    expect(results.map((r) => r.kind)).toEqual(['sent', 'sent', 'rejected']);
    expect([1, 2, 3].map((id) => h?.server.orderStatus(id))).toEqual(['Cancelled', 'Cancelled', 'Inactive']);
    expect(h?.server.messages('CANCEL_ORDER').map((m) => m.fields[1])).toEqual(['1']);
    expect(h?.logs.filter((l) => / is in doubt/.test(l.msg))).toEqual([]);
    expect(h?.server.executionRecords()).toEqual([]);
    await host.stop({ reason: 'signal' });
  });

  it('when the strategy raises the stop loss of a filled entry then IB receives the same order id with the new stop, still a child of the entry, and it works there', async () => {
    const host = await hostOnMarket();
    await host.submitBracket({ entry: limit('BUY', '400'), takeProfit: limit('SELL', '410'), stopLoss: stop('SELL', '395') });
    h?.server.trade('SPY', '400');
    await eventually(() => host.orders.get(1)?.state.kind === 'filled', 'the entry to fill');

    const result = await host.modify(3, { stopPrice: dec('398') });
    h?.server.trade('SPY', '397.9');
    await eventually(() => host.orders.get(3)?.state.kind === 'filled', 'the raised stop to fill');

    expect(result.kind).toBe('modified');
    expect(h?.server.placedOrders().filter((o) => o.orderId === 3).map((o) => [o.orderType, o.auxPrice, o.parentId, o.transmit])).toEqual([['STP', '395', '1', '1'], ['STP', '398', '1', '1']]);
    expect(h?.server.executionRecords().map((e) => [e.orderId, e.price])).toEqual([[1, '400'], [3, '397.9']]);
    await host.stop({ reason: 'signal' });
  });

  it('when the entry is cancelled with part of it filled then the host modifies the exits at IB down to what it filled', async () => {
    const host = await hostOnMarket();
    await host.submitBracket({ entry: limit('BUY', '400'), takeProfit: limit('SELL', '410'), stopLoss: stop('SELL', '395') });
    h?.server.fill(1, [{ quantity: '40', price: '400', commission: '0.40' }]);
    await eventually(() => host.orders.get(1)?.filledQuantity.toString() === '40', 'the entry\'s partial fill');

    await host.cancel(1, 'test: enough');
    await eventually(() => host.orders.get(3)?.intent.quantity.toString() === '40', 'the stop loss brought down');

    expect(host.orders.get(1)?.state.kind).toBe('cancelled');
    expect(h?.server.placedOrders().filter((o) => o.orderId !== 1).map((o) => [o.orderId, o.totalQuantity])).toEqual([[2, '100'], [3, '100'], [2, '40'], [3, '40']]);
    expect([2, 3].map((id) => host.orders.get(id)?.intent.quantity.toString())).toEqual(['40', '40']);
    await host.stop({ reason: 'signal' });
  });
});
