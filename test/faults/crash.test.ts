/**
 * Crashes of the host process itself: `robo start` as a child process against the local TWS-protocol
 * server, killed with SIGKILL at the worst moments, then started again. Afterwards the journal and the
 * broker agree, nothing was resent, order ids kept rising, and an account holding what the journal does
 * not know is refused by default, with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ROBO, collect, runRobo, writeConfig, type CliResult } from '../support/cli.js';
import { TwsServer, type OrderScript } from '../support/tws-server/server.js';
import { expectBooksAgree, type JournalJson } from './rig.js';

/** 2026-03-02 09:35:00 New York: inside regular hours, whatever the wall clock says (Robo's clock follows TWS's). */
const TWS_NOW = 1_772_462_100;
const BAR0 = 1_772_461_800;
const KILL_AFTER_INTENT = fileURLToPath(new URL('./support/kill-after-intent.mjs', import.meta.url));
const KILL_AT_COMMISSION_WRITE = fileURLToPath(new URL('./support/kill-at-commission-write.mjs', import.meta.url));
const ENV = { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' };

function config(port: number, params = '{ fast: 2, slow: 4 }'): string {
  return [
    'version: 1',
    'account:',
    '  mode: paper',
    '  startingCash: 100000',
    '  id: ${IB_ACCOUNT}',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 3000 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'strategies:',
    `  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: ${params}, sizing: { quantity: 100 } }`,
    '',
  ].join('\n');
}

function start(file: string, preload?: string): { child: ChildProcess; done: Promise<CliResult>; stdout: () => string } {
  const args = [...(preload === undefined ? [] : ['--import', pathToFileURL(preload).href]), ROBO, 'start', file];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  return { child, done: collect(child, 30_000), stdout: () => out };
}

/** Falling then rising closes: the 2-bar average crosses above the 4-bar one on the last bar, so the strategy buys 100. */
async function crossUp(server: TwsServer, session: number, from = 0): Promise<void> {
  await server.waitUntil(() => server.messages('REQ_REAL_TIME_BARS').some((m) => m.session === session), `bars requested on session ${session}`, 15_000);
  const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
  closes.forEach((close, i) => server.pushBar('SPY', { time: BAR0 + 5 * (from + i), open: close, high: close, low: close, close, volume: '1000' }));
}

async function journalOf(file: string): Promise<JournalJson> {
  const result = await runRobo(['journal', file, '--json'], { env: ENV, timeoutMs: 30_000 });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JournalJson;
}

let server: TwsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const FILL: OrderScript = { kind: 'fill', parts: [{ quantity: '100', price: '101.50', commission: '1.00' }] };

describe('robo start killed with SIGKILL, then started again', () => {
  it('when killed after the journal committed an intent but before it was sent then the restart marks it not sent, never resends it, and ids continue above it', async () => {
    server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => FILL });
    const file = writeConfig(config(await server.start()));

    const first = start(file, KILL_AFTER_INTENT);
    await crossUp(server, 1);
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(server.placedOrders()).toEqual([]);

    const second = start(file);
    await crossUp(server, 2, 100);
    await server.waitFor('PLACE_ORDER', 1, 15_000);
    await server.waitUntil(() => second.stdout().includes('"msg":"fill BUY 100 SPY'), 'the fill of the new order', 10_000);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('orders 500 never reached the broker (marked not sent, never resent)');
    expect(server.placedOrders().map((o) => [o.orderId, o.orderRef])).toEqual([[501, 'robo:spy-trend:501']]);
    const journal = await journalOf(file);
    expect(journal.orders.map((o) => [o.id, o.state])).toEqual([[500, 'cancelled'], [501, 'filled']]);
    expect(journal.orders[0]?.reason).toContain('not sent');
    expectBooksAgree(journal, server);
  });

  it('when killed after the order was sent and it fills while robo is down then the restart books the fill once and sends nothing again', async () => {
    server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => ({ kind: 'rest' }) });
    const file = writeConfig(config(await server.start()));

    const first = start(file);
    await crossUp(server, 1);
    await server.waitFor('PLACE_ORDER', 1, 15_000);
    await server.waitUntil(() => first.stdout().includes('"msg":"order 500 BUY 100 SPY'), 'the order in the log', 10_000);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    server.fill(500, [{ quantity: '60', price: '101.40', commission: '0.60' }, { quantity: '40', price: '101.55', commission: '0.40' }]);

    const second = start(file);
    await server.waitUntil(() => second.stdout().includes('state recovery (start): booked 2 executions the journal did not have'), 'the recovery line', 15_000);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expect(server.placedOrders().map((o) => o.orderId)).toEqual([500]);
    expect(server.messages('CANCEL_ORDER')).toEqual([]);
    const journal = await journalOf(file);
    expect(journal.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100']]);
    expectBooksAgree(journal, server);
  });

  it('when killed between an execution and its commission report then the restart charges the commission: cash equals the server\'s', async () => {
    server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => ({ kind: 'fill', parts: [{ quantity: '100', price: '101.50' }] }) });
    const file = writeConfig(config(await server.start()));
    const first = start(file);
    await crossUp(server, 1);
    await server.waitUntil(() => first.stdout().includes('"msg":"fill BUY 100 SPY'), 'the fill in the log', 15_000);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    server.reportCommission(server.executionRecords()[0]?.execId ?? '', '1.25');

    const second = start(file);
    await server.waitUntil(() => second.stdout().includes('the books agree with the broker'), 'the recovery', 15_000);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expectBooksAgree(await journalOf(file), server);
  });

  // The journal takes a commission report and the charge it brings in one write: a crash as they are
  // about to be written loses neither — the restart takes the broker's report again and charges it.
  it('when killed as a commission report and its charge are about to be journaled then the restart charges it: cash equals the server\'s', async () => {
    server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, onOrder: () => FILL });
    const file = writeConfig(config(await server.start()));
    const first = start(file, KILL_AT_COMMISSION_WRITE);
    await crossUp(server, 1);
    expect((await first.done).signal).toBe('SIGKILL');

    const second = start(file);
    await server.waitUntil(() => second.stdout().includes('the books agree with the broker'), 'the recovery', 15_000);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expectBooksAgree(await journalOf(file), server);
  });

  it('when the account holds a position the journal does not know then the default policy refuses to start, says why, and sends nothing', async () => {
    server = new TwsServer({ nowSeconds: () => TWS_NOW });
    server.setPosition('SPY', '100');
    const file = writeConfig(config(await server.start()));

    const result = await runRobo(['start', file], { env: ENV, timeoutMs: 30_000 });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to trade: the broker holds what the journal does not know — position SPY: the broker holds 100, the journal 0');
    expect(result.stderr).toContain('safety.stateRecovery.unknown is refuse');
    expect(result.stderr).toContain('ROBO_ERR_RECONCILE');
    expect(server.placedOrders()).toEqual([]);
    expect(server.messages('REQ_REAL_TIME_BARS')).toEqual([]);
  });

  // The signal bar closes at 100.50: the stop loss 1% under it is 99.50 (99.495 rounded up, to protect sooner), the take profit 2% over it 102.51.
  const EXITS = '{ fast: 2, slow: 4, exits: { stopLoss: { percent: 1 }, takeProfit: { percent: 2 } } }';

  /** Waits until robo booked the commission of the stop loss's (order 502's) execution: the last thing the server sends of it. */
  async function stopCommissionBooked(tws: TwsServer, robo: ReturnType<typeof start>): Promise<void> {
    await tws.waitUntil(() => tws.executionRecords().some((e) => e.orderId === 502), 'the stop\'s execution at the server', 10_000);
    const execId = tws.executionRecords().find((e) => e.orderId === 502)?.execId ?? '';
    await tws.waitUntil(() => robo.stdout().includes(`commission 1 USD for execution ${execId}`), 'the stop\'s commission in the log', 10_000);
  }

  /** robo start on a market server, its bracket sent and its entry filled at 100.50: the exits work at the server. */
  async function bracketWorking(): Promise<{ readonly tws: TwsServer; readonly file: string; readonly first: ReturnType<typeof start> }> {
    const tws = server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, market: true });
    const file = writeConfig(config(await server.start(), EXITS));
    const first = start(file);
    await crossUp(server, 1);
    await server.waitFor('PLACE_ORDER', 3, 15_000);
    server.trade('SPY', '100.50');
    await server.waitUntil(() => first.stdout().includes('"msg":"fill BUY 100 SPY'), 'the entry\'s fill in the log', 10_000);
    return { tws, file, first };
  }

  it('when killed with a working bracket then the restart re-attaches its exits, sends nothing again, and when the stop fills the books equal the server\'s', async () => {
    const { tws, file, first } = await bracketWorking();

    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const second = start(file);
    await tws.waitUntil(() => second.stdout().includes('found orders 501, 502 working at the broker'), 'the exits re-attached', 15_000);
    tws.trade('SPY', '99.40');
    await tws.waitUntil(() => second.stdout().includes('"msg":"fill SELL 100 SPY'), 'the stop\'s fill in the log', 10_000);
    await tws.waitUntil(() => tws.orderStatus(501) === 'Cancelled', 'the take profit cancelled at the server', 10_000);
    await stopCommissionBooked(tws, second);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expect(tws.placedOrders().map((o) => [o.orderId, o.orderType, o.parentId, o.transmit])).toEqual([[500, 'MKT', '', '0'], [501, 'LMT', '500', '0'], [502, 'STP', '500', '1']]);
    expect(tws.messages('CANCEL_ORDER')).toEqual([]);
    const journal = await journalOf(file);
    expect(journal.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100'], [501, 'cancelled', '0'], [502, 'filled', '100']]);
    expectBooksAgree(journal, tws);
  });

  it('when robo start stops with a working bracket then its exits stay working at IB, protecting the position, and the next start finds them', async () => {
    const { tws, file, first } = await bracketWorking();

    first.child.kill('SIGINT');
    const stopped = await first.done;
    const second = start(file);
    await tws.waitUntil(() => second.stdout().includes('found orders 501, 502 working at the broker'), 'the exits re-attached', 15_000);
    second.child.kill('SIGINT');
    await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('leaving 2 protective exits working at the broker (shutdown.keepProtectiveExits)');
    expect(tws.messages('CANCEL_ORDER')).toEqual([]);
    expect([501, 502].map((id) => tws.orderStatus(id))).toEqual(['Submitted', 'Submitted']);
    expect(tws.positionOf('SPY')).toBe('100');
  });

  it('when the entry of a bracket fills while robo is down then the restart books the fill, finds its exits working, and sends nothing again', async () => {
    const tws = server = new TwsServer({ nextValidId: 500, nowSeconds: () => TWS_NOW, market: true });
    const file = writeConfig(config(await tws.start(), EXITS));
    const first = start(file);
    await crossUp(tws, 1);
    await tws.waitFor('PLACE_ORDER', 3, 15_000);
    await tws.waitUntil(() => first.stdout().includes('"msg":"order 502 SELL 100 SPY stop 99.5 GTC (bracket stop-loss)"'), 'the last leg in the log', 10_000);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    tws.trade('SPY', '100.50');

    const second = start(file);
    await tws.waitUntil(() => second.stdout().includes('state recovery (start): booked 1 execution'), 'the entry\'s fill booked by recovery', 15_000);
    await tws.waitUntil(() => second.stdout().includes('found orders 501, 502 working at the broker'), 'the exits re-attached', 15_000);
    tws.trade('SPY', '99.40');
    await tws.waitUntil(() => second.stdout().includes('"msg":"fill SELL 100 SPY'), 'the stop\'s fill in the log', 10_000);
    await stopCommissionBooked(tws, second);
    second.child.kill('SIGINT');
    const stopped = await second.done;

    expect(stopped.code, stopped.stderr).toBe(0);
    expect(tws.placedOrders().map((o) => o.orderId)).toEqual([500, 501, 502]);
    const journal = await journalOf(file);
    expect(journal.orders.map((o) => [o.id, o.state, o.filled])).toEqual([[500, 'filled', '100'], [501, 'cancelled', '0'], [502, 'filled', '100']]);
    expectBooksAgree(journal, tws);
  });
});
