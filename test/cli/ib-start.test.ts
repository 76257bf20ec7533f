/**
 * The acceptance run: `robo start` as a child process against the local TWS-protocol server over TCP.
 * A strategy's order reaches the server as a real PLACE_ORDER, fills in two parts with commission
 * reports, the run summary matches what the server filled to the cent, and SIGINT ends it with exit 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runRobo, spawnRobo, startOutput, writeConfig } from '../support/cli.js';
import { TwsServer } from '../support/tws-server/server.js';

/** 2026-03-02 09:35:00 New York, a Monday: inside regular trading hours, whatever the wall clock says. */
const TWS_NOW = 1_772_462_100;
const BAR0 = 1_772_461_800; // 09:30:00

function ibConfig(port: number, extra: { account?: string; clientId?: number; extendedHours?: boolean } = {}): string {
  return [
    'version: 1',
    'account:',
    `  mode: ${extra.account ?? 'paper'}`,
    '  startingCash: 100000',
    '  id: ${IB_ACCOUNT}',
    'broker:',
    '  kind: ib',
    `  port: ${port}`,
    `  clientId: ${extra.clientId ?? 11}`,
    '  connectTimeoutMs: 3000',
    '  requestTimeoutMs: 3000',
    'data:',
    '  source: broker',
    '  barSeconds: 5',
    ...(extra.extendedHours ? ['  useRth: false'] : []),
    'safety:',
    '  costs:',
    '    plan: zero',
    ...(extra.extendedHours ? ['  riskLimits: { tradingHours: extended }'] : []),
    'strategies:',
    '  - id: spy-trend',
    '    kind: ma-crossover',
    '    symbols: [SPY]',
    '    params: { fast: 2, slow: 4 }',
    '    sizing: { quantity: 100 }',
    '',
  ].join('\n');
}

interface LogLine {
  readonly msg: string;
  readonly [key: string]: unknown;
}

function jsonLines(stdout: string): LogLine[] {
  return stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}

let server: TwsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('robo start on Interactive Brokers (local TWS-protocol server)', () => {
  it('when a strategy trades then the order reaches TWS, partial fills and commissions come back, the summary matches to the cent, and SIGINT exits 0', async () => {
    server = new TwsServer({
      accounts: ['DU1234567'],
      nextValidId: 500,
      nowSeconds: () => TWS_NOW,
      onOrder: () => ({ kind: 'fill', parts: [{ quantity: '40', price: '101.25', commission: '0.35' }, { quantity: '60', price: '101.30', commission: '0.52' }] }),
    });
    const port = await server.start();
    const child = spawnRobo(['start', writeConfig(ibConfig(port))], { env: { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' } });
    const done = collect(child, 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });

    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    // Falling then rising closes: the 2-bar average crosses above the 4-bar one on the last bar.
    const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
    closes.forEach((close, i) => server?.pushBar('SPY', { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
    await server.waitFor('PLACE_ORDER', 1, 10_000);
    const count = (pattern: RegExp): number => (stdout.match(pattern) ?? []).length;
    await server.waitUntil(() => count(/"msg":"commission [\d.]+ USD for execution /g) === 2 && count(/"msg":"fill /g) === 2, 'two fills and two commissions in the log', 10_000);
    child.kill('SIGINT');
    const result = await done;

    expect(result.code).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe('');
    const [placed] = server.placedOrders();
    expect(server.placedOrders()).toHaveLength(1);
    expect(placed).toMatchObject({ orderId: 500, symbol: 'SPY', secType: 'STK', action: 'BUY', totalQuantity: '100', orderType: 'MKT', account: 'DU1234567', orderRef: 'robo:spy-trend:500', transmit: '1', outsideRth: '0' });
    const logs = jsonLines(result.stdout);
    expect(logs.filter((l) => l['code'] === 505)).toEqual([]);
    const { summary } = startOutput(result.stdout);
    expect(summary).toMatchObject({
      broker: 'ib',
      end: 'stopped',
      orders: expect.objectContaining({ total: 1, filled: 1 }),
      fills: 2,
      // 40 × 101.25 + 60 × 101.30 = 4050.00 + 6078.00 = 10128.00 bought; commissions 0.35 + 0.52 = 0.87
      costs: '0.87',
      endingCash: '89871.13',
      positions: [{ symbol: 'SPY', quantity: '100', averageCost: '101.2800' }],
    });
    // Every market-data request the client made has a matching cancel.
    const requested = server.messages('REQ_REAL_TIME_BARS').map((m) => m.fields[2]);
    const cancelled = server.messages('CANCEL_REAL_TIME_BARS').map((m) => m.fields[2]);
    expect(cancelled.sort()).toEqual(requested.sort());
  });

  it('when the config allows extended hours then a pre-market order is sent with outsideRth, so it can work before the open', async () => {
    // Arrange: 08:00 New York, in the pre-market
    const preMarket = TWS_NOW - 95 * 60;
    server = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => preMarket, onOrder: () => ({ kind: 'rest' }) });
    const port = await server.start();
    const child = spawnRobo(['start', writeConfig(ibConfig(port, { extendedHours: true }))], { env: { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' } });
    const done = collect(child, 30_000);

    // Act
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    const closes = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'];
    closes.forEach((close, i) => server?.pushBar('SPY', { time: preMarket - 300 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
    await server.waitFor('PLACE_ORDER', 1, 10_000);
    child.kill('SIGINT');
    const result = await done;

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(server.placedOrders().map((o) => [o.action, o.outsideRth])).toEqual([['BUY', '1']]);
  });

  it('when TWS is logged in to a live account and the command line did not confirm it then robo refuses with exit 2 and sends no order', async () => {
    server = new TwsServer({ accounts: ['U7654321'], nowSeconds: () => TWS_NOW });
    const port = await server.start();

    const result = await runRobo(['start', writeConfig(ibConfig(port))], { env: { IB_ACCOUNT: 'U7654321', FORCE_COLOR: '0' }, timeoutMs: 30_000 });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to trade: TWS is logged in to a live (real-money) account: U…4321, and account.mode is paper');
    expect(result.stderr).toContain('ROBO_ERR_LIVE_ACCOUNT');
    expect(result.stderr).not.toContain('7654321');
    expect(server.placedOrders()).toEqual([]);
  });

  it('when --live is given without --confirm-account then the command line is refused before connecting', async () => {
    server = new TwsServer();
    const port = await server.start();

    const result = await runRobo(['start', writeConfig(ibConfig(port, { account: 'live' })), '--live'], { env: { IB_ACCOUNT: 'U7654321' }, timeoutMs: 30_000 });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--live needs --confirm-account');
    expect(server.connectionCount).toBe(0);
  });

  it('when nothing listens on the configured port then robo says how to fix it and exits 1', async () => {
    server = new TwsServer();
    const port = await server.start();
    await server.stop();
    server = undefined;

    const result = await runRobo(['start', writeConfig(ibConfig(port))], { env: { IB_ACCOUNT: 'DU1234567' }, timeoutMs: 30_000 });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not connect to TWS / IB Gateway at 127.0.0.1:${port}`);
    expect(result.stderr).toContain('ROBO_ERR_BROKER_CONNECT');
  });
});
