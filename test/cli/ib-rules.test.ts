/**
 * `kind: rules` on Interactive Brokers: `robo start` as a child process against the local TWS-protocol
 * server. A rules strategy with a stop loss and a take profit sends its entry and both exits as one
 * bracket, priced from the signal bar's close; before its first trade it is warmed up on IB's
 * historical bars, or, without them, waits for as many live bars as its indicators need.
 */
import { describe, expect, it } from 'vitest';
import { startOutput, writeConfig } from '../support/cli.js';
import { BAR0, TWS_NOW, startRobo, twsServers } from '../support/ib-cli.js';
import type { TwsServer } from '../support/tws-server/server.js';

const tws = twsServers();

/** A rules strategy on SPY: long when the close is over its 3-bar average, exits at 2.5 and 3 ATRs. */
function rulesConfig(port: number): string {
  return config(port, [
    '    indicators:',
    '      trend: { sma: { period: 3 } }',
    '      atr:   { atr: { period: 3 } }',
    '    entry:  { long: "close > trend" }',
    '    sizing: { quantity: 100 }',
    '    exits:  { stopLoss: "2.5 * atr", takeProfit: "3 * atr" }',
  ]);
}

/**
 * Long when the close is over its 5-bar average, which has its first value on the fifth bar: the
 * strategy warms up through that bar, 5 bars.
 */
function warmupConfig(port: number, entry = 'close > trend'): string {
  return config(port, [
    '    indicators:',
    '      trend: { sma: { period: 5 } }',
    `    entry:  { long: "${entry}" }`,
    '    sizing: { quantity: 100 }',
  ]);
}

function config(port: number, rules: readonly string[]): string {
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
    ...rules,
    '',
  ].join('\n');
}

/**
 * Bars 5 seconds apart from 09:30, each 0.35 from high to low: three flat at 100.00 (their true
 * ranges 0.35, so the 3-bar ATR is 0.35), then one closing at 100.10, over its 3-bar average.
 */
const SIGNAL = [
  { high: '100.20', low: '99.85', close: '100.00' },
  { high: '100.20', low: '99.85', close: '100.00' },
  { high: '100.20', low: '99.85', close: '100.00' },
  { high: '100.20', low: '99.85', close: '100.10' },
] as const;

function pushBars(server: TwsServer, bars: readonly { high: string; low: string; close: string }[], from = 0): void {
  bars.forEach((bar, i) => server.pushBar('SPY', { time: BAR0 + 5 * (from + i), open: bar.close, volume: '1000', ...bar }));
}

describe('robo start with a rules strategy on Interactive Brokers (local TWS-protocol server)', () => {
  it('when its entry condition holds then the server receives entry, take profit and stop loss as one bracket, priced from the signal close and snapped to the tick', async () => {
    // Arrange
    const { server, port } = await tws({ market: true });
    const robo = startRobo(writeConfig(rulesConfig(port)));
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);

    // Act
    pushBars(server, SIGNAL);
    await server.waitFor('PLACE_ORDER', 3, 15_000);
    robo.child.kill('SIGINT');
    const stopped = await robo.done;

    // Assert: the signal close 100.10, the ATR 0.35: take profit 100.10 + 1.05 = 101.15 (a sell limit,
    // rounded up if at all), stop loss 100.10 − 0.875 = 99.225, rounded up to 99.23 (a sell stop: sooner).
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(server.placedOrders().map((o) => [o.orderId, o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice, o.tif, o.parentId, o.transmit])).toEqual([
      [500, 'BUY', '100', 'MKT', '', '', 'DAY', '', '0'],
      [501, 'SELL', '100', 'LMT', '101.15', '', 'GTC', '500', '0'],
      [502, 'SELL', '100', 'STP', '', '99.23', 'GTC', '500', '1'],
    ]);
    expect(server.placedOrders().map((o) => o.orderRef)).toEqual(['robo:spy-rules:500', 'robo:spy-rules:501', 'robo:spy-rules:502']);
  });
});

/** 5-second bars of SPY at 100.00 from 09:34:30 to 09:34:55, just before TWS's now (09:35:00). */
const HISTORY = [0, 1, 2, 3, 4, 5].map((i) => {
  const time = String(TWS_NOW - 30 + 5 * i);
  return { time, open: '100.00', high: '100.00', low: '100.00', close: '100.00', volume: '1000' };
});

function pushLive(server: TwsServer, closes: readonly string[]): void {
  closes.forEach((close, i) => server.pushBar('SPY', { time: TWS_NOW + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
}

describe('robo start warming a rules strategy up on Interactive Brokers (local TWS-protocol server)', () => {
  it('when IB has enough historical bars then the strategy asks for what it needs and trades on the first live bar whose condition holds', async () => {
    // Arrange
    const { server, port } = await tws();
    server.setHistory('SPY', '5 secs', HISTORY);
    const robo = startRobo(writeConfig(warmupConfig(port)));
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);

    // Act: one live bar, over the 5-bar average of four historical closes of 100.00 and itself.
    pushLive(server, ['100.50']);
    await server.waitFor('PLACE_ORDER', 1, 10_000);
    robo.child.kill('SIGINT');
    const stopped = await robo.done;

    // Assert
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(server.historyRequests().map((r) => [r.symbol, r.endDateTime, r.barSize, r.duration, r.useRth, r.whatToShow, r.formatDate, r.keepUpToDate]))
      .toEqual([['SPY', '20260302-14:35:00', '5 secs', '30 S', '1', 'TRADES', '2', '0']]);
    expect(stopped.stdout).toContain('strategy spy-rules warmed up on 5 historical bars of SPY"');
    expect(server.placedOrders().map((o) => [o.action, o.totalQuantity, o.orderType])).toEqual([['BUY', '100', 'MKT']]);
    expect(stopped.stdout).toMatch(/"close":100.5,.*"msg":"entry long on SPY: close > trend"/);
  });

  it('when IB refuses the history (162) then the run says so and sends nothing before its indicators are full, even on a condition that holds without them', async () => {
    // Arrange: `close > 100` holds from the first bar, while the 5-bar average has its first value on the fifth.
    const { server, port } = await tws({ onHistory: () => ({ kind: 'error', code: 162, message: 'Historical Market Data Service error message:HMDS query returned no data: SPY@SMART Trades' }) });
    const robo = startRobo(writeConfig(warmupConfig(port, 'close > trend or close > 100')));
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);

    // Act
    pushLive(server, ['100.10', '100.20', '100.30', '100.40', '100.50']);
    await server.waitFor('PLACE_ORDER', 1, 10_000);
    robo.child.kill('SIGINT');
    const stopped = await robo.done;

    // Assert: the one order sent follows the entry on the fifth bar.
    expect(stopped.code, stopped.stderr).toBe(0);
    const logs = startOutput(stopped.stdout).logs;
    expect(logs.find((l) => l.msg.startsWith('strategy spy-rules could not load historical bars of SPY'))?.msg)
      .toMatch(/\(IB 162\).*: it warms up on live bars and trades once it has 5 of them$/);
    expect(server.placedOrders()).toHaveLength(1);
    const sent = logs.findIndex((l) => l.msg.startsWith('order 500 BUY 100 SPY'));
    expect(logs.slice(0, sent).filter((l) => l.msg.startsWith('entry long on SPY')).map((l) => l['close'])).toEqual([100.1, 100.2, 100.3, 100.4, 100.5]);
  });
});
