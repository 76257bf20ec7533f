/**
 * A position already held at the broker when `robo start` begins, larger than the configured limit: it is
 * reported at start, and the risk limits judge the position each order would leave — so a strategy that
 * flips it through zero cannot leave a short past the limit on the other side.
 */
import { describe, expect, it } from 'vitest';
import { startOutput, writeConfig } from '../support/cli.js';
import { pushCloses, startRobo, twsServers } from '../support/ib-cli.js';
import type { TwsServer } from '../support/tws-server/server.js';

function config(port: number, quantity: number): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 3000 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety:',
    '  costs: { plan: zero }',
    '  stateRecovery: { unknown: adopt }',
    '  riskLimits: { maxPositionQuantity: 100 }',
    'strategies:',
    `  - { id: spy-flip, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4, allowShort: true }, sizing: { quantity: ${quantity} } }`,
    '',
  ].join('\n');
}

const tws = twsServers();

/** Rising then falling closes: the 2-bar average crosses below the 4-bar one, so the strategy goes short. */
const CROSS_DOWN = ['98.00', '98.50', '99.00', '99.50', '100.00', '99.00', '98.00', '97.00'];

async function runFlip(quantity: number): Promise<{ code: number | null; stdout: string; stderr: string; placed: ReturnType<TwsServer['placedOrders']> }> {
  const { server, port } = await tws();
  server.setPosition('SPY', '150');
  const robo = startRobo(writeConfig(config(port, quantity)));
  await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
  pushCloses(server, CROSS_DOWN);
  await server.waitUntil(() => /signal down-cross on SPY/.test(robo.stdout()) && (/order vetoed/.test(robo.stdout()) || server.placedOrders().length > 0), 'the down-cross order', 10_000);
  robo.child.kill('SIGINT');
  const result = await robo.done;
  return { ...result, placed: server.placedOrders() };
}

describe('robo start with a position held at the broker over the limit', () => {
  it('when a strategy would flip +150 to -149 under a 100-share limit then the sell is vetoed and nothing is sent', async () => {
    // Act: the strategy targets -149, so it sells 299
    const result = await runFlip(149);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.placed).toEqual([]);
    expect(result.stdout).toMatch(/"code":"RISK_MAX_POSITION".*would reach -149, over the limit of 100 shares/);
  });

  it('when the flip leaves a short within the limit then it is sent', async () => {
    // Act: target -100, so it sells 250
    const result = await runFlip(100);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.placed.map((o) => [o.action, o.totalQuantity])).toEqual([['SELL', '250']]);
  });

  it('when it starts then the position over the limit is logged and named at the top of the summary', async () => {
    // Act
    const result = await runFlip(100);

    // Assert
    expect(result.stdout).toMatch(/"msg":"SPY: 150 held at start, over maxPositionQuantity 100: only orders that bring it toward flat pass"/);
    expect(startOutput(result.stdout).summary.notices).toContainEqual(expect.stringContaining('SPY: 150 held at start, over maxPositionQuantity 100'));
  });

  it('when the account holds a symbol no strategy trades then its bars are subscribed too, so the position is marked by the market', async () => {
    // Arrange
    const { server, port } = await tws();
    server.setPosition('QQQ', '40');
    const robo = startRobo(writeConfig(config(port, 100)));

    // Act
    await server.waitUntil(() => server.openBarRequests().some((r) => r.symbol === 'QQQ'), 'a bar request for QQQ', 15_000);
    robo.child.kill('SIGINT');
    const result = await robo.done;

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(server.messages('REQ_REAL_TIME_BARS').length).toBe(2);
    expect(result.stdout).toContain('watching QQQ too: held or on order, though no strategy trades it');
  });
});
