/**
 * Specifies robo:circuit-breaker on a real host and simulated broker with a manual clock: the trips
 * (consecutive failures, daily loss on the New York trade date, drawdown), REDUCING, the cooldown and its
 * single trial order, the latch that only a reset lifts, and the state kept across a restart.
 */
import { describe, expect, it } from 'vitest';
import { circuitBreakerWithDefaults } from '../../../core/config/defaults.js';
import { isRoboError } from '../../../core/domain/errors.js';
import type { TradingStateChange } from '../../../core/host/events.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { MemoryStateStore } from '../../../core/host/state-store.js';
import { circuitBreaker } from '../../../plugins/circuit-breaker/plugin.js';
import { BREAKER_NAME, parseBreakerRecord, resetRecord } from '../../../plugins/circuit-breaker/state.js';
import { hostFixture, type HostFixture, type HostFixtureOptions } from '../../support/host-fixture.js';
import { bar, limitIntent, marketIntent, MINUTE } from '../../support/market.js';

type Options = Parameters<typeof circuitBreakerWithDefaults>[0];

interface Breaker extends HostFixture {
  readonly changes: TradingStateChange[];
}

async function breaker(options: Options = {}, fixture: HostFixtureOptions = {}): Promise<Breaker> {
  const fx = await hostFixture({ ...fixture, start: false });
  const changes: TradingStateChange[] = [];
  fx.host.hooks.onTradingState.tap('test-observer', (change) => { changes.push(change); });
  await fx.host.install(circuitBreaker, circuitBreakerWithDefaults(options));
  await fx.host.start();
  await fx.host.watch(['AAPL']);
  return { ...fx, changes };
}

function code(result: SubmitResult): string {
  return result.kind === 'vetoed' ? (result.veto.code ?? result.veto.reason) : result.kind;
}

/** Buys 100 AAPL at 100 (filled at the next bar's open), leaving the clock at 09:32 New York. */
async function long100(fx: HostFixture): Promise<void> {
  await fx.play([bar(0, { close: 100 })]);
  await fx.host.submit(marketIntent('BUY', '100'));
  await fx.play([bar(1, { open: 100, close: 100 })]);
}

