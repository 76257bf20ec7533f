/**
 * `kind: rules` on Interactive Brokers: `robo start` as a child process against the local TWS-protocol
 * server. A rules strategy with a stop loss and a take profit sends its entry and both exits as one
 * bracket, priced from the signal bar's close; before its first trade it is warmed up on IB's
 * historical bars, or, without them, waits for as many live bars as its indicators need.
 */
import { describe, expect, it } from 'vitest';
import { writeConfig } from '../support/cli.js';
import { BAR0, startRobo, twsServers } from '../support/ib-cli.js';
import type { TwsServer } from '../support/tws-server/server.js';

const tws = twsServers();

/** A rules strategy on SPY: long when the close is over its 3-bar average, exits at 2.5 and 3 ATRs. */
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
    '    exits:  { stopLoss: "2.5 * atr", takeProfit: "3 * atr" }',
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
