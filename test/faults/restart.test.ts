/**
 * Restarts of the host against the same TWS and the same journal file (in-process; the SIGKILL cases
 * are in crash.test.ts): the books are rebuilt from the journal first, what TWS replays is not booked
 * again, our orders are found again by orderRef, and order ids keep rising whatever TWS offers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../core/brokers/ib/harness.js';
import { buy, expectAgreement, rig, trackedRigs } from './rig.js';

const rigs = trackedRigs();
afterEach(rigs.stopAll);
const track = rigs.track;

describe('restarts on a journal', () => {
  it('when the host restarts after fills and commissions then TWS\'s replay of them is not booked or charged again', async () => {
    const first = await track(rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: [{ quantity: '40', price: '401.25', commission: '0.35' }, { quantity: '60', price: '401.30', commission: '0.52' }] }) } }));
    await first.host.submit(buy('100', '401.30'));
    await expectAgreement(first);
    await first.stop();

    const second = await track(rig({ server: first.server, journal: first.journal }));

    expect(second.logs.some((l) => l.msg.includes('rebuilt book 1 — 1 orders (0 open), 2 fills, cash 59871.13, positions SPY 100'))).toBe(true);
    expect(second.logs.some((l) => l.msg.startsWith('state recovery (start): no missed executions'))).toBe(true);
    expect(second.host.stats.fills).toBe(0);
    await expectAgreement(second);
  });

  it('when IB corrects a fill while Robo is stopped then the next start books the correction by its difference: cash and position agree with TWS', async () => {
    const first = await track(rig({ serverOptions: { onOrder: () => ({ kind: 'fill', parts: [{ quantity: '100', price: '401.30', commission: '1.00' }] }) } }));
    await first.host.submit(buy('100', '401.30'));
    await expectAgreement(first);
    await first.stop();
    const [booked] = first.server.executionRecords();
    first.server.correct(booked?.execId ?? '', { quantity: '100', price: '401.05' });

    const second = await track(rig({ server: first.server, journal: first.journal }));
    await eventually(() => second.logs.some((l) => l.msg.includes('correct')), 'the correction to be booked', 5_000);

    expect(second.logs.some((l) => l.msg.includes('which Robo does not follow'))).toBe(false);
    await expectAgreement(second);
  });

  it('when robo stops leaving an order working (shutdown.cancelOpenOrders false) then the next start finds it by orderRef, books its fill, and ids continue above it though TWS offers a lower one', async () => {
    const first = await track(rig({ cancelOpenOrdersOnStop: false, serverOptions: { nextValidId: 20, onOrder: () => ({ kind: 'rest' }) } }));
    await first.host.submit(buy('100', '401.30'));
    await first.stop();
    expect(first.server.messages('CANCEL_ORDER')).toEqual([]);
    first.server.setNextValidId(3);

    const second = await track(rig({ server: first.server, journal: first.journal }));
    first.server.fill(20, [{ quantity: '100', price: '401.20', commission: '1.00' }]);
    await eventually(() => second.host.orders.get(20)?.state.kind === 'filled', 'the fill of the re-attached order');
    const next = await second.host.submit(buy('10', '401.30'));

    expect(second.logs.some((l) => l.msg.includes('found orders 20 working at the broker'))).toBe(true);
    expect(next).toMatchObject({ kind: 'sent', order: { id: 21 } });
    await expectAgreement(second);
  });
});
