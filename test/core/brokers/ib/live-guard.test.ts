/** The live-trading guard: paper (DU…) trades; real money only with mode live AND --live --confirm-account <exact id>; the port never decides. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkLiveGuard, maskAccount } from '../../../../core/brokers/ib/live-guard.js';
import { isRoboError } from '../../../../core/domain/errors.js';
import { harness, type Harness } from './harness.js';

const paper = { mode: 'paper' as const, live: false };

describe('checkLiveGuard', () => {
  it('when the only account is a paper account then it trades it', () => {
    expect(checkLiveGuard({ ...paper, accounts: ['DU1234567'] })).toEqual({ ok: true, account: 'DU1234567', paper: true });
  });

  it('when a live account is logged in and the config says paper then it refuses', () => {
    const verdict = checkLiveGuard({ ...paper, accounts: ['U7654321'] });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('live (real-money) account: U…4321, and account.mode is paper') });
  });

  it('when the config says live but the command line did not confirm then it refuses', () => {
    expect(checkLiveGuard({ mode: 'live', live: false, accounts: ['U7654321'] })).toMatchObject({ ok: false, reason: expect.stringContaining('did not confirm it with --live') });
    expect(checkLiveGuard({ mode: 'live', live: true, accounts: ['U7654321'] })).toMatchObject({ ok: false, reason: expect.stringContaining('no --confirm-account') });
    expect(checkLiveGuard({ mode: 'live', live: true, confirmedAccount: 'U7654320', accounts: ['U7654321'] })).toMatchObject({ ok: false });
  });

  it('when config and command line both confirm the exact account then it trades real money', () => {
    expect(checkLiveGuard({ mode: 'live', live: true, confirmedAccount: 'U7654321', accounts: ['U7654321'] })).toEqual({ ok: true, account: 'U7654321', paper: false });
  });

  it('when any managed account is live, even next to a paper one, then the guard applies', () => {
    expect(checkLiveGuard({ ...paper, configuredAccount: 'DU1234567', accounts: ['DU1234567', 'U7654321'] })).toMatchObject({ ok: false });
  });

  it('when several accounts are managed and account.id does not choose, or names another, then it refuses', () => {
    expect(checkLiveGuard({ ...paper, accounts: ['DU1', 'DU2'] })).toMatchObject({ ok: false, reason: expect.stringContaining('several accounts') });
    expect(checkLiveGuard({ ...paper, configuredAccount: 'DU9999999', accounts: ['DU1234567'] })).toMatchObject({ ok: false, reason: expect.stringContaining('is not one of the accounts') });
  });

  it('when the config says live but the account is paper then it refuses the mismatch', () => {
    expect(checkLiveGuard({ mode: 'live', live: true, confirmedAccount: 'DU1234567', accounts: ['DU1234567'] })).toMatchObject({ ok: false, reason: expect.stringContaining('is a paper account') });
  });

  it('when an account id is shown then it is masked', () => {
    expect(maskAccount('DU1234567')).toBe('DU…4567');
  });
});

describe('IbBroker live guard over TCP', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.finish();
    h = undefined;
  });

  it('when TWS is logged in to a live account and nothing confirmed it then connect refuses with ROBO_ERR_LIVE_ACCOUNT, closes the socket, and no order can be sent', async () => {
    h = await harness({ server: { accounts: ['U7654321'] }, start: false });

    const error: unknown = await h.broker.connect(() => {}).catch((e: unknown) => e);
    const order: unknown = await h.broker.placeOrder({ orderId: 1, orderRef: 'robo:t:1', intent: { strategyId: 't', symbol: 'SPY', side: 'BUY', quantity: (await import('../../../../core/domain/money.js')).dec('1'), type: 'MKT' } }).catch((e: unknown) => e);
    await h.server.waitUntil(() => h?.server.openConnections === 0, 'the socket to close');

    expect(isRoboError(error, 'ROBO_ERR_LIVE_ACCOUNT')).toBe(true);
    expect(String(order)).toContain('not ready');
    expect(h.server.placedOrders()).toEqual([]);
    expect(h.broker.state).toBe('closed');
  });

  it('when config and command line confirm the live account then it connects and trades it', async () => {
    h = await harness({ server: { accounts: ['U7654321'] }, broker: { account: { mode: 'live', id: 'U7654321' }, confirmation: { live: true, account: 'U7654321' } } });

    expect(h.broker.state).toBe('ready');
    expect(h.logs.some((l) => l.msg.includes('trading LIVE account U…4321'))).toBe(true);
  });
});