describe('robo:circuit-breaker: consecutive failures', () => {
  it('when N orders in a row are rejected then it halts, says why, and the broker receives no new order while cancels pass', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 3 });
    await fx.play([bar(0)]);
    const resting = await fx.host.submit(limitIntent('BUY', '1', '90'));
    fx.broker.refuse = () => 'test: the broker refuses';

    // Act
    const rejected = [];
    for (let i = 0; i < 3; i++) rejected.push(await fx.host.submit(marketIntent('BUY', '1')));
    fx.broker.refuse = () => undefined;
    const after = await fx.host.submit(marketIntent('BUY', '1'));
    const cancel = await fx.host.cancel(resting.kind === 'sent' ? resting.order.id : -1, 'test');

    // Assert
    expect(rejected.map(code)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(fx.changes).toEqual([{ from: 'ACTIVE', to: 'HALTED', by: BREAKER_NAME, reason: expect.stringContaining('3 orders in a row were rejected or failed at the broker') }]);
    expect(code(after)).toBe('BREAKER_HALTED');
    expect(after.kind === 'vetoed' && after.veto.reason).toMatch(/only cancels and protective exits are sent until .*, when one trial order may pass/);
    expect(fx.broker.placed).toHaveLength(4);
    expect(cancel).toBeUndefined();
    expect(resting.kind === 'sent' && fx.host.orders.get(resting.order.id)?.state.kind).toBe('cancelled');
  });

  it('when an accepted order comes between rejections then the count starts again', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 3 });
    const refuse = [true, true, false, true, true];

    // Act
    const results = [];
    for (const no of refuse) {
      fx.broker.refuse = () => (no ? 'test: refused' : undefined);
      results.push(await fx.host.submit(marketIntent('BUY', '1')));
    }

    // Assert
    expect(results.map(code)).toEqual(['rejected', 'rejected', 'sent', 'rejected', 'rejected']);
    expect(fx.changes).toEqual([]);
  });

  it('when an order\'s outcome is unknown between rejections then it is no success: the count goes on and trading halts', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 2 });
    await fx.play([bar(0)]);
    let n = 0;
    fx.broker.refuse = () => (n === 1 ? undefined : 'test: the broker refuses');
    fx.broker.lose = () => n === 1;

    // Act: rejected, outcome unknown, rejected
    const results: SubmitResult[] = [];
    for (; n < 3; n++) results.push(await fx.host.submit(marketIntent('BUY', '1')));
    const after = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(results.map(code)).toEqual(['rejected', 'unknown', 'rejected']);
    expect(code(after)).toBe('BREAKER_HALTED');
  });

  it('when the trial order after a cooldown has an unknown outcome then the trial is not over: no other order passes until the broker answers it', async () => {
    // Arrange: halted by two rejections, the cooldown over
    const fx = await breaker({ maxConsecutiveFailures: 2, cooldownSeconds: 60 });
    await fx.play([bar(0)]);
    fx.broker.refuse = () => 'test: the broker refuses';
    await fx.host.submit(marketIntent('BUY', '1'));
    await fx.host.submit(marketIntent('BUY', '1'));
    fx.broker.refuse = () => undefined;
    fx.clock.advance(61_000);
    fx.broker.lose = () => true;

    // Act
    const trial = await fx.host.submit(marketIntent('BUY', '1'));
    fx.broker.lose = () => false;
    const next = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(code(trial)).toBe('unknown');
    expect(code(next)).toBe('BREAKER_TRIAL_PENDING');
    expect(fx.changes.at(-1)?.to).toBe('HALTED');
  });

  it('when the cooldown is over then exactly one trial order passes, and the broker accepting it makes trading ACTIVE again', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 2, cooldownSeconds: 60 });
    fx.broker.refuse = () => 'test: refused';
    await fx.host.submit(marketIntent('BUY', '1'));
    await fx.host.submit(marketIntent('BUY', '1'));
    fx.broker.refuse = () => undefined;

    // Act
    fx.clock.advance(59_000);
    const early = await fx.host.submit(marketIntent('BUY', '1'));
    fx.clock.advance(1_000);
    const [trial, second] = await Promise.all([fx.host.submit(marketIntent('BUY', '2')), fx.host.submit(marketIntent('BUY', '3'))]);
    const next = await fx.host.submit(marketIntent('BUY', '4'));

    // Assert
    expect([early, trial, second, next].map(code)).toEqual(['BREAKER_HALTED', 'sent', 'BREAKER_TRIAL_PENDING', 'sent']);
    expect(fx.changes.map((c) => `${c.from}→${c.to}`)).toEqual(['ACTIVE→HALTED', 'HALTED→ACTIVE']);
    expect(fx.changes[1]?.reason).toContain('was accepted by the broker after the cooldown');
  });

  it('when the trial order fails too then it halts again and the cooldown starts over', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 1, cooldownSeconds: 60 });
    fx.broker.refuse = () => 'test: refused';
    await fx.host.submit(marketIntent('BUY', '1'));
    fx.clock.advance(60_000);

    // Act
    const trial = await fx.host.submit(marketIntent('BUY', '1'));
    fx.clock.advance(30_000);
    const during = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect([trial, during].map(code)).toEqual(['rejected', 'BREAKER_HALTED']);
    expect(during.kind === 'vetoed' && during.veto.reason).toContain('the trial order 2 after the cooldown failed too');
    expect(fx.broker.placed).toHaveLength(2);
  });
});

