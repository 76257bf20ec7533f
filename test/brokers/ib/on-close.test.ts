/** Orders on the close at IB: they rest through the day's trades and trade only in the closing auction. */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limitOnClose, marketOnClose, request } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const fills = (): string[] => h?.server.executionRecords().map((e) => `${e.orderId} ${e.side} ${e.shares}@${e.price}`) ?? [];

describe('orders on the close at IB', () => {
  it('when the day trades then a market-on-close order waits, and fills at the auction\'s price', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, marketOnClose('SELL')));

    h.server.trade('SPY', '401');
    expect(fills()).toEqual([]);
    h.server.closeAuction('SPY', '400.25');
    await eventually(() => h?.events.some((e) => e.type === 'execution') ?? false, 'the execution');

    expect(fills()).toEqual(['1 SLD 100@400.25']);
  });

  it('when the auction\'s price is beyond a limit-on-close order\'s limit then it does not fill, and is cancelled with the auction', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, limitOnClose('BUY', '400')));
    await h.broker.placeOrder(request(2, limitOnClose('BUY', '400.5')));

    h.server.closeAuction('SPY', '400.25');
    await eventually(() => h?.events.some((e) => e.type === 'status' && e.orderId === 1 && e.status === 'cancelled') ?? false, 'order 1 to be cancelled');

    expect(fills()).toEqual(['2 BOT 100@400.25']);
  });
});
