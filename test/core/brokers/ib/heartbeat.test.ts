/** The link watchdog on fake timers: quiet links are probed, answered probes keep the link, unanswered ones declare it dead. */
import { describe, expect, it } from 'vitest';
import { Heartbeat } from '../../../../core/brokers/ib/heartbeat.js';
import { FakeTimers } from '../../../support/fake-timers.js';

function watchdog() {
  const timers = new FakeTimers();
  const calls = { probes: 0, dead: [] as string[] };
  const heartbeat = new Heartbeat(timers, { intervalMs: 10_000, timeoutMs: 5_000 }, () => { calls.probes++; }, (reason) => { calls.dead.push(reason); });
  heartbeat.start();
  return { timers, calls, heartbeat };
}

describe('Heartbeat', () => {
  it('when messages keep arriving then it never probes', async () => {
    const { timers, calls, heartbeat } = watchdog();
    for (let i = 0; i < 5; i++) {
      await timers.advance(9_000);
      heartbeat.heard();
    }
    expect(calls).toEqual({ probes: 0, dead: [] });
    heartbeat.stop();
    expect(timers.pending()).toBe(0);
  });

  it('when the link is quiet then it probes once, and an answer keeps it alive', async () => {
    const { timers, calls, heartbeat } = watchdog();
    await timers.advance(20_000);
    heartbeat.heard();
    await timers.advance(6_000);

    expect(calls).toEqual({ probes: 1, dead: [] });
    heartbeat.stop();
  });

  it('when the probe is not answered within the timeout then the link is dead, once, and the watchdog stops', async () => {
    const { timers, calls } = watchdog();
    await timers.advance(20_000 + 5_000);

    expect(calls.probes).toBe(1);
    expect(calls.dead).toEqual(['TWS / IB Gateway stopped answering (nothing for 10000 ms, then no answer to a time probe within 5000 ms)']);
    await timers.advance(60_000);
    expect(calls.dead).toHaveLength(1);
    expect(timers.pending()).toBe(0);
  });
});
