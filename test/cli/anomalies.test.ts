/**
 * The broker is the truth, and what Robo cannot account for the normal way is said, never hidden. When IB
 * reports more shares executed than ordered, every share is booked (position and cash stay equal to the
 * account's), the overfill is journaled as an anomaly and trading moves to REDUCING. When a fill's costs
 * cannot be computed, it is booked with its costs marked unknown — in the log, the journal and the
 * summary — and the breaker counts it as a failed order. `robo start` against the local TWS-protocol server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runRobo, spawnRobo, writeConfig } from '../support/cli.js';
import { TwsServer } from '../support/tws-server/server.js';

/** 2026-03-02 09:35:00 New York: inside regular hours, whatever the wall clock says (Robo's clock follows TWS's). */
const TWS_NOW = 1_772_462_100;
const BAR0 = 1_772_461_800;
const ENV = { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' };

function config(port: number, plan = 'zero'): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 3000 }`,
    'data: { source: broker, barSeconds: 5 }',
    `safety: { costs: { plan: ${plan} } }`,
    'strategies:',
    '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4 }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}

let server: TwsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface JournalJson {
  readonly positions: readonly { symbol: string; quantity: string }[];
  readonly cash: string;
  readonly anomalies: readonly { kind: string; orderId: number; execId: string; text: string }[];
}

describe('robo start when IB executes more shares than ordered', () => {
  it('when a BUY 100 is filled 60 + 60 then all 120 are booked, the overfill is journaled and trading is REDUCING', async () => {
    // Arrange
    const tws = server = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => ({ kind: 'fill', parts: [{ quantity: '60', price: '101.00' }, { quantity: '60', price: '101.00' }] }) });
    const file = writeConfig(config(await tws.start()));
    const child = spawnRobo(['start', file], { env: ENV });
    const done = collect(child, 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });

    // Act
    await tws.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
    closes.forEach((close, i) => tws.pushBar('SPY', { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
    await tws.waitUntil(() => /trading is now REDUCING/.test(stdout), 'the move to REDUCING', 10_000);
    child.kill('SIGINT');
    const result = await done;

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(tws.positionOf('SPY')).toBe('120');
    expect(result.stdout).toMatch(/"msg":"trading is now REDUCING: .*order 500 was filled 120 of 100/);
    expect(result.stdout).toContain('  ! overfill: order 500 was filled 120 of 100');
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '120' })]);
    expect(books.cash).toBe('87880.00');
    expect(books.anomalies).toEqual([expect.objectContaining({ kind: 'overfill', orderId: 500 })]);
  });
});

describe('robo start when a fill\'s costs cannot be computed', () => {
  it('when IB dates an execution outside the calendar then the fill is booked, its costs are marked unknown everywhere and the breaker counts a failure', async () => {
    // Arrange: the execution claims 1999-03-02, a date no calendar row or fee table answers for
    const tws = server = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => ({ kind: 'fill', parts: [{ quantity: '100', price: '101.00' }], executionTime: '19990302 09:35:00 US/Eastern' }) });
    const file = writeConfig(config(await tws.start(), 'ibkr-fixed'));
    const child = spawnRobo(['start', file], { env: ENV });
    const done = collect(child, 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });

    // Act
    await tws.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
    closes.forEach((close, i) => tws.pushBar('SPY', { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
    await tws.waitUntil(() => /"anomaly":"cost-unknown"/.test(stdout), 'the cost-unknown anomaly', 10_000);
    child.kill('SIGINT');
    const result = await done;

    // Assert: booked, never a silent 0
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/"msg":"fill BUY 100 SPY @ 101 .*costs UNKNOWN \(/);
    expect(result.stdout).toContain('  ! cost-unknown: the costs of execution');
    expect(result.stdout).toMatch(/"summary":\{.*"costUnknownFills":1/);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '100' })]);
    expect(books.anomalies).toEqual([expect.objectContaining({ kind: 'cost-unknown', orderId: 500 })]);
  });
});
