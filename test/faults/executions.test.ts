/**
 * Executions that arrive twice, out of order, corrected, or with their commission before or after them —
 * live and replayed after a reconnect — through the real host, client and local TWS-protocol server:
 * each is booked once, and position and cash end equal to the server's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../core/brokers/ib/harness.js';
import { buy, expectAgreement, rig, sell, type Rig } from './rig.js';

let r: Rig | undefined;

afterEach(async () => {
  await r?.stop();
  await r?.server.stop();
  r = undefined;
});

const TWO_PARTS = [{ quantity: '40', price: '401.25', commission: '0.35' }, { quantity: '60', price: '401.30', commission: '0.52' }];

describe('faults in the execution stream', () => {
  it('when every execution arrives twice and TWS replays them all again after a reconnect then each is booked once', async () => {
    r = await rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: TWO_PARTS, duplicateExecutions: true }) } });
    await r.host.submit(buy('100', '401.30'));
    await expectAgreement(r);

    r.server.drop();
    await eventually(() => r?.server.connectionCount === 2 && r.host.link === 'up', 'the reconnect and reconciliation');

    expect(r.host.stats.fills).toBe(2);
    // Two live duplicates and two replays, all recognised by execution id (here already in the adapter).
    expect(r.logs.filter((l) => /^execution .* seen again \(duplicate\); booked once$/.test(l.msg)).length).toBeGreaterThanOrEqual(4);
    await expectAgreement(r);
  });

  it('when executions arrive in reverse order with their commissions before them then the position, cash and commissions are the same', async () => {
    r = await rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: TWO_PARTS, reverseExecutions: true, commissionFirst: true }) } });
    await r.host.submit(buy('100', '401.30'));

    await expectAgreement(r);
    expect(r.host.orders.get(1)?.state.kind).toBe('filled');
    expect(r.host.portfolio.costs.toFixed(2)).toBe('0.87');
  });

  it('when IB corrects an execution (.01 → .02), live and again in the replay after a reconnect, then position and cash move by the difference once', async () => {
    r = await rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: [{ quantity: '100', price: '401.25', commission: '1.00' }] }) } });
    await r.host.submit(buy('100', '401.30'));
    await expectAgreement(r);
    const [first] = r.server.executionRecords();

    r.server.correct(first?.execId ?? '', { quantity: '100', price: '401.05' });
    await eventually(() => r?.host.stats.corrections === 1, 'the correction');
    r.server.drop();
    await eventually(() => r?.server.connectionCount === 2 && r.host.link === 'up', 'the reconnect and reconciliation');

    expect(r.host.stats.corrections).toBe(1);
    expect(r.host.stats.fills).toBe(1);
    await expectAgreement(r);
  });

  it('when a fill and a partial sale happen while the link is down then both are booked once on reconnect, with their commissions', async () => {
    r = await rig({ serverOptions: { onOrder: () => ({ kind: 'rest' }) } });
    await r.host.submit(buy('100', '401.30'));
    await r.host.submit(sell('30', '402.00'));
    r.server.setHandshake('refuse');
    r.server.drop();
    await eventually(() => r?.host.link === 'down', 'the link-down gate');

    r.server.fill(1, [{ quantity: '100', price: '401.10', commission: '1.00' }]);
    r.server.fill(2, [{ quantity: '20', price: '402.00', commission: '1.00' }]);
    r.server.setHandshake('normal');
    await eventually(() => r?.host.link === 'up', 'trading to resume', 5_000);

    expect(r.host.orders.get(1)?.state.kind).toBe('filled');
    expect(r.host.orders.get(2)?.state.kind).toBe('partially_filled');
    await expectAgreement(r);
  });
});
