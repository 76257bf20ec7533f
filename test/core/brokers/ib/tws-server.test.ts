/** The local TWS-protocol server checked by the real @stoqey/ib client: every message it sends decodes without error 505. */
import { afterEach, describe, expect, it } from 'vitest';
import { EventName, IBApi, OrderAction, OrderType, SecType } from '@stoqey/ib';
import { TwsServer } from '../../../support/tws-server/server.js';

interface Seen {
  readonly events: { name: string; args: unknown[] }[];
  readonly errors: { code: number; message: string; reqId: number }[];
}

function watch(api: IBApi): Seen {
  const seen: Seen = { events: [], errors: [] };
  api.on(EventName.all, (name: string, args: unknown[]) => { if (name !== 'received' && name !== 'sent') seen.events.push({ name, args }); });
  api.on(EventName.error, (error: Error, code: number, reqId: number) => { seen.errors.push({ code, message: error.message, reqId }); });
  return seen;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('TwsServer (the local TWS-protocol server)', () => {
  let server: TwsServer;
  let api: IBApi | undefined;

  afterEach(async () => {
    api?.removeAllListeners();
    api?.disconnect();
    await server.stop();
  });

  it('when the real client connects, places, fills in parts and asks for everything then it decodes every message without error 505', async () => {
    server = new TwsServer({ onOrder: () => ({ kind: 'fill', parts: [{ quantity: '40', price: '401.25', commission: '0.35' }, { quantity: '60', price: '401.30', commission: '0.52' }] }) });
    const port = await server.start();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the client under test is built as core/brokers/ib/connection.ts builds it
    api = new IBApi({ host: '127.0.0.1', port, clientId: 7, maxReqPerSec: 40 });
    const seen = watch(api);
    api.connect(7);
    await until(() => seen.events.some((e) => e.name === 'nextValidId'), 'nextValidId');

    api.placeOrder(1, { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, { action: OrderAction.BUY, totalQuantity: 100, orderType: OrderType.LMT, lmtPrice: 401.5, transmit: true, orderRef: 'robo:test:1', account: 'DU1234567', tif: 'DAY' });
    api.reqCurrentTime();
    api.reqPositions();
    api.reqAllOpenOrders();
    api.reqExecutions(9, {});
    api.reqRealTimeBars(11, { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, 5, 'TRADES', true);
    await server.waitFor('REQ_REAL_TIME_BARS');
    server.pushBar('SPY', { time: 1_772_461_800, open: '401.00', high: '401.50', low: '400.90', close: '401.25', volume: '1200' });
    server.sendInfo(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await until(() => seen.events.some((e) => e.name === 'realtimeBar') && seen.events.some((e) => e.name === 'execDetailsEnd') && seen.events.some((e) => e.name === 'info' && e.args[1] === 1100), 'the answers');

    expect(seen.errors.filter((e) => e.code === 505)).toEqual([]);
    expect(seen.errors).toEqual([]);
    const names = seen.events.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['server', 'managedAccounts', 'nextValidId', 'openOrder', 'orderStatus', 'execDetails', 'commissionReport', 'currentTime', 'position', 'positionEnd', 'openOrderEnd', 'execDetailsEnd', 'realtimeBar', 'info']));
    expect(server.protocolErrors).toEqual([]);
    const [placed] = server.placedOrders();
    expect(placed).toMatchObject({ orderId: 1, symbol: 'SPY', secType: 'STK', exchange: 'SMART', currency: 'USD', action: 'BUY', totalQuantity: '100', orderType: 'LMT', lmtPrice: '401.5', tif: 'DAY', account: 'DU1234567', orderRef: 'robo:test:1', transmit: '1' });
    expect(placed?.fields).toHaveLength(118);
    expect(server.messages('START_API')[0]?.fields).toEqual(['71', '2', '7', '']);
  });
});
