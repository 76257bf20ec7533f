/**
 * A rules strategy's bracket survives the host: `robo start` against the local TWS-protocol server is
 * killed with SIGKILL while in a trade, its exits keep working at the server, and the next start
 * re-attaches them by orderRef, sends nothing again, and books the stop's fill so the books agree.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, startOutput, writeConfig } from '../support/cli.js';
import { BAR0, IB_ENV, startRobo, twsServers, type WatchedRobo } from '../support/ib-cli.js';
import type { TwsServer } from '../support/tws-server/server.js';
import { expectBooksAgree, type JournalJson } from './rig.js';

const tws = twsServers();

/** Long when the close is over its 3-bar average; the stop 2 ATRs under the signal close, the target 3 over. */
function rulesConfig(port: number): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 3000 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'strategies:',
    '  - id: spy-rules',
    '    kind: rules',
    '    symbols: [SPY]',
    '    indicators:',
    '      trend: { sma: { period: 3 } }',
    '      atr:   { atr: { period: 3 } }',
    '    entry:  { long: "close > trend" }',
    '    sizing: { quantity: 100 }',
    '    exits:  { stopLoss: "2 * atr", takeProfit: "3 * atr" }',
    '',
  ].join('\n');
}

/** Three flat bars at 100.00 and one at 100.10, each 0.35 high to low: the ATR is 0.35, the entry holds on the fourth. */
function pushSignal(server: TwsServer, from = 0): void {
  ['100.00', '100.00', '100.00', '100.10'].forEach((close, i) => {
    server.pushBar('SPY', { time: BAR0 + 5 * (from + i), open: close, high: '100.20', low: '99.85', close, volume: '1000' });
  });
}

async function journalOf(file: string): Promise<JournalJson> {
  const result = await runRobo(['journal', file, '--json'], { env: IB_ENV, timeoutMs: 30_000 });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JournalJson;
}

/** Waits until robo booked the commission of the stop loss's (order 502's) execution: the last thing the server sends of it. */
async function stopCommissionBooked(server: TwsServer, robo: WatchedRobo): Promise<void> {
  await server.waitUntil(() => server.executionRecords().some((e) => e.orderId === 502), 'the stop\'s execution at the server', 10_000);
  const execId = server.executionRecords().find((e) => e.orderId === 502)?.execId ?? '';
  await server.waitUntil(() => robo.stdout().includes(`commission 1 USD for execution ${execId}`), 'the stop\'s commission in the log', 10_000);
}

describe('robo start with a rules strategy killed with SIGKILL in a trade, then started again', () => {
  it('when killed with its entry filled then the exits keep working at the server; the restart re-attaches them, sends nothing again, and when the stop fills the books agree', async () => {
    // Arrange: the bracket sent and its entry filled at 100.10; the stop at 99.40 (sent as 99.4), the target at 101.15.
    const { server, port } = await tws({ market: true });
    const file = writeConfig(rulesConfig(port));
    const first = startRobo(file);
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    pushSignal(server);
    await server.waitFor('PLACE_ORDER', 3, 15_000);
    server.trade('SPY', '100.10');
    await server.waitUntil(() => first.stdout().includes('"msg":"fill BUY 100 SPY'), 'the entry\'s fill in the log', 10_000);
    const entryExec = server.executionRecords()[0]?.execId ?? '';
    await server.waitUntil(() => first.stdout().includes(`commission of ${entryExec} reconciled`), 'the entry\'s commission booked', 10_000);

    // Act: killed in the trade; the position is protected while robo is down.
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const whileDown = { position: server.positionOf('SPY'), exits: [501, 502].map((id) => server.orderStatus(id)), stop: server.placedOrders()[2]?.auxPrice };
    const second = startRobo(file);
    await server.waitUntil(() => second.stdout().includes('found orders 501, 502 working at the broker'), 'the exits re-attached', 15_000);
    await server.waitUntil(() => server.messages('REQ_REAL_TIME_BARS').some((m) => m.session === 2), 'bars requested on the restart', 15_000);
    pushSignal(server, 100); // the entry condition holds again: the strategy holds its position and sends nothing
    await server.waitUntil(() => second.stdout().includes('first bar processed (SPY)'), 'the bars taken', 10_000);
    server.trade('SPY', '99.30');
    await server.waitUntil(() => second.stdout().includes('"msg":"fill SELL 100 SPY'), 'the stop\'s fill in the log', 10_000);
    await server.waitUntil(() => server.orderStatus(501) === 'Cancelled', 'the take profit cancelled at the server', 10_000);
    await stopCommissionBooked(server, second);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    // Assert
    expect(whileDown).toEqual({ position: '100', exits: ['Submitted', 'Submitted'], stop: '99.4' });
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(startOutput(stopped.stdout).summary['bars']).toBe(4);
    expect(server.placedOrders().map((o) => [o.orderId, o.orderType, o.parentId, o.transmit, o.lmtPrice || o.auxPrice])).toEqual([
      [500, 'MKT', '', '0', ''], [501, 'LMT', '500', '0', '101.15'], [502, 'STP', '500', '1', '99.4'],
    ]);
    expect(server.messages('CANCEL_ORDER')).toEqual([]);
    expect(server.positionOf('SPY')).toBe('0');
    const journal = await journalOf(file);
    expect(journal.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100'], [501, 'cancelled', '0'], [502, 'filled', '100']]);
    expectBooksAgree(journal, server);
  });
});
