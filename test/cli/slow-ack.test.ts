/**
 * A slow broker: TWS acknowledges an order after Robo's request timeout. The order is not a rejection —
 * its outcome is unknown, so it stays open (in doubt) and the strategy sends nothing more for it; Robo
 * asks TWS what became of it and follows the answer. The account ends with exactly the position the
 * strategy meant, never twice it. `robo start` against the local TWS-protocol server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runRobo, spawnRobo, writeConfig } from '../support/cli.js';
import { TwsServer, type OrderScript } from '../support/tws-server/server.js';

/** 2026-03-02 09:35:00 New York: inside regular hours, whatever the wall clock says (Robo's clock follows TWS's). */
const TWS_NOW = 1_772_462_100;
const BAR0 = 1_772_461_800;
const ENV = { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' };

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

let server: TwsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface JournalJson {
  readonly orders: readonly { id: number; state: string; filled: string }[];
  readonly positions: readonly { symbol: string; quantity: string }[];
}

/** Starts robo, crosses the averages up (a BUY 100), keeps bars coming for `extraBars`, and stops once `until` holds. */
async function run(script: (orderId: number) => OrderScript, until: (tws: TwsServer, stdout: string) => boolean): Promise<{ code: number | null; stdout: string; file: string; tws: TwsServer }> {
  const tws = server = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: (placed) => script(placed.orderId) });
  const file = writeConfig(config(await tws.start()));
  const child = spawnRobo(['start', file], { env: ENV });
  const done = collect(child, 30_000);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  await tws.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
  // Up, then flat at the top: the 2-bar average stays above the 4-bar one, so a strategy that lost its
  // order would buy again on the next cross only — this one must not buy again at all.
  const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50', '101.50', '101.50', '101.50', '101.50'];
  closes.forEach((close, i) => tws.pushBar('SPY', { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
  await tws.waitUntil(() => until(tws, stdout), 'the order to be settled', 10_000);
  child.kill('SIGINT');
  const result = await done;
  return { code: result.code, stdout: result.stdout, file, tws };
}

describe('robo start when TWS acknowledges an order after the request timeout', () => {
  it('when the order is acknowledged and filled late then it is booked once and the position is the one meant: 100, not 200', async () => {
    // Act: TWS answers order 500 1.5 s late (the timeout is 0.4 s), then fills it
    const { code, stdout, file, tws } = await run(
      () => ({ kind: 'late', afterMs: 1_500, parts: [{ quantity: '100', price: '101.50' }] }),
      (t, out) => t.positionOf('SPY') === '100' && /"msg":"fill BUY 100 SPY/.test(out),
    );

    // Assert
    expect(code).toBe(0);
    expect(tws.placedOrders().map((o) => o.orderId)).toEqual([500]);
    expect(tws.positionOf('SPY')).toBe('100');
    expect(stdout).toContain('order 500: IB did not acknowledge order 500 within 400 ms');
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100']]);
    expect(books.positions).toEqual([expect.objectContaining({ symbol: 'SPY', quantity: '100' })]);
  });

  it('when TWS never heard of the order then Robo finds it absent, closes it, and nothing is left pending', async () => {
    // Act: order 500 never reaches TWS's books
    const { code, file, tws } = await run(
      () => ({ kind: 'silent' }),
      (t) => t.messages('CANCEL_ORDER').length > 0,
    );

    // Assert
    expect(code).toBe(0);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as JournalJson;
    expect(books.orders.map((o) => [o.id, o.state])).toEqual([[500, 'cancelled']]);
    expect(tws.positionOf('SPY')).toBe('0');
  });
});
