/** The IB link over real TCP: ready only after nextValidId, a connect timeout, refusals, and no order sent while not ready. */
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerRejection } from '../../../../core/brokers/port.js';
import { isRoboError } from '../../../../core/domain/errors.js';
import { buy, eventually, harness, type Harness } from './harness.js';
import { TwsServer } from '../../../support/tws-server/server.js';
import { IbBroker } from '../../../../core/brokers/ib/ib-broker.js';
import { SystemClock } from '../../../../core/market/clock.js';
import { silentLogger } from '../../../../core/log.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

function brokerAt(port: number, connectTimeoutMs = 2_000): IbBroker {
  return new IbBroker({
    host: '127.0.0.1', port, clientId: 7, connectTimeoutMs, requestTimeoutMs: 1_000, maxRequestsPerSecond: 40,
    account: { mode: 'paper' }, confirmation: { live: false }, bars: { barSeconds: 15, whatToShow: 'TRADES', useRth: true },
    clock: new SystemClock(), log: silentLogger(),
  });
}

describe('IbBroker connection', () => {
  it('when TWS answers the handshake then it is ready with the accounts and next id, after sending START_API with the fixed clientId', async () => {
    h = await harness({ server: { accounts: ['DU1234567'], nextValidId: 42 } });

    expect(h.broker.state).toBe('ready');
    expect(h.server.messages('START_API')[0]?.fields).toEqual(['71', '2', '7', '']);
    expect(h.logs.some((l) => /connected to TWS \/ IB Gateway at 127\.0\.0\.1:\d+ \(API server version 193\); trading paper account DU…4567/.test(l.msg))).toBe(true);
    expect(h.notices.map((n) => n.code)).toEqual(expect.arrayContaining([2104, 2106, 2158]));
  });

  it('when nothing listens on the port then connect fails fast with ROBO_ERR_BROKER_CONNECT', async () => {
    const server = new TwsServer();
    const port = await server.start();
    await server.stop();

    const error: unknown = await brokerAt(port).connect(() => {}).catch((e: unknown) => e);

    expect(isRoboError(error, 'ROBO_ERR_BROKER_CONNECT')).toBe(true);
    expect(String(error)).toMatch(/could not connect to TWS \/ IB Gateway at 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('when TWS resets the connection at once then connect fails with ROBO_ERR_BROKER_CONNECT', async () => {
    const server = new TwsServer();
    const port = await server.start();
    server.setHandshake('refuse');

    const error: unknown = await brokerAt(port).connect(() => {}).catch((e: unknown) => e);
    await server.stop();

    expect(isRoboError(error, 'ROBO_ERR_BROKER_CONNECT')).toBe(true);
  });

  it('when TWS accepts but never answers then connect gives up after connectTimeoutMs', async () => {
    const server = new TwsServer();
    const port = await server.start();
    server.setHandshake('silent');
    const started = performance.now();

    const error: unknown = await brokerAt(port, 300).connect(() => {}).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    await server.stop();

    expect(isRoboError(error, 'ROBO_ERR_BROKER_CONNECT')).toBe(true);
    expect(String(error)).toContain('did not complete the API handshake within 300 ms');
    expect(elapsed).toBeLessThan(2_000);
    expect(server.openConnections).toBe(0);
  });

  it('when an order is placed before the link is ready then it is refused and nothing reaches TWS', async () => {
    h = await harness({ start: false });

    const error: unknown = await h.broker.placeOrder({ orderId: 1, orderRef: 'robo:test:1', intent: buy('10') }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BrokerRejection);
    expect(String(error)).toContain('not ready (not connected yet)');
    expect(h.server.connectionCount).toBe(0);
  });

  it('when TWS reports 1100 then orders are refused (not queued) until 1102, and the host hears lost and restored', async () => {
    h = await harness();
    h.server.sendInfo(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await eventually(() => h?.broker.state === 'ib-link-lost', 'the link-lost state');

    const refused: unknown = await h.broker.placeOrder({ orderId: 1, orderRef: 'robo:test:1', intent: buy('10') }).catch((e: unknown) => e);
    h.server.sendInfo(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.');
    await eventually(() => h?.broker.state === 'ready', 'the ready state');
    await h.broker.placeOrder({ orderId: 2, orderRef: 'robo:test:2', intent: buy('10') });

    expect(refused).toBeInstanceOf(BrokerRejection);
    expect(String(refused)).toContain('TWS lost its link to IB');
    expect(h.server.placedOrders().map((o) => o.orderId)).toEqual([2]);
    expect(h.events.filter((e) => e.type === 'disconnected' || e.type === 'reconnected').map((e) => e.type)).toEqual(['disconnected', 'reconnected']);
    expect(h.logs.some((l) => l.msg.startsWith('IB 1100: TWS / IB Gateway lost its connection to IB\'s servers; new orders are refused until it is restored'))).toBe(true);
  });

  it('when TWS drops the socket then orders are refused while reconnecting, a fresh session with the same clientId takes over, and no old request leaks into it', async () => {
    h = await harness();
    const server = h.server;
    server.drop();
    await eventually(() => h?.events.some((e) => e.type === 'disconnected') ?? false, 'the disconnected event');

    const refused: unknown = await h.broker.placeOrder({ orderId: 1, orderRef: 'robo:test:1', intent: buy('10') }).catch((e: unknown) => e);
    await eventually(() => h?.broker.state === 'ready', 'the reconnect');
    await h.broker.placeOrder({ orderId: 2, orderRef: 'robo:test:2', intent: buy('10') });

    expect(refused).toBeInstanceOf(BrokerRejection);
    expect(server.connectionCount).toBe(2);
    expect(server.messages('START_API').map((m) => [m.session, m.fields[2]])).toEqual([[1, '7'], [2, '7']]);
    expect(server.placedOrders().map((o) => [o.session, o.orderId])).toEqual([[2, 2]]);
    expect(h.events.find((e) => e.type === 'reconnected')).toMatchObject({ accounts: ['DU1234567'], reason: expect.stringContaining('reconnected to TWS') });
  });

  it('when the host drops a link that went silent then the socket is closed, the host hears why, and a fresh session takes over', async () => {
    h = await harness();
    h.server.goSilent();

    h.broker.dropLink('TWS / IB Gateway stopped answering the heartbeat');
    await eventually(() => h?.events.some((e) => e.type === 'reconnected') ?? false, 'the reconnect after silence');

    expect(h.events.find((e) => e.type === 'disconnected')).toMatchObject({ reason: 'TWS / IB Gateway stopped answering the heartbeat' });
    expect(h.server.connectionCount).toBe(2);
    expect(h.broker.state).toBe('ready');
  });

  it('when reconnect attempts are scheduled then each waits its backoff step plus up to 20% jitter, with the same clientId', async () => {
    h = await harness({ broker: { reconnectDelaysMs: [100, 200], random: () => 0.5 } });
    h.server.setHandshake('refuse');
    h.server.drop();
    await eventually(() => h?.logs.filter((l) => l.msg.startsWith('reconnecting to TWS')).length === 2, 'two reconnect attempts');
    h.server.setHandshake('normal');
    await eventually(() => h?.broker.state === 'ready', 'the reconnect');

    expect(h.logs.filter((l) => l.msg.startsWith('reconnecting to TWS')).map((l) => l['delayMs'])).toEqual([110, 220]);
    expect(h.server.messages('START_API').map((m) => m.fields[2])).toEqual(['7', '7']);
  });

  it('when asked for the time then it answers with TWS\'s clock in milliseconds', async () => {
    h = await harness({ server: { nowSeconds: () => 1_772_461_800 } });

    expect(await h.broker.currentTime()).toBe(1_772_461_800_000);
  });
});
