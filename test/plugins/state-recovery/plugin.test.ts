/**
 * robo:state-recovery — trading starts and resumes only once the books agree with the broker; what the
 * broker holds that the journal does not know is always reported and handled by the policy; a broker
 * that cannot be asked keeps trading halted until a reconciliation passes.
 */
import { describe, expect, it } from 'vitest';
import type { BrokerSnapshot } from '../../../core/brokers/port.js';
import { isRoboError } from '../../../core/domain/errors.js';
import { dec } from '../../../core/domain/money.js';
import { stateRecovery, type StateRecoveryOptions } from '../../../plugins/state-recovery/plugin.js';
import { configured } from '../../support/configured.js';
import { hostFixture, type HostFixture } from '../../support/host-fixture.js';
import { limitIntent } from '../../support/market.js';

const ELSEWHERE = { symbol: 'AAPL', quantity: dec('100'), averageCost: dec('50') };

function holding(snapshot: BrokerSnapshot): BrokerSnapshot {
  return { ...snapshot, positions: [...snapshot.positions, ELSEWHERE] };
}

async function recovering(unknown: StateRecoveryOptions['unknown'], answer?: (s: BrokerSnapshot) => BrokerSnapshot | Promise<BrokerSnapshot>): Promise<HostFixture> {
  const fx = await hostFixture({ start: false, plugins: () => [configured(stateRecovery, { unknown })] });
  if (answer) fx.broker.answer = answer;
  return fx;
}

async function startError(fx: HostFixture): Promise<unknown> {
  try {
    await fx.host.start();
    return undefined;
  } catch (error) {
    return error;
  }
}

function rounds(fx: HostFixture): unknown {
  return (fx.host.summarySections()['stateRecovery'] as { rounds: unknown }).rounds;
}

describe('robo:state-recovery', () => {
  it('when the broker holds nothing the journal does not know then trading starts, and the round is reported as agreed', async () => {
    const fx = await recovering('refuse');

    await fx.host.start();

    expect(fx.host.link).toBe('up');
    expect(rounds(fx)).toEqual([expect.objectContaining({ reason: 'start', outcome: 'agreed' })]);
  });

  it('when the broker holds a position the journal does not know and the policy is refuse then the start is refused with ROBO_ERR_RECONCILE, saying what differs, and nothing is sent', async () => {
    const fx = await recovering('refuse', holding);

    const error = await startError(fx);

    expect(isRoboError(error, 'ROBO_ERR_RECONCILE')).toBe(true);
    expect(String(error)).toContain('refusing to trade: the broker holds what the journal does not know — position AAPL: the broker holds 100, the journal 0 — and safety.stateRecovery.unknown is refuse');
    expect(fx.host.state).toBe('starting');
    await fx.host.stop({ reason: 'error' });
    expect(fx.broker.placed).toEqual([]);
  });

  it('when the policy is adopt then the position enters the books at the broker\'s average cost, and trading starts', async () => {
    const fx = await recovering('adopt', holding);

    await fx.host.start();

    expect(fx.host.portfolio.position('AAPL')).toMatchObject({ quantity: dec('100'), averageCost: dec('50') });
    expect(fx.host.portfolio.cash.toFixed(2)).toBe('95000.00');
    expect(rounds(fx)).toEqual([expect.objectContaining({ outcome: 'adopted', unknown: ['position AAPL: the broker holds 100, the journal 0'] })]);
    expect(fx.host.link).toBe('up');
  });

  it('when the policy is ignore then the position is reported but kept out of the books, and trading starts', async () => {
    const fx = await recovering('ignore', holding);

    await fx.host.start();

    expect(fx.host.portfolio.position('AAPL').quantity.isZero()).toBe(true);
    expect(rounds(fx)).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
  });

  it('when an open order at the broker is not ours then it counts as unknown too', async () => {
    const fx = await recovering('refuse', (s) => ({ ...s, openOrders: [{ orderId: 7, orderRef: '', clientId: 3, symbol: 'AAPL', side: 'SELL', quantity: dec('5'), filled: dec('0'), status: 'Submitted' }] }));

    const error = await startError(fx);

    expect(String(error)).toContain('open order 7 of client 3 (SELL 5 AAPL)');
    await fx.host.stop({ reason: 'error' });
  });

  it('when the broker cannot be asked after a reconnect then new orders stay refused, cancels still go, and the next reconnect that passes resumes trading', async () => {
    let fail = false;
    const fx = await recovering('refuse', (s) => {
      if (fail) throw new Error('TWS did not finish answering the request for positions within 3000 ms');
      return s;
    });
    await fx.host.start();
    await fx.host.submit(limitIntent('BUY', '10', '90'));
    fail = true;

    fx.broker.inner.dropLink('test: link dropped');
    await fx.host.idle();
    const halted = await fx.host.submit(limitIntent('BUY', '10', '90'));
    await fx.host.cancel(1, 'test: cancel while halted');
    fail = false;
    fx.broker.inner.dropLink('test: link dropped again');
    await fx.host.idle();
    const resumed = await fx.host.submit(limitIntent('BUY', '10', '90'));

    expect(halted).toMatchObject({ kind: 'vetoed', veto: { code: 'RECOVERY_HALTED', reason: expect.stringContaining('state recovery could not ask the broker what it holds (TWS did not finish answering') } });
    expect(fx.host.orders.get(1)?.state.kind).toBe('cancelled');
    expect(resumed.kind).toBe('sent');
    expect(rounds(fx)).toEqual([expect.objectContaining({ outcome: 'agreed' }), expect.objectContaining({ outcome: 'failed' }), expect.objectContaining({ outcome: 'agreed' })]);
  });

  it('when an order was sent but the broker has no trace of it after a reconnect then it is closed as never sent, and never resent', async () => {
    const fx = await recovering('refuse', (s) => ({ ...s, openOrders: [] }));
    await fx.host.start();
    // An order the broker never acknowledged: the sim broker would, so the acknowledgement is dropped here.
    const sim = fx.broker.inner;
    fx.broker.placeOrder = async (request) => { fx.broker.placed.push(request); };
    await fx.host.submit(limitIntent('BUY', '10', '90'));

    sim.dropLink('test: link dropped');
    await fx.host.idle();

    expect(fx.host.orders.get(1)?.state).toMatchObject({ kind: 'cancelled', reason: expect.stringContaining('not sent: the broker has no trace of it') });
    expect(fx.broker.placed).toHaveLength(1);
    expect(rounds(fx)).toEqual([expect.anything(), expect.objectContaining({ reason: 'reconnect', outcome: 'agreed', notSent: [1] })]);
  });
});
