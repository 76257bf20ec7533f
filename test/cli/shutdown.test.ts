/**
 * Shutdown tells the truth: an order whose cancel could not be sent at Ctrl-C (the link to TWS down) may
 * still be working at the broker, so the summary names it and robo exits non-zero — never "exit 0, no
 * problems" — and the journal keeps it open, for the next start to reconcile first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runRobo, spawnRobo, writeConfig } from '../support/cli.js';
import { TwsServer } from '../support/tws-server/server.js';

/** 2026-03-02 09:35:00 New York: inside regular hours, whatever the wall clock says (Robo's clock follows TWS's). */
const TWS_NOW = 1_772_462_100;
const BAR0 = 1_772_461_800;
const ENV = { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' };

function config(port: number): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 1000, requestTimeoutMs: 1000 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'strategies:',
    '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4, orderType: limit }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}

let server: TwsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('robo start shutting down with the link to TWS down', () => {
  it('when the cancel of a working order cannot be sent at Ctrl-C then the summary names the order, robo exits 1, and the journal keeps it open', async () => {
    // Arrange: order 500 rests at TWS
    const tws = server = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => ({ kind: 'rest' }) });
    const file = writeConfig(config(await tws.start()));
    const child = spawnRobo(['start', file], { env: ENV });
    const done = collect(child, 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    await tws.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
    closes.forEach((close, i) => tws.pushBar('SPY', { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
    await tws.waitFor('PLACE_ORDER', 1, 10_000);
    await tws.waitUntil(() => /"msg":"order 500 /.test(stdout), 'the order to be logged', 5_000);

    // Act: TWS goes away and stays away; then Ctrl-C
    tws.setHandshake('refuse');
    tws.drop();
    await tws.waitUntil(() => /broker link lost/.test(stdout), 'the link to be lost', 5_000);
    child.kill('SIGINT');
    const result = await done;

    // Assert
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/shutdown problem order 500 \(BUY 100 SPY\) may still be working at the broker/);
    expect(result.stderr).toContain('ROBO_ERR_SHUTDOWN_INCOMPLETE');
    expect(tws.messages('CANCEL_ORDER')).toEqual([]);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as { orders: { id: number; state: string }[] };
    expect(books.orders.map((o) => [o.id, o.state])).toEqual([[500, 'submitted']]);
  });
});
