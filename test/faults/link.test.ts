/**
 * Connection faults through the real host, the real @stoqey/ib client and the local TWS-protocol server:
 * after each, position and cash equal the server's, every execution is booked once, nothing is sent twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../core/brokers/ib/harness.js';
import { buy, expectAgreement, rig, type Rig } from './rig.js';

let r: Rig | undefined;

afterEach(async () => {
  await r?.stop();
  await r?.server.stop();
  r = undefined;
});

describe('faults on the broker link', () => {
  it('when the socket drops right after an order is sent and it fills while disconnected then on reconnect the fill is booked once and the order never resent', async () => {
    r = await rig({ serverOptions: { nextValidId: 100, onOrder: () => ({ kind: 'drop' }) } });
    r.server.setHandshake('refuse');

    const sent = await r.host.submit(buy('100'));
    const whileDown = await r.host.submit(buy('10'));
    r.server.fill(100, [{ quantity: '60', price: '400.90', commission: '0.60' }, { quantity: '40', price: '401.00', commission: '0.40' }]);
    r.server.setHandshake('normal');
    await eventually(() => r?.host.link === 'up', 'trading to resume after the reconnect', 5_000);

    expect(sent).toMatchObject({ kind: 'unknown', order: { id: 100, state: { kind: 'pending' } } });
    expect(whileDown).toMatchObject({ kind: 'vetoed', veto: { code: 'LINK_DOWN' } });
    expect(r.host.orders.get(100)?.state.kind).toBe('filled');
    expect(r.server.placedOrders().map((o) => o.orderId)).toEqual([100]);
    expect(r.logs.some((l) => /order 100: the link to TWS was lost before IB answered order 100; it may be working at IB/.test(l.msg))).toBe(true);
    await expectAgreement(r);
  });

  it('when TWS answers the heartbeat slower than requestTimeoutMs but within heartbeat.timeoutMs then the link is kept', async () => {
    // Arrange: requests time out after 300 ms, the heartbeat waits 1500 ms, TWS answers its time in 600 ms
    r = await rig({ heartbeat: { intervalMs: 200, timeoutMs: 1_500 }, broker: { requestTimeoutMs: 300 } });
    r.server.answerTimeAfter(600);

    // Act: several probes' worth of time
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    // Assert
    expect(r.server.connectionCount).toBe(1);
    expect(r.logs.some((l) => l.msg.startsWith('dropping the broker link'))).toBe(false);
    expect(r.host.link).toBe('up');
  });

  it('when the socket stays open but the server stops answering then the heartbeat drops it, and a fill made meanwhile is booked after the reconnect', async () => {
    r = await rig({ heartbeat: { intervalMs: 100, timeoutMs: 200 }, serverOptions: { onOrder: () => ({ kind: 'rest' }) } });
    await r.host.submit(buy('50'));
    r.server.goSilent();
    r.server.fill(1, [{ quantity: '50', price: '400.80', commission: '0.50' }]);

    await eventually(() => r?.logs.some((l) => l.msg.startsWith('dropping the broker link: the broker stopped answering the heartbeat')) ?? false, 'the heartbeat to drop the link', 5_000);
    await eventually(() => r?.host.link === 'up' && r.server.connectionCount === 2, 'the reconnect and reconciliation', 5_000);

    expect(r.host.orders.get(1)?.state.kind).toBe('filled');
    expect(r.server.messages('REQ_CURRENT_TIME').some((m) => m.session === 1)).toBe(true);
    await expectAgreement(r);
  });

  it('when the heartbeat dropped a silent socket and the link came back then stopping cancels the new market-data request: none is left open at TWS', async () => {
    r = await rig({ heartbeat: { intervalMs: 100, timeoutMs: 200 } });
    await r.host.watch(['SPY']);
    await r.server.waitFor('REQ_REAL_TIME_BARS');
    r.server.goSilent();
    await eventually(() => r?.host.link === 'up' && r.server.connectionCount === 2, 'the reconnect', 5_000);
    await r.server.waitFor('REQ_REAL_TIME_BARS', 2);

    await r.stop();

    // The first request died with its socket; the second was asked on the new one and is cancelled there.
    expect(r.server.messages('REQ_REAL_TIME_BARS').map((m) => m.session)).toEqual([1, 2]);
    expect(r.server.messages('CANCEL_REAL_TIME_BARS').map((m) => [m.session, m.fields[2]])).toEqual([[2, r.server.messages('REQ_REAL_TIME_BARS')[1]?.fields[2]]]);
    expect(r.server.openBarRequests()).toEqual([]);
  });

  it('when IB reports 1100 then 1101 then orders are refused meanwhile, bars are asked again exactly once, and executions are asked again', async () => {
    r = await rig();
    await r.host.watch(['SPY']);
    const [first] = await r.server.waitFor('REQ_REAL_TIME_BARS');

    r.server.sendInfo(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await eventually(() => r?.host.link === 'down', 'the link-down gate');
    const whileLost = await r.host.submit(buy('10'));
    r.server.sendInfo(1101, 'Connectivity between IB and TWS has been restored- data lost.');
    await eventually(() => r?.host.link === 'up', 'trading to resume');

    expect(whileLost).toMatchObject({ kind: 'vetoed', veto: { code: 'LINK_DOWN' } });
    expect(r.server.messages('REQ_REAL_TIME_BARS')).toHaveLength(2);
    expect(r.server.messages('CANCEL_REAL_TIME_BARS').map((m) => m.fields[2])).toEqual([first?.fields[2]]);
    expect(r.server.openBarRequests()).toHaveLength(1);
    expect(r.server.messages('REQ_EXECUTIONS')).toHaveLength(2);
    expect(r.server.placedOrders()).toEqual([]);
    await expectAgreement(r);
  });

  it('when IB reports 1100 then 1102 then bars are left alone, executions are still asked again, and trading resumes', async () => {
    r = await rig();
    await r.host.watch(['SPY']);
    await r.server.waitFor('REQ_REAL_TIME_BARS');

    r.server.sendInfo(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await eventually(() => r?.host.link === 'down', 'the link-down gate');
    r.server.sendInfo(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.');
    await eventually(() => r?.host.link === 'up', 'trading to resume');
    const after = await r.host.submit(buy('10'));

    expect(r.server.messages('REQ_REAL_TIME_BARS')).toHaveLength(1);
    expect(r.server.messages('CANCEL_REAL_TIME_BARS')).toEqual([]);
    expect(r.server.messages('REQ_EXECUTIONS')).toHaveLength(2);
    expect(after.kind).toBe('sent');
    await expectAgreement(r);
  });

  it('when the gateway restarts offering a lower next valid id then order ids still rise', async () => {
    r = await rig({ serverOptions: { nextValidId: 100 } });
    await r.host.submit(buy('10'));
    r.server.setNextValidId(3);

    r.server.drop();
    await eventually(() => r?.host.link === 'down', 'the link-down gate');
    await eventually(() => r?.host.link === 'up', 'trading to resume');
    const next = await r.host.submit(buy('10'));

    expect(r.logs.some((l) => l.msg.startsWith('broker link restored') )).toBe(true);
    expect(next).toMatchObject({ kind: 'sent', order: { id: 101 } });
    expect(r.server.placedOrders().map((o) => o.orderId)).toEqual([100, 101]);
    await expectAgreement(r);
  });

  it('when a cancel is asked while the link is down then it is sent once the link is back and reconciled', async () => {
    r = await rig({ serverOptions: { onOrder: () => ({ kind: 'rest' }) } });
    await r.host.submit(buy('10'));
    r.server.setHandshake('refuse');
    r.server.drop();
    await eventually(() => r?.host.link === 'down', 'the link-down gate');

    await r.host.cancel(1, 'the strategy changed its mind');
    expect(r.server.messages('CANCEL_ORDER')).toEqual([]);
    r.server.setHandshake('normal');
    await eventually(() => r?.host.orders.get(1)?.state.kind === 'cancelled', 'the cancel after the reconnect', 5_000);

    expect(r.server.messages('CANCEL_ORDER').map((m) => [m.session, m.fields[1]])).toEqual([[r.server.connectionCount, '1']]);
    await expectAgreement(r);
  });
});
