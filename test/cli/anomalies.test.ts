/**
 * The broker is the truth, and what Robo cannot account for the normal way is said, never hidden. When IB
 * reports more shares executed than ordered, every share is booked (position and cash stay equal to the
 * account's), the overfill is journaled as an anomaly and trading moves to REDUCING. When a fill's costs
 * cannot be computed, it is booked with its costs marked unknown — in the log, the journal and the
 * summary — and the breaker counts it as a failed order. `robo start` against the local TWS-protocol server.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, startOutput, writeConfig } from '../support/cli.js';
import { CROSS_UP, IB_ENV as ENV, pushCloses, startRobo, twsServers } from '../support/ib-cli.js';
import type { OrderScript, TwsServer } from '../support/tws-server/server.js';

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

const tws = twsServers();

/** Runs robo start until the strategy's BUY 100 was answered by `script` and `until` holds, then Ctrl-C. */
async function run(script: OrderScript, plan: string, until: RegExp): Promise<{ code: number | null; stdout: string; file: string; server: TwsServer }> {
  const { server, port } = await tws({ onOrder: () => script });
  const file = writeConfig(config(port, plan));
  const robo = startRobo(file);
  await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
  pushCloses(server, CROSS_UP);
  await server.waitUntil(() => until.test(robo.stdout()), String(until), 10_000);
  robo.child.kill('SIGINT');
  const result = await robo.done;
  return { code: result.code, stdout: result.stdout, file, server };
}

interface JournalJson {
  readonly positions: readonly { symbol: string; quantity: string }[];
  readonly cash: string;
  readonly anomalies: readonly { kind: string; orderId: number; execId: string; text: string }[];
}

describe('robo start when IB executes more shares than ordered', () => {
  it('when a BUY 100 is filled 60 + 60 then all 120 are booked, the overfill is journaled and trading is REDUCING', async () => {
    // Act
    const result = await run({ kind: 'fill', parts: [{ quantity: '60', price: '101.00' }, { quantity: '60', price: '101.00' }] }, 'zero', /trading is now REDUCING/);
    const { file, server } = result;

    // Assert
    expect(result.code).toBe(0);
    expect(server.positionOf('SPY')).toBe('120');
    expect(result.stdout).toMatch(/"msg":"trading is now REDUCING: .*order 500 was filled 120 of 100/);
    expect(startOutput(result.stdout).summary.notices).toContainEqual(expect.stringContaining('overfill: order 500 was filled 120 of 100'));
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '120' })]);
    expect(books.cash).toBe('87880.00');
    expect(books.anomalies).toEqual([expect.objectContaining({ kind: 'overfill', orderId: 500 })]);
  });
});

describe('robo start when a fill\'s costs cannot be computed', () => {
  it('when IB dates an execution outside the calendar then the fill is booked, its costs are marked unknown everywhere and the breaker counts a failure', async () => {
    // Act: the execution claims 1999-03-02, a date no calendar row or fee table answers for
    const result = await run({ kind: 'fill', parts: [{ quantity: '100', price: '101.00' }], executionTime: '19990302 09:35:00 US/Eastern' }, 'ibkr-fixed', /"anomaly":"cost-unknown"/);
    const { file } = result;

    // Assert: booked, never a silent 0
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"fill BUY 100 SPY @ 101 .*costs UNKNOWN \(/);
    expect(startOutput(result.stdout).summary.notices).toContainEqual(expect.stringContaining('cost-unknown: the costs of execution'));
    expect(startOutput(result.stdout).summary).toMatchObject({ sections: { costs: { costUnknownFills: 1 } } });
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '100' })]);
    expect(books.anomalies).toEqual([expect.objectContaining({ kind: 'cost-unknown', orderId: 500 })]);
  });
});
