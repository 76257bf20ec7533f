/**
 * Orders the host no longer keeps in memory (`keepClosedOrders: 0` lets each go as soon as it closes)
 * that TWS mentions again — duplicate and replayed executions, a correction, commission reports, a
 * restart — through the real host, client and local TWS-protocol server: the order is read back from the
 * journal, and every execution is still booked once, with position and cash equal to the server's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../core/brokers/ib/harness.js';
import type { CommissionReport } from '../../core/host/events.js';
import { buy, expectAgreement, rig, trackedRigs } from './rig.js';

const rigs = trackedRigs();
afterEach(rigs.stopAll);
const track = rigs.track;

const TWO_PARTS = [{ quantity: '40', price: '401.25', commission: '0.35' }, { quantity: '60', price: '401.30', commission: '0.52' }];
const READ_BACK = /^order 1 read back from the journal/;

describe('orders the host let go of, mentioned again by the broker', () => {
  it('when every execution arrives twice and TWS replays them after a reconnect then each is booked once, from the order read back from the journal', async () => {
    const r = await track(rig({ keepClosedOrders: 0, serverOptions: { onOrder: () => ({ kind: 'fill', parts: TWO_PARTS, duplicateExecutions: true }) } }));
    await r.host.submit(buy('100', '401.30'));
    await expectAgreement(r);
    expect(r.host.orders.all()).toEqual([]);

    r.server.drop();
    await eventually(() => r.server.connectionCount === 2 && r.host.link === 'up', 'the reconnect and reconciliation');

    expect(r.host.stats.fills).toBe(2);
    expect(r.logs.some((l) => READ_BACK.test(l.msg))).toBe(true);
    expect(r.host.orders.get(1)?.state.kind).toBe('filled');
    expect(r.host.orders.counts()).toMatchObject({ filled: 1 });
    await expectAgreement(r);
  });

  it('when the commission reports come after their order was let go of then each is charged once, for its order', async () => {
    const r = await track(rig({ keepClosedOrders: 0, start: false, serverOptions: { onOrder: () => ({ kind: 'fill', parts: TWO_PARTS }) } }));
    const reports: CommissionReport[] = [];
    r.host.hooks.afterCommission.tap('test-observer', (report) => { reports.push(report); });
    await r.host.start();
    await r.host.submit(buy('100', '401.30'));

    await expectAgreement(r);
    expect(reports.map((c) => [c.orderId, c.commission.toString()])).toEqual([[1, '0.35'], [1, '0.52']]);
    expect(r.logs.some((l) => READ_BACK.test(l.msg))).toBe(true);
    expect(r.host.portfolio.costs.toFixed(2)).toBe('0.87');
  });

  it('when IB corrects an execution of an order let go of, live and again in the replay after a reconnect, then position and cash move by the difference once', async () => {
    const r = await track(rig({ keepClosedOrders: 0, serverOptions: { onOrder: () => ({ kind: 'fill', parts: [{ quantity: '100', price: '401.25', commission: '1.00' }] }) } }));
    await r.host.submit(buy('100', '401.30'));
    await expectAgreement(r);
    const [first] = r.server.executionRecords();

    r.server.correct(first?.execId ?? '', { quantity: '100', price: '401.05' });
    await eventually(() => r.host.stats.corrections === 1, 'the correction');
    r.server.drop();
    await eventually(() => r.server.connectionCount === 2 && r.host.link === 'up', 'the reconnect and reconciliation');

    expect(r.host.stats.corrections).toBe(1);
    expect(r.host.stats.fills).toBe(1);
    expect(r.logs.some((l) => READ_BACK.test(l.msg))).toBe(true);
    expect(r.host.portfolio.position('SPY').averageCost.toFixed(2)).toBe('401.05');
    await expectAgreement(r);
  });

  it('when the host restarts on a journal of closed orders then they stay out of memory and TWS\'s replay of their executions is not booked again', async () => {
    const first = await track(rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: TWO_PARTS }) } }));
    await first.host.submit(buy('100', '401.30'));
    await first.host.submit(buy('100', '401.30'));
    await expectAgreement(first);
    await first.stop();

    const second = await track(rig({ server: first.server, journal: first.journal, keepClosedOrders: 0 }));
    second.server.drop();
    await eventually(() => second.server.connectionCount === 3 && second.host.link === 'up', 'the reconnect and reconciliation');

    expect(second.logs.some((l) => l.msg.includes('rebuilt book 1 — 2 orders (0 open), 4 fills'))).toBe(true);
    expect(second.host.stats.fills).toBe(0);
    const next = await second.host.submit(buy('100', '401.30'));
    expect(next).toMatchObject({ kind: 'sent', order: { id: 3 } });
    await expectAgreement(second);
    expect(second.host.orders.all()).toEqual([]);
    expect(second.host.orders.counts()).toMatchObject({ filled: 3 });
  });
});
