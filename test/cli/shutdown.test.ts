/**
 * Shutdown tells the truth: an order whose cancel could not be sent at Ctrl-C (the link to TWS down) may
 * still be working at the broker, so the summary names it and robo exits non-zero — never "exit 0, no
 * problems" — and the journal keeps it open, for the next start to reconcile first.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, startOutput, writeConfig } from '../support/cli.js';
import { CROSS_UP, IB_ENV as ENV, pushCloses, startRobo, twsServers } from '../support/ib-cli.js';

function config(port: number, requestTimeoutMs = 1000): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 1000, requestTimeoutMs: ${requestTimeoutMs} }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'strategies:',
    '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4, orderType: limit }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}

const tws = twsServers();

describe('robo start shutting down when TWS cannot answer', () => {
  it('when the cancel of a working order cannot be sent at Ctrl-C then the summary names the order, robo exits 1, and the journal keeps it open', async () => {
    // Arrange: order 500 rests at TWS
    const { server, port } = await tws({ onOrder: () => ({ kind: 'rest' }) });
    const file = writeConfig(config(port));
    const robo = startRobo(file);
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    pushCloses(server, CROSS_UP);
    await server.waitUntil(() => /"msg":"order 500 /.test(robo.stdout()), 'the order to be logged', 10_000);

    // Act: TWS goes away and stays away; then Ctrl-C
    server.setHandshake('refuse');
    server.drop();
    await server.waitUntil(() => /broker link lost/.test(robo.stdout()), 'the link to be lost', 5_000);
    robo.child.kill('SIGINT');
    const result = await robo.done;

    // Assert
    expect(result.code).toBe(1);
    expect(startOutput(result.stdout).summary.shutdownProblems).toContainEqual(expect.stringMatching(/^order 500 \(BUY 100 SPY\) may still be working at the broker/));
    expect(result.stderr).toContain('ROBO_ERR_SHUTDOWN_INCOMPLETE');
    expect(server.messages('CANCEL_ORDER')).toEqual([]);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    const books = JSON.parse(journal.stdout) as { orders: { id: number; state: string }[] };
    // Open either way: acknowledged by TWS before it went, or not yet.
    expect(books.orders.map((o) => o.id)).toEqual([500]);
    expect(['pending', 'submitted']).toContain(books.orders[0]?.state);
  });

  it('when a second Ctrl-C comes while the shutdown waits on TWS then robo says which orders may still be working and leaves at once', async () => {
    // Arrange: order 500 rests; TWS then stops answering, so the cancel would wait 20 s for its answer
    const { server, port } = await tws({ onOrder: () => ({ kind: 'rest' }) });
    const file = writeConfig(config(port, 20_000));
    const robo = startRobo(file);
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    pushCloses(server, CROSS_UP);
    await server.waitUntil(() => /"msg":"order 500 /.test(robo.stdout()), 'the order to be logged', 10_000);
    server.goSilent();

    // Act
    robo.child.kill('SIGINT');
    await server.waitUntil(() => /"msg":"cancelling order 500/.test(robo.stdout()), 'the cancel to be sent', 5_000);
    const insisted = Date.now();
    robo.child.kill('SIGINT');
    const result = await robo.done;

    // Assert
    expect(Date.now() - insisted).toBeLessThan(5_000);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('robo: SIGINT again: leaving before the shutdown finished');
    expect(result.stderr).toMatch(/order 500 \(BUY 100 SPY, (pending|submitted)\) may still be working at the broker/);
    const journal = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
    expect((JSON.parse(journal.stdout) as { orders: { id: number; state: string }[] }).orders.map((o) => o.id)).toEqual([500]);
  });
});
