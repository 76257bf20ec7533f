/**
 * Specifies robo:rate-limiter on a real host and simulated broker, on fake timers and a replay clock that
 * stands still — so every wait is counted by the limiter itself, as in a backtest: the bucket, the order
 * windows, the lanes, the bounded wait and queue, and nothing sent after a disconnect or at shutdown.
 */
import { describe, expect, it } from 'vitest';
import { rateLimiterWithDefaults } from '../../../core/config/defaults.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { rateLimiter } from '../../../plugins/rate-limiter/plugin.js';
import { BrokerTimeClock } from '../../../core/brokers/ib/broker-clock.js';
import { FakeTimers, settle } from '../../support/fake-timers.js';
import { hostFixture, type HostFixture } from '../../support/host-fixture.js';
import { limitIntent, marketIntent } from '../../support/market.js';

type Options = Parameters<typeof rateLimiterWithDefaults>[0];

interface Limited extends HostFixture {
  readonly timers: FakeTimers;
  /** Fake-timer milliseconds at which each order reached the broker, in arrival order. */
  readonly placedAt: number[];
}

async function limited(options: Options): Promise<Limited> {
  const timers = new FakeTimers();
  const fx = await hostFixture({ start: false, timers });
  await fx.host.install(rateLimiter, rateLimiterWithDefaults(options));
  await fx.host.start();
  await fx.host.watch(['AAPL', 'MSFT']);
  // The subscription took a token; a second of market time fills the bucket again before each test begins.
  fx.clock.advance(1000);
  const placedAt: number[] = [];
  fx.broker.onPlace = () => placedAt.push(timers.now);
  return { ...fx, timers, placedAt };
}

/** Moves fake time on in small steps until `work` settles (it may start waiting on a timer only after several turns). */
async function advanceUntil<T>(timers: FakeTimers, work: Promise<T>, limitMs = 5000): Promise<T> {
  let done = false;
  void work.finally(() => { done = true; });
  for (let waited = 0; !done && waited < limitMs; waited += 50) await timers.advance(50);
  return work;
}

function codes(results: readonly SubmitResult[]): (string | undefined)[] {
  return results.map((r) => (r.kind === 'vetoed' ? r.veto.code : r.kind));
}

const tenPerSecond = { messagesPerSecond: 10, burst: 2, orders: { max: 100, maxPerSymbol: 100 }, maxWaitMs: 1000 };