describe('robo:circuit-breaker: losses', () => {
  it('when the day\'s loss nears its limit then only orders that reduce the position pass (REDUCING)', async () => {
    // Arrange: limit 0.5% of 100,000 = 500; REDUCING from half of it
    const fx = await breaker({ dailyLossPercent: 0.5, reducingAtShareOfDailyLoss: 0.5 });
    await long100(fx);

    // Act: 100 shares fall 3 dollars, a loss of 300
    await fx.play([bar(2, { open: 100, close: 97 })]);
    const add = await fx.host.submit(marketIntent('BUY', '1'));
    const flip = await fx.host.submit(limitIntent('SELL', '150', '97'));
    const reduce = await fx.host.submit(limitIntent('SELL', '60', '98'));
    const more = await fx.host.submit(limitIntent('SELL', '41', '98'));

    // Assert
    expect(fx.changes.map((c) => c.to)).toEqual(['REDUCING']);
    expect(fx.changes[0]?.reason).toContain("the day's loss of 300.00 reached 50% of its limit of 500.00");
    expect([add, flip, reduce, more].map(code)).toEqual(['BREAKER_REDUCING', 'BREAKER_REDUCING', 'sent', 'BREAKER_REDUCING']);
    expect(more.kind === 'vetoed' && more.veto.reason).toContain('60 more already on order on that side');
  });

  it('when the day\'s loss reaches its limit then it halts until a reset, through any cooldown and into the next day', async () => {
    // Arrange
    const fx = await breaker({ dailyLossPercent: 0.5, cooldownSeconds: 60 });
    await long100(fx);

    // Act
    await fx.play([bar(2, { open: 100, close: 94.9 })]);
    await fx.play([bar(24 * 60, { open: 100, close: 100 })]);
    const nextDay = await fx.host.submit(marketIntent('SELL', '100'));

    // Assert
    expect(fx.changes.map((c) => c.to)).toEqual(['HALTED']);
    expect(fx.changes[0]?.reason).toContain("the day's loss of 510.00 reached the limit of 500.00 (0.5% of 100000.00, equity at the start of 2026-03-02)");
    expect(code(nextDay)).toBe('BREAKER_HALTED');
    expect(nextDay.kind === 'vetoed' && nextDay.veto.reason).toContain('until someone runs robo breaker reset');
  });

  it('when a new New York trading day begins then REDUCING ends and the loss is measured from the previous close', async () => {
    // Arrange
    const fx = await breaker({ dailyLossPercent: 0.5, reducingAtShareOfDailyLoss: 0.5 });
    await long100(fx);
    await fx.play([bar(2, { open: 100, close: 97 })]);

    // Act: 19:30 New York is already the next day in UTC, but the same trade date; then the next open
    await fx.play([bar(600, { open: 97, close: 97 })]);
    const evening = fx.changes.length;
    await fx.play([bar(24 * 60, { open: 97, close: 96 })]);
    const buy = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(evening).toBe(1);
    expect(fx.changes.map((c) => c.to)).toEqual(['REDUCING', 'ACTIVE']);
    expect(fx.changes[1]?.reason).toContain('a new New York trading day began (2026-03-03)');
    expect(code(buy)).toBe('sent');
  });

  it('when equity falls from its peak by the drawdown limit then it halts and stays halted', async () => {
    // Arrange
    const fx = await breaker({ maxDrawdownPercent: 1, dailyLossPercent: 50 });
    await fx.play([bar(0, { close: 100 })]);
    await fx.host.submit(marketIntent('BUY', '1000'));
    await fx.play([bar(1, { open: 100, close: 101 })]);

    // Act
    await fx.play([bar(2, { open: 101, close: 99.9 })]);
    const result = await fx.host.submit(marketIntent('SELL', '1000'));

    // Assert
    expect(fx.changes.map((c) => c.to)).toEqual(['HALTED']);
    expect(fx.changes[0]?.reason).toContain('equity of 99900.00 is 1.09% below its peak of 101000.00');
    expect(code(result)).toBe('BREAKER_HALTED');
  });
});

describe('robo:circuit-breaker: the limits are inclusive and exact', () => {
  it('when the day\'s loss is a cent short of its limit then trading goes on, and at the limit exactly it halts', async () => {
    // Arrange: limit 0.5% of 100,000 = 500.00, no REDUCING step
    const fx = await breaker({ dailyLossPercent: 0.5, reducingAtShareOfDailyLoss: 1 });
    await long100(fx);

    // Act
    await fx.play([bar(2, { open: 100, close: 95.0001 })]);
    const short = fx.changes.length;
    await fx.play([bar(3, { open: 95, close: 95 })]);

    // Assert
    expect(short).toBe(0);
    expect(fx.changes.map((c) => c.to)).toEqual(['HALTED']);
    expect(fx.changes[0]?.reason).toContain("the day's loss of 500.00 reached the limit of 500.00");
  });

  it('when equity is a fraction of a cent above the drawdown level then trading goes on, and at the level exactly it halts', async () => {
    // Arrange: peak 101,000, limit 1% → level 99,990
    const fx = await breaker({ maxDrawdownPercent: 1, dailyLossPercent: 50 });
    await fx.play([bar(0, { close: 100 })]);
    await fx.host.submit(marketIntent('BUY', '1000'));
    await fx.play([bar(1, { open: 100, close: 101 })]);

    // Act
    await fx.play([bar(2, { open: 101, close: 99.990001 })]);
    const above = fx.changes.length;
    await fx.play([bar(3, { open: 99.99, close: 99.99 })]);

    // Assert
    expect(above).toBe(0);
    expect(fx.changes.map((c) => c.to)).toEqual(['HALTED']);
    expect(fx.changes[0]?.reason).toContain('equity of 99990.00 is 1.00% below its peak of 101000.00');
  });
});

