/**
 * What TWS reads for each order type and time in force: the PLACE_ORDER the real client sends at
 * server version 193, read back by the test server at IB's field positions. A price field the type
 * does not use is unset (empty), never zero: TWS would take a zero as a price.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import type { OrderIntent } from '../../../core/domain/types.js';
import type { PlacedOrder } from '../../support/tws-server/server.js';
import { harness, type Harness } from '../../core/brokers/ib/harness.js';
import { limit, limitOnClose, market, marketOnClose, request, stop, stopLimit, trailAmount, trailPercent } from './intents.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

/** Places the order on a fresh broker (extended hours as given) and returns the PLACE_ORDER TWS received. */
async function sent(intent: OrderIntent, options: { outsideRth?: boolean; link?: { parentId?: number; transmit?: boolean } } = {}): Promise<PlacedOrder> {
  h = await harness({ server: { onOrder: () => ({ kind: 'rest' }) }, broker: { outsideRth: options.outsideRth ?? false } });
  await h.broker.placeOrder(request(1, intent, options.link));
  // A held leg's promise resolves as it is handed to the client: its bytes may still be on the way.
  await h.server.waitFor('PLACE_ORDER');
  const [placed] = h.server.placedOrders();
  if (placed === undefined) throw new Error('TWS received no PLACE_ORDER');
  return placed;
}

const UNSET = { lmtPrice: '', auxPrice: '', trailStopPrice: '', trailingPercent: '', ocaGroup: '', ocaType: '', parentId: '' };

describe('PLACE_ORDER fields of each order type', () => {
  it.each<[string, OrderIntent, Partial<PlacedOrder>]>([
    ['a market order', market('BUY'), { orderType: 'MKT' }],
    ['a limit order: its limit in lmtPrice', limit('BUY', '401.37'), { orderType: 'LMT', lmtPrice: '401.37' }],
    ['a stop: its stop price in auxPrice', stop('SELL', '395.5'), { orderType: 'STP', auxPrice: '395.5' }],
    ['a stop limit: the stop in auxPrice, the limit in lmtPrice', stopLimit('SELL', '395.5', '395.25'), { orderType: 'STP LMT', auxPrice: '395.5', lmtPrice: '395.25' }],
    ['a trailing stop by an amount: the amount in auxPrice, no percent', trailAmount('SELL', '1.25'), { orderType: 'TRAIL', auxPrice: '1.25' }],
    ['a trailing stop by a percent: trailingPercent, no amount', trailPercent('SELL', '1.5'), { orderType: 'TRAIL', trailingPercent: '1.5' }],
    ['a trailing stop with an initial stop: trailStopPrice', trailAmount('SELL', '2', '398.01'), { orderType: 'TRAIL', auxPrice: '2', trailStopPrice: '398.01' }],
    ['a market on close', marketOnClose('SELL'), { orderType: 'MOC' }],
    ['a limit on close: its limit in lmtPrice', limitOnClose('BUY', '400.1'), { orderType: 'LOC', lmtPrice: '400.1' }],
  ])('%s', async (_name, intent, expected) => {
    const placed = await sent(intent);

    expect(placed).toMatchObject({ ...UNSET, tif: 'DAY', transmit: '1', outsideRth: '0', orderRef: 'robo:test:1', account: 'DU1234567', ...expected });
  });

  it('when the client sends a plain stock order then it is 118 fields long, so the positions TWS reads are where the server reads them', async () => {
    const placed = await sent(stopLimit('SELL', '395.5', '395.25'));

    expect(placed.fields).toHaveLength(118);
    expect(placed.fields.slice(16, 22)).toEqual(['SELL', '100', 'STP LMT', '395.25', '395.5', 'DAY']);
  });
});

describe('PLACE_ORDER time in force and trading hours', () => {
  it.each([['DAY'], ['GTC'], ['IOC'], ['OPG']] as const)('a %s limit order is sent with that tif', async (tif) => {
    const placed = await sent(limit('BUY', '401', '100', { tif }));

    expect(placed.tif).toBe(tif);
  });

  it('when the intent has no time in force then it is DAY, as the domain says', async () => {
    expect((await sent(stop('SELL', '390'))).tif).toBe('DAY');
  });

  it('when the intent asks for extended hours then outsideRth is set, though the config does not allow it for every order', async () => {
    expect((await sent(stop('SELL', '390', '100', { tif: 'GTC', outsideRth: true }), { outsideRth: false })).outsideRth).toBe('1');
  });

  it('when the config allows extended hours then every order may work outside regular hours', async () => {
    expect((await sent(limit('BUY', '401'), { outsideRth: true })).outsideRth).toBe('1');
  });

  it('when the config allows extended hours then an order on the close still is not outsideRth: it trades in the regular session\'s auction', async () => {
    expect((await sent(marketOnClose(), { outsideRth: true })).outsideRth).toBe('0');
  });
});

describe('PLACE_ORDER groups and links', () => {
  it('an OCA member carries its group and type', async () => {
    const placed = await sent(limit('SELL', '410', '100', { oca: { group: 'robo:test:exit-1', type: 2 } }));

    expect(placed).toMatchObject({ ocaGroup: 'robo:test:exit-1', ocaType: '2', parentId: '' });
  });

  it('a bracket exit names its entry in parentId, and a held leg is sent with transmit 0', async () => {
    const placed = await sent(limit('SELL', '410', '100', { bracket: { id: 'robo:test:b1', role: 'take-profit' } }), { link: { parentId: 7, transmit: false } });

    expect(placed).toMatchObject({ parentId: '7', transmit: '0', ocaGroup: '' });
  });
});

describe('prices TWS could not read exactly', () => {
  it('when a stop price would change on its way through a JS number then the order is refused, not rounded, and nothing is sent', async () => {
    h = await harness({ server: { onOrder: () => ({ kind: 'rest' }) } });
    const intent: OrderIntent = { strategyId: 'test', symbol: 'SPY', side: 'SELL', quantity: dec('100'), type: 'STP', stopPrice: dec('0.1000000000000000000001') };

    await expect(h.broker.placeOrder(request(1, intent))).rejects.toThrow('the stop price 0.1000000000000000000001 cannot be sent to IB exactly');
    expect(h.server.placedOrders()).toEqual([]);
  });
});