describe('robo:rate-limiter', () => {
  it('when more orders arrive than the burst then the rest go one by one at the message rate', async () => {
    // Arrange
    const fx = await limited(tenPerSecond);

    // Act
    const pending = Array.from({ length: 6 }, () => fx.host.submit(marketIntent('BUY', '1')));
    await fx.timers.advance(1000);
    const results = await Promise.all(pending);

    // Assert
    expect(codes(results)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect(fx.placedAt).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it('when the host clock is set back (IB corrects it to TWS time at connect) then the bucket still refills as time passes', async () => {
    // Arrange: the host reads a broker-corrected clock over the market clock, as an IB session does
    const timers = new FakeTimers();
    let brokerClock: BrokerTimeClock | undefined;
    const fx = await hostFixture({ start: false, timers, hostClock: (market) => (brokerClock = new BrokerTimeClock(market)) });
    await fx.host.install(rateLimiter, rateLimiterWithDefaults(tenPerSecond));
    await fx.host.start();
    await fx.host.watch(['AAPL']);
    fx.clock.advance(1000);
    const placedAt: number[] = [];
    fx.broker.onPlace = () => placedAt.push(timers.now);
    await Promise.all([fx.host.submit(marketIntent('BUY', '1')), fx.host.submit(marketIntent('BUY', '1'))]);

    // Act: TWS's clock is 10 s behind; two more orders then wait for tokens while time passes as it does live
    brokerClock?.sync(fx.clock.nowMs() - 10_500, fx.clock.nowMs());
    const waiting = Promise.all([fx.host.submit(marketIntent('BUY', '1')), fx.host.submit(marketIntent('BUY', '1'))]);
    let settled = false;
    void waiting.finally(() => { settled = true; });
    for (let ms = 0; !settled && ms < 2000; ms += 50) {
      fx.clock.advance(50);
      await timers.advance(50);
    }
    const after = await waiting;

    // Assert: they go at the message rate, not after the clock has caught up 10 s later (nor vetoed for waiting)
    expect(brokerClock?.offsetMs).toBe(-10_000);
    expect(codes(after)).toEqual(['sent', 'sent']);
    expect(placedAt.slice(0, 2)).toEqual([0, 0]);
    expect(placedAt.slice(2).every((at) => at <= 300)).toBe(true);
  });

  it('when an order would wait longer than maxWaitMs then it is vetoed at once with RATE_LIMIT_EXCEEDED and never sent', async () => {
    // Arrange
    const fx = await limited({ ...tenPerSecond, burst: 1, maxWaitMs: 250 });

    // Act
    const pending = Array.from({ length: 5 }, () => fx.host.submit(marketIntent('BUY', '1')));
    await fx.timers.advance(1000);
    const results = await Promise.all(pending);

    // Assert
    expect(codes(results)).toEqual(['sent', 'sent', 'sent', 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT_EXCEEDED']);
    expect(results[3]?.kind === 'vetoed' && results[3].veto.reason).toMatch(/would wait about 300 ms .* more than the 250 ms allowed, so it was refused rather than sent late/);
    expect(fx.placedAt).toEqual([0, 100, 200]);
  });

  it('when the queue is full then the next request is vetoed with RATE_QUEUE_FULL', async () => {
    // Arrange
    const fx = await limited({ ...tenPerSecond, burst: 1, maxWaitMs: 4000, maxQueue: 2 });

    // Act
    const pending = Array.from({ length: 5 }, () => fx.host.submit(marketIntent('BUY', '1')));
    await fx.timers.advance(1000);

    // Assert
    expect(codes(await Promise.all(pending))).toEqual(['sent', 'sent', 'sent', 'RATE_QUEUE_FULL', 'RATE_QUEUE_FULL']);
  });

  it('when a cancel arrives behind queued orders then it overtakes them', async () => {
    // Arrange: one resting order, then the bucket empty and two orders waiting
    const fx = await limited({ ...tenPerSecond, burst: 1 });
    const resting = await fx.host.submit(limitIntent('BUY', '1', '90'));
    const queued = [fx.host.submit(marketIntent('BUY', '1')), fx.host.submit(marketIntent('BUY', '2'))];

    // Act
    const cancel = fx.host.cancel(resting.kind === 'sent' ? resting.order.id : -1, 'test');
    await fx.timers.advance(1000);
    await Promise.all([cancel, ...queued]);

    // Assert
    expect(fx.sim.requests.filter((r) => r.kind !== 'subscribeBars').map((r) => r.kind)).toEqual(['placeOrder', 'cancelOrder', 'placeOrder', 'placeOrder']);
  });

  it('when cancels push a waiting order past maxWaitMs then it is vetoed with RATE_WAIT_EXPIRED, not sent late', async () => {
    // Arrange: two resting orders use the burst; an order waits; two cancels jump ahead of it
    const fx = await limited({ ...tenPerSecond, burst: 2, maxWaitMs: 250 });
    const resting = await Promise.all([fx.host.submit(limitIntent('BUY', '1', '90')), fx.host.submit(limitIntent('BUY', '1', '91'))]);
    const late = fx.host.submit(marketIntent('BUY', '1'));
    await settle();

    // Act
    const cancels = resting.map((r) => fx.host.cancel(r.kind === 'sent' ? r.order.id : -1, 'test'));
    await fx.timers.advance(1000);

    // Assert
    expect(codes([await late])).toEqual(['RATE_WAIT_EXPIRED']);
    expect(await Promise.all(cancels)).toEqual([undefined, undefined]);
    expect(fx.placedAt).toEqual([0, 0]);
  });

  it('when one symbol reaches its orders-per-interval limit then its next order waits for the window while another symbol goes at once', async () => {
    // Arrange
    const fx = await limited({ messagesPerSecond: 45, burst: 10, orders: { max: 10, maxPerSymbol: 2, intervalSeconds: 1 }, maxWaitMs: 1500 });
    const placed: string[] = [];
    fx.broker.onPlace = (request) => placed.push(`${request.intent.symbol}@${fx.timers.now}`);

    // Act
    const pending = [
      fx.host.submit(marketIntent('BUY', '1', 'AAPL')),
      fx.host.submit(marketIntent('BUY', '1', 'AAPL')),
      fx.host.submit(marketIntent('BUY', '1', 'AAPL')),
      fx.host.submit(marketIntent('BUY', '1', 'MSFT')),
    ];
    await fx.timers.advance(2000);
    await Promise.all(pending);

    // Assert
    expect(placed).toEqual(['AAPL@0', 'AAPL@0', 'MSFT@0', 'AAPL@1000']);
  });

  it('when the broker link is lost then every waiting request is dropped, never sent, and nothing goes until it is back', async () => {
    // Arrange
    const fx = await limited({ ...tenPerSecond, burst: 1 });
    const pending = [fx.host.submit(marketIntent('BUY', '1')), fx.host.submit(marketIntent('BUY', '2')), fx.host.submit(marketIntent('BUY', '3'))];
    await settle();

    // Act
    fx.broker.emit({ type: 'disconnected', reason: 'test: socket closed' });
    await fx.host.idle();
    const whileDown = await fx.host.submit(marketIntent('BUY', '4'));
    fx.clock.advance(1000);
    fx.broker.emit({ type: 'reconnected', reason: 'test', accounts: ['SIM000001'], nextValidId: 10 });
    await fx.host.idle();
    const afterwards = await fx.host.submit(marketIntent('BUY', '5'));

    // Assert
    const results = await Promise.all(pending);
    expect(codes(results)).toEqual(['sent', 'RATE_LINK_DOWN', 'RATE_LINK_DOWN']);
    expect(results[1]?.kind === 'vetoed' && results[1].veto.reason).toContain('the broker link was lost (test: socket closed)');
    // While the link is down the host's own trading gate refuses new orders before they reach the limiter.
    expect(codes([whileDown, afterwards])).toEqual(['LINK_DOWN', 'sent']);
    expect(fx.broker.placed.map((p) => p.intent.quantity.toString())).toEqual(['1', '5']);
  });

  it('when the host stops then waiting orders are dropped while its own cancels still go through, in their lane', async () => {
    // Arrange
    const fx = await limited({ ...tenPerSecond, burst: 1 });
    const resting = await fx.host.submit(limitIntent('BUY', '1', '90'));
    const waiting = fx.host.submit(marketIntent('BUY', '1'));
    await settle();

    // Act
    const report = await advanceUntil(fx.timers, fx.host.stop({ reason: 'signal' }));

    // Assert
    expect(codes([await waiting])).toEqual(['RATE_STOPPING']);
    expect(resting.kind === 'sent' && fx.host.orders.get(resting.order.id)?.state.kind).toBe('cancelled');
    expect(report.failures).toEqual([]);
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when data requests and orders wait together then orders go first', async () => {
    // Arrange
    const fx = await limited({ ...tenPerSecond, burst: 1 });
    await fx.host.submit(marketIntent('BUY', '1'));

    // Act
    const probe = fx.host.probeBroker();
    const order = fx.host.submit(marketIntent('BUY', '2'));
    await fx.timers.advance(1000);
    await Promise.all([probe, order]);

    // Assert
    expect(fx.sim.requests.filter((r) => r.kind !== 'subscribeBars').map((r) => r.kind)).toEqual(['placeOrder', 'placeOrder', 'currentTime']);
  });
});
