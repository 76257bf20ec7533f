/** LinkWatch: a fetch that lost a request to a drop learns when the adapter has reconnected, or that it did not in time. */
import { describe, expect, it } from 'vitest';
import { LinkWatch } from '../../../core/data/link-watch.js';
import { FakeTimers } from '../../support/fake-timers.js';

const RECONNECTED = { type: 'reconnected', reason: 'test', accounts: [], nextValidId: 1 } as const;

describe('LinkWatch', () => {
  it('when the link is up already then it answers true at once', async () => {
    const watch = new LinkWatch(new FakeTimers(), () => true);
    expect(await watch.back(1_000)).toBe(true);
  });

  it('when the adapter reconnects in time then every waiter hears true, and no timer is left', async () => {
    const timers = new FakeTimers();
    const watch = new LinkWatch(timers, () => false);
    const waits = [watch.back(10_000), watch.back(10_000)];
    watch.onEvent(RECONNECTED);
    expect(await Promise.all(waits)).toEqual([true, true]);
    expect(timers.pending()).toBe(0);
  });

  it('when the time passes without a reconnect then it answers false', async () => {
    const timers = new FakeTimers();
    const watch = new LinkWatch(timers, () => false);
    const wait = watch.back(10_000);
    await timers.advance(10_000);
    expect(await wait).toBe(false);
  });
});
