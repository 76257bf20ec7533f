/**
 * The rate limiter end to end, on real time — time is the subject: a burst of 500 order intents through
 * the composed host, measured by the timestamps the simulated broker records for every request.
 */
import { describe, expect, it } from 'vitest';
import { STAGE } from '../../../core/host/hooks.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { bar, marketIntent } from '../../support/market.js';
import { guardConfig, pipeline, RunningClock, writeGuardConfig } from '../../support/pipeline.js';

const RATE = 40;
const BURST = 5;
const MAX_WAIT_MS = 1000;
/**
 * While 500 intents go through the guards at once, the host's own steps around the gate queue behind
 * them: a request the limiter let go at once may leave a little later. That is host latency, not a wait
 * at the limiter — and it never bunches messages, because the limiter counts a message when it leaves.
 */
const HOST_LATENCY_MS = 300;

/** The most requests in any window of `windowMs` among sorted timestamps. */
function busiest(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('rate limiter through the pipeline, on real time', () => {
  it('when 500 order intents arrive at once then the broker never sees more than the configured rate, cancels overtake queued orders, and the excess is vetoed, not sent late', async () => {
    // Arrange
    const file = writeGuardConfig(guardConfig({
      safety: [
        `rateLimiter: { messagesPerSecond: ${RATE}, burst: ${BURST}, orders: { max: 1000, maxPerSymbol: 1000 }, maxWaitMs: ${MAX_WAIT_MS}, maxQueue: 100 }`,
        'riskLimits: { maxOpenOrdersPerSide: 1000, maxPositionQuantity: 1000000 }',
      ].join('\n'),
    }));
    const p = await pipeline(file, { replayClock: (firstBarMs) => new RunningClock(firstBarMs) });
    const { host } = p.runtime;
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', close: 100 })]);
    await new Promise((resolve) => setTimeout(resolve, 1000 / RATE * BURST)); // let the bucket fill after the subscription
    const before = p.sim.requests.length;
    // From the moment a request reaches the broker gate to the moment it leaves for the broker.
    const arrived = new Map<unknown, number>();
    const departures: number[] = [];
    host.hooks.beforeBrokerRequest.tap({ name: 'test-arrival', stage: STAGE.SAFETY - 1 }, (r) => { arrived.set(r, host.clock.nowMs()); return undefined; });
    host.hooks.afterBrokerRequest.tap('test-departure', ({ request, sent }) => { if (sent) departures.push(host.clock.nowMs() - (arrived.get(request) ?? Number.POSITIVE_INFINITY)); });

    // Act: 500 intents at once; 200 ms later, while orders still wait, cancel the first three
    const results = Array.from({ length: 500 }, () => host.submit(marketIntent('BUY', '1', 'SPY')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cancelAskedAt = host.clock.nowMs();
    const cancels = [1, 2, 3].map((id) => host.cancel(id, 'test: overtake'));
    const outcomes: SubmitResult[] = await Promise.all(results);
    await Promise.all(cancels);
    await host.idle();

    // Assert: the rate at the broker, for every request after the burst began (orders and cancels)
    const requests = p.sim.requests.slice(before);
    const times = requests.map((r) => r.at).sort((a, b) => a - b);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(BURST + RATE);
    expect(busiest(times, 500)).toBeLessThanOrEqual(BURST + RATE / 2);
    expect(busiest(times, 100)).toBeLessThanOrEqual(BURST + RATE / 10);

    // Assert: what was not sent was vetoed by the rate limiter with its reason; nothing was sent late
    const sent = outcomes.filter((o) => o.kind === 'sent');
    const vetoed = outcomes.filter((o): o is Extract<SubmitResult, { kind: 'vetoed' }> => o.kind === 'vetoed');
    expect(sent.length + vetoed.length).toBe(500);
    expect(sent.length).toBeGreaterThanOrEqual(BURST + RATE / 2);
    expect(sent.length).toBeLessThanOrEqual(BURST + RATE + 1);
    expect(new Set(vetoed.map((v) => v.veto.by))).toEqual(new Set(['robo:rate-limiter']));
    expect(vetoed.every((v) => ['RATE_LIMIT_EXCEEDED', 'RATE_QUEUE_FULL', 'RATE_WAIT_EXPIRED'].includes(v.veto.code ?? ''))).toBe(true);
    expect(vetoed.every((v) => /refused rather than sent late|already waiting for the broker/.test(v.veto.reason))).toBe(true);
    const orderTimes = requests.filter((r) => r.kind === 'placeOrder').map((r) => r.at);
    expect(host.summarySections()['rateLimiter']).toMatchObject({ longestWaitMs: expect.any(Number) });
    expect((host.summarySections()['rateLimiter'] as { longestWaitMs: number }).longestWaitMs).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(Math.max(...departures)).toBeLessThanOrEqual(MAX_WAIT_MS + HOST_LATENCY_MS);

    // Assert: the cancels went ahead of the orders that were already waiting when they were asked for
    const cancelAt = requests.filter((r) => r.kind === 'cancelOrder').map((r) => r.at);
    expect(cancelAt).toHaveLength(3);
    const waitingWhenAsked = orderTimes.filter((t) => t > cancelAskedAt).length;
    const overtaken = orderTimes.filter((t) => t > Math.max(...cancelAt)).length;
    expect(waitingWhenAsked).toBeGreaterThan(10);
    expect(overtaken).toBeGreaterThanOrEqual(waitingWhenAsked - 3);
    expect(host.summarySections()['rateLimiter']).toMatchObject({ sent: { cancel: 3 } });
  });
});
