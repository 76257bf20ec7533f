/**
 * The circuit breaker end to end: a config file on disk, the composed host with every built-in plugin,
 * the simulated broker configured to reject — and `robo breaker` run as a child process.
 */
import { describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../core/host/host.js';
import { runRobo } from '../../support/cli.js';
import { bar, limitIntent, marketIntent } from '../../support/market.js';
import { guardConfig, pipeline, writeGuardConfig } from '../../support/pipeline.js';

function code(result: SubmitResult): string {
  return result.kind === 'vetoed' ? (result.veto.code ?? result.veto.reason) : result.kind;
}

const spy = (side: 'BUY' | 'SELL', quantity: string) => marketIntent(side, quantity, 'SPY');

describe('circuit breaker through the pipeline', () => {
  it('when the broker rejects N orders in a row then the breaker opens and the broker receives no further new order', async () => {
    // Arrange
    const file = writeGuardConfig(guardConfig({ broker: 'rejectProbability: 1', safety: 'circuitBreaker: { maxConsecutiveFailures: 3 }' }));
    const p = await pipeline(file);
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', close: 100 })]);

    // Act
    const results: SubmitResult[] = [];
    for (let i = 0; i < 8; i++) results.push(await p.runtime.host.submit(spy('BUY', '1')));

    // Assert
    expect(results.map(code)).toEqual(['rejected', 'rejected', 'rejected', ...Array<string>(5).fill('BREAKER_HALTED')]);
    expect(p.sim.received).toHaveLength(3);
    expect(p.runtime.host.summarySections()['circuitBreaker']).toMatchObject({ state: 'HALTED', trips: [{ kind: 'failures' }] });
    expect(Object.fromEntries(p.runtime.host.stats.vetoes.get('robo:circuit-breaker') ?? [])).toEqual({ BREAKER_HALTED: 5 });
  });

  it('when orders are already waiting at the rate limiter as the breaker opens then none of them reaches the broker after it opened', async () => {
    // Arrange: a burst of 5 passes at once, the other 15 wait for their turn
    const file = writeGuardConfig(guardConfig({ broker: 'rejectProbability: 1', safety: 'circuitBreaker: { maxConsecutiveFailures: 3 }\nrateLimiter: { burst: 5, orders: { max: 30, maxPerSymbol: 30 } }' }));
    const p = await pipeline(file);
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', close: 100 })]);
    let receivedWhenHalted = -1;
    p.runtime.host.hooks.onTradingState.tap('test-observer', (change) => { if (change.to === 'HALTED') receivedWhenHalted = p.sim.received.length; });

    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => p.runtime.host.submit(spy('BUY', '1'))));

    // Assert
    expect(receivedWhenHalted).toBeGreaterThanOrEqual(3);
    expect(p.sim.received).toHaveLength(receivedWhenHalted);
    expect(results.filter((r) => r.kind === 'rejected')).toHaveLength(receivedWhenHalted);
    expect(results.filter((r) => code(r) === 'BREAKER_HALTED').length).toBe(20 - receivedWhenHalted);
  });

  it('when the breaker is open then cancels still reach the broker', async () => {
    // Arrange: seed 20 at rejectProbability 0.5 accepts the first order and rejects the next three
    const file = writeGuardConfig(guardConfig({ broker: 'rejectProbability: 0.5\nseed: 20', safety: 'circuitBreaker: { maxConsecutiveFailures: 3 }' }));
    const p = await pipeline(file);
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', close: 100 })]);
    const resting = await p.runtime.host.submit(limitIntent('BUY', '10', '99', 'SPY'));
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await p.runtime.host.submit(spy('BUY', '1')));

    // Act
    const refused = await p.runtime.host.submit(spy('BUY', '1'));
    const cancel = await p.runtime.host.cancel(resting.kind === 'sent' ? resting.order.id : -1, 'test: flatten while halted');
    await p.runtime.host.idle();

    // Assert
    expect([resting, ...failures].map(code)).toEqual(['sent', 'rejected', 'rejected', 'rejected']);
    expect(code(refused)).toBe('BREAKER_HALTED');
    expect(cancel).toBeUndefined();
    expect(p.sim.requests.filter((r) => r.kind === 'cancelOrder')).toHaveLength(1);
    expect(resting.kind === 'sent' && p.runtime.host.orders.get(resting.order.id)?.state.kind).toBe('cancelled');
    expect(p.sim.received).toHaveLength(4);
  });

  it('when a daily-loss halt happened then it survives a restart, robo breaker shows it, and robo breaker reset clears it', async () => {
    // Arrange: long 100 SPY at 100, then a fall to 90 — a 1% loss against a 0.5% limit
    const file = writeGuardConfig(guardConfig({ safety: 'circuitBreaker: { dailyLossPercent: 0.5 }' }));
    const first = await pipeline(file, { durableState: true });
    await first.start();
    await first.play([bar(0, { symbol: 'SPY', close: 100 })]);
    await first.runtime.host.submit(spy('BUY', '100'));
    await first.play([bar(1, { symbol: 'SPY', open: 100, close: 100 }), bar(2, { symbol: 'SPY', open: 100, close: 90 })]);
    await first.runtime.host.stop({ reason: 'signal' });

    // Act
    const second = await pipeline(file, { durableState: true });
    await second.start();
    const afterRestart = await second.runtime.host.submit(spy('SELL', '1'));
    await second.runtime.host.stop({ reason: 'signal' });
    const status = await runRobo(['breaker', 'status', file]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const third = await pipeline(file, { durableState: true });
    await third.start();
    await third.play([bar(3, { symbol: 'SPY', close: 90 })]);
    const afterReset = await third.runtime.host.submit(spy('BUY', '1'));
    await third.runtime.host.stop({ reason: 'signal' });

    // Assert
    expect(code(afterRestart)).toBe('BREAKER_HALTED');
    expect(afterRestart.kind === 'vetoed' && afterRestart.veto.reason).toContain("the day's loss of 1000.00 reached the limit of 500.00");
    expect(second.sim.received).toEqual([]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('circuit breaker: HALTED since 2026-03-02T09:33:00-05:00 (daily-loss)');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('circuit breaker reset: it was HALTED since 2026-03-02T09:33:00-05:00 (daily-loss)');
    expect(code(afterReset)).toBe('sent');
    expect(third.sim.received).toHaveLength(1);
  });
});
