/**
 * Changing a working order at IB: the same order id placed again with a new price or size. TWS answers
 * with the order as it now is; it refuses to change an order that already filled (104), which leaves
 * the order as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerRejection } from '../../../core/brokers/port.js';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limit, request, stop } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const fills = (): string[] => h?.server.executionRecords().map((e) => `${e.orderId} ${e.side} ${e.shares}@${e.price}`) ?? [];

describe('modifying an order at IB', () => {
  it('when a partial fill\'s status crosses a modify and TWS then refuses the modify then the modify is refused: only TWS\'s answer to it settles it', async () => {
    h = await harness({ server: { market: true, onModify: () => ({ before: [{ quantity: '40', price: '400', commission: '0.40' }], refuse: { code: 201, message: 'Order rejected - reason:the price is outside the allowed band' } }) } });
    await h.broker.placeOrder(request(1, limit('BUY', '400')));

    const modified = h.broker.modifyOrder(request(1, limit('BUY', '450')));

    await expect(modified).rejects.toThrow(/IB refused the modify of order 1: Order rejected - reason:the price is outside the allowed band \(IB 201\)/);
    expect(h.events.filter((e) => e.type === 'execution')).toHaveLength(1);
  });

  it('when a working limit order gets a new price then TWS receives the same id again with it, answers, and the order works at the new price', async () => {
    h = await harness({ server: { market: true } });
    await h.broker.placeOrder(request(1, limit('BUY', '400')));

    await h.broker.modifyOrder(request(1, limit('BUY', '401.5')));
    h.server.trade('SPY', '401.4');
    await eventually(() => h?.events.some((e) => e.type === 'execution') ?? false, 'the execution');

    expect(h.server.placedOrders().map((o) => [o.orderId, o.lmtPrice])).toEqual([[1, '400'], [1, '401.5']]);
    expect(fills()).toEqual(['1 BOT 100@401.4']);
    expect(h.notices.filter((n) => n.code === 103)).toEqual([]);
  });

  it('when a protective stop is raised then it triggers at its new price', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, stop('SELL', '395')));

    await h.broker.modifyOrder(request(1, stop('SELL', '398')));
    h.server.trade('SPY', '397.9');

    expect(fills()).toEqual(['1 SLD 100@397.9']);
  });

  it('when a working order gets a smaller size then TWS reports the new size and works only that', async () => {
    h = await harness({ server: { market: true } });
    await h.broker.placeOrder(request(1, limit('BUY', '400')));

    await h.broker.modifyOrder(request(1, limit('BUY', '400', '60')));
    h.server.trade('SPY', '400');

    expect(h.server.quantityOf(1)).toBe('60');
    expect(fills()).toEqual(['1 BOT 60@400']);
  });

  it('when the order already filled then IB refuses the modify (104), and the order is not closed or changed by the refusal', async () => {
    h = await harness({ server: { market: true } });
    await h.broker.placeOrder(request(1, limit('BUY', '400', '100')));
    h.server.trade('SPY', '400');
    await eventually(() => h?.events.some((e) => e.type === 'execution') ?? false, 'the execution');

    const error: unknown = await h.broker.modifyOrder(request(1, limit('BUY', '399'))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BrokerRejection);
    expect(String(error)).toContain("IB refused the modify of order 1: Can't modify a filled order. (IB 104)");
    expect(h.events.filter((e) => e.type === 'status' && e.status === 'rejected')).toEqual([]);
  });

  it('when the order is unknown to this broker then nothing is sent', async () => {
    h = await harness();

    await expect(h.broker.modifyOrder(request(9, limit('BUY', '400')))).rejects.toThrow('order 9 (robo:test:9) is not an order of ours at IB');
    expect(h.server.placedOrders()).toEqual([]);
  });
});
