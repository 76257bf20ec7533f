/**
 * Stops at IB, worked by the test server against trades: a stop becomes a market order when a trade
 * reaches it, a stop limit a limit order, and a trailing stop follows the best price — never back —
 * and triggers like a stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, harness, type Harness } from '../../core/brokers/ib/harness.js';
import { request, stop, stopLimit, trailAmount, trailPercent } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const fills = (): string[] => h?.server.executionRecords().map((e) => `${e.orderId} ${e.side} ${e.shares}@${e.price}`) ?? [];

describe('stops at IB', () => {
  it('when the market trades through a sell stop then it fills at that trade, and not before', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, stop('SELL', '395')));

    h.server.trade('SPY', '395.01');
    expect(fills()).toEqual([]);
    h.server.trade('SPY', '394.8');
    await eventually(() => h?.events.some((e) => e.type === 'execution') ?? false, 'the execution');

    expect(fills()).toEqual(['1 SLD 100@394.8']);
  });

  it('when a stop limit triggers below its limit then it rests as a limit order until the market comes back to it', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, stopLimit('SELL', '395', '394.5')));

    h.server.trade('SPY', '394');
    expect([fills(), h.server.orderStatus(1)]).toEqual([[], 'Submitted']);
    h.server.trade('SPY', '394.6');

    expect(fills()).toEqual(['1 SLD 100@394.6']);
  });
});

describe('trailing stops at IB', () => {
  it('when the market rises then a sell trailing stop follows it by its amount, holds when it falls back, and fills when the market reaches it', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, trailAmount('SELL', '2', '398')));

    h.server.trade('SPY', '400'); // 400 − 2 = 398: as it started
    h.server.trade('SPY', '403.5'); // new high: stop to 401.5
    const trailed = h.server.stopOf(1);
    h.server.trade('SPY', '402'); // falls back: the stop stays
    const held = h.server.stopOf(1);
    h.server.trade('SPY', '401.4');
    await eventually(() => h?.events.some((e) => e.type === 'execution') ?? false, 'the execution');

    expect([trailed, held]).toEqual(['401.5', '401.5']);
    expect(fills()).toEqual(['1 SLD 100@401.4']);
  });

  it('when a buy trailing stop trails by a percent then it follows the lowest price, on the cent away from the market', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, trailPercent('BUY', '1.5')));

    h.server.trade('SPY', '400'); // stop 406
    h.server.trade('SPY', '390.01'); // 390.01 × 1.015 = 395.86015 → 395.87
    const trailed = h.server.stopOf(1);
    h.server.trade('SPY', '395.87');

    expect(trailed).toBe('395.87');
    expect(fills()).toEqual(['1 BOT 100@395.87']);
  });

  it('when a trade sets a new best price then it cannot also trigger the stop it moved', async () => {
    h = await harness();
    await h.broker.placeOrder(request(1, trailAmount('SELL', '1')));

    h.server.trade('SPY', '400');
    h.server.trade('SPY', '399.5');
    h.server.trade('SPY', '405');

    expect([h.server.stopOf(1), fills()]).toEqual(['404', []]);
  });
});
