/**
 * A slow broker: TWS acknowledges an order after Robo's request timeout. The order is not a rejection —
 * its outcome is unknown, so it stays open (in doubt) and the strategy sends nothing more for it; Robo
 * asks TWS what became of it and follows the answer. The account ends with exactly the position the
 * strategy meant, never twice it. `robo start` against the local TWS-protocol server.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';
import { CROSS_UP, IB_ENV as ENV, pushCloses, startRobo, twsServers } from '../support/ib-cli.js';
import type { OrderScript, TwsServer } from '../support/tws-server/server.js';

function config(port: number): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 400 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'strategies:',
    '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4 }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}

const tws = twsServers();

interface JournalJson {
  readonly orders: readonly { id: number; state: string; filled: string }[];
  readonly positions: readonly { symbol: string; quantity: string }[];
}

/** Starts robo, crosses the averages up (a BUY 100), keeps bars coming for `extraBars`, and stops once `until` holds. */
async function run(script: (orderId: number) => OrderScript, until: (tws: TwsServer, stdout: string) => boolean): Promise<{ code: number | null; stdout: string; file: string; tws: TwsServer }> {
  const { server, port } = await tws({ onOrder: (placed) => script(placed.orderId) });
  const file = writeConfig(config(port));
  const robo = startRobo(file);
  await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
  // Up, then flat at the top: the 2-bar average stays above the 4-bar one, so a strategy that lost its
  // order would buy again on the next cross only — this one must not buy again at all.
  pushCloses(server, [...CROSS_UP, '101.50', '101.50', '101.50', '101.50']);
  await server.waitUntil(() => until(server, robo.stdout()), 'the order to be settled', 10_000);
  robo.child.kill('SIGINT');
  const result = await robo.done;
  return { code: result.code, stdout: result.stdout, file, tws: server };
}

describe('robo start when TWS acknowledges an order after the request timeout', () => {
  it('when the order is acknowledged and filled late then it is booked once and the position is the one meant: 100, not 200', async () => {
    // Act: TWS answers order 500 1.5 s late (the timeout is 0.4 s), then fills it
    const { code, stdout, file, tws: server } = await run(
      () => ({ kind: 'late', afterMs: 1_500, parts: [{ quantity: '100', price: '101.50' }] }),
      (t, out) => t.positionOf('SPY') === '100' && /"msg":"fill BUY 100 SPY/.test(out),
    );

    // Assert
    expect(code).toBe(0);
    expect(server.placedOrders().map((o) => o.orderId)).toEqual([500]);
    expect(server.positionOf('SPY')).toBe('100');
    expect(stdout).toContain('order 500: IB did not acknowledge order 500 within 400 ms');
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100']]);
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '100' })]);
  });

  it('when TWS never heard of the order then Robo finds it absent, closes it, and nothing is left pending', async () => {
    // Act: order 500 never reaches TWS's books
    const { code, file, tws: server } = await run(
      () => ({ kind: 'silent' }),
      (t) => t.messages('CANCEL_ORDER').length > 0,
    );

    // Assert
    expect(code).toBe(0);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.orders.map((o) => [o.id, o.state])).toEqual([[500, 'cancelled']]);
    expect(server.positionOf('SPY')).toBe('0');
  });
});