describe('robo:circuit-breaker: the state kept', () => {
  it('when the host restarts on the state a halted breaker left then it is still halted, and after a reset it is ACTIVE', async () => {
    // Arrange
    const store = new MemoryStateStore();
    const first = await breaker({ dailyLossPercent: 0.5 }, { store });
    await long100(first);
    await first.play([bar(2, { open: 100, close: 90 })]);
    await first.host.stop({ reason: 'signal' });

    // Act
    const second = await breaker({ dailyLossPercent: 0.5 }, { store });
    await second.play([bar(3, { close: 90 })]);
    const whileHalted = await second.host.submit(marketIntent('BUY', '1'));
    await second.host.stop({ reason: 'signal' });
    store.write(BREAKER_NAME, resetRecord(parseBreakerRecord(store.read(BREAKER_NAME), 'test'), 0));
    const third = await breaker({ dailyLossPercent: 0.5 }, { store });
    await third.play([bar(4, { close: 90 })]);
    const afterReset = await third.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(code(whileHalted)).toBe('BREAKER_HALTED');
    expect(second.changes).toEqual([]);
    expect(code(afterReset)).toBe('sent');
    expect(parseBreakerRecord(store.read(BREAKER_NAME), 'test')).toMatchObject({ state: 'ACTIVE', session: { startEquity: '100000' } });
  });

  it('when the stored record is not valid then the breaker refuses to start (ROBO_ERR_STATE_CORRUPT), rather than forget a halt', async () => {
    // Arrange
    const store = new MemoryStateStore();
    store.write(BREAKER_NAME, { version: 1, state: 'HALTED' });

    // Act
    const outcome = await breaker({}, { store }).then(() => undefined, (error: unknown) => error);

    // Assert
    expect(isRoboError(outcome, 'ROBO_ERR_STATE_CORRUPT')).toBe(true);
  });

  it('when trading continues then the summary section shows the state and this run\'s trips', async () => {
    // Arrange
    const fx = await breaker({ maxConsecutiveFailures: 1 });
    fx.clock.advance(MINUTE);
    fx.broker.refuse = () => 'test: refused';

    // Act
    await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(fx.host.summarySections()['circuitBreaker']).toMatchObject({ state: 'HALTED', trips: [{ kind: 'failures', at: '2026-03-02T09:31:00-05:00' }] });
  });
});

describe('robo:circuit-breaker: stale prices', () => {
  it('when a held symbol has had no price for longer than the limit then only reducing orders pass, in any symbol, until a fresh price comes', async () => {
    // Arrange: long 100 AAPL; then only MSFT trades for 20 minutes (the host's limit is 15)
    const fx = await breaker({}, { symbols: ['AAPL', 'MSFT'] });
    await long100(fx);
    const msft = Array.from({ length: 20 }, (_, i) => bar(2 + i, { symbol: 'MSFT', close: 50 }));
    await fx.play(msft);

    // Act
    const add = await fx.host.submit(marketIntent('BUY', '1', 'MSFT'));
    const reduce = await fx.host.submit(marketIntent('SELL', '10'));
    await fx.play([bar(22, { close: 100 }), bar(23, { symbol: 'MSFT', close: 50 })]);
    const fresh = await fx.host.submit(marketIntent('BUY', '1', 'MSFT'));

    // Assert
    expect(code(add)).toBe('BREAKER_PRICE_STALE');
    expect(add.kind === 'vetoed' && add.veto.reason).toContain('the last price of AAPL is');
    expect(reduce.kind).toBe('sent');
    expect(fresh.kind).toBe('sent');
  });
});
