/**
 * The last resort: an error that escapes every hook — a plugin's promise nobody awaits, a throw from a
 * timer — halts trading, names its owner, and runs the normal shutdown: open orders cancelled at the
 * broker, the journal closed, the summary printed, a non-zero exit. Run as a user would: `robo start` as
 * a child process, on the local TWS-protocol server and on the simulated broker.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, startOutput, writeConfig } from '../support/cli.js';
import { CROSS_UP, pushCloses, startRobo, twsServers } from '../support/ib-cli.js';
import { installPackages, pluginSource } from '../support/plugin-packages.js';

/** How the plugin's error escapes once the first order was sent: a rejected promise nobody awaits, or a throw from a timer. */
const ESCAPES = {
  rejection: "void Promise.reject(new Error('the trade log server is gone'));",
  exception: "setTimeout(() => { throw new Error('the trade log server is gone'); }, 0);",
} as const;

function leakyPlugin(escape: keyof typeof ESCAPES): string {
  return pluginSource('robo-plugin-leaky', `return { apply(api) {
    api.hooks.afterOrder.tap('robo-plugin-leaky', (outcome) => {
      if (outcome.kind === 'sent') { ${ESCAPES[escape]} }
    });
  } };`);
}

function ibConfig(port: number): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: 3000 }`,
    'data: { source: broker, barSeconds: 5 }',
    'safety: { costs: { plan: zero } }',
    'plugins:',
    '  - package: robo-plugin-leaky',
    'strategies:',
    '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 2, slow: 4, orderType: limit }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}

const tws = twsServers();

describe('robo start when an error escapes a plugin', () => {
  it.each(['rejection', 'exception'] as const)('when an unhandled %s escapes on IB then the working order is cancelled, the plugin is named and robo exits 1', async (escape) => {
    // Arrange: TWS leaves every order working
    const { server, port } = await tws({ onOrder: () => ({ kind: 'rest' }) });
    const file = writeConfig(ibConfig(port));
    installPackages(file, { 'robo-plugin-leaky': { source: leakyPlugin(escape) } });

    // Act: the strategy buys on an up-cross; the plugin's error escapes once the order is sent
    const robo = startRobo(file);
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 15_000);
    pushCloses(server, CROSS_UP);
    const result = await robo.done;

    // Assert
    expect(result.code).toBe(1);
    expect(server.placedOrders().map((o) => o.orderId)).toEqual([500]);
    expect(server.messages('CANCEL_ORDER')).toHaveLength(1);
    expect(server.workingOrderIds()).toEqual([]);
    expect(result.stderr).toContain(`robo: an unhandled ${escape} in plugin robo-plugin-leaky: the trade log server is gone`);
    expect(result.stderr).toContain('ROBO_ERR_UNHANDLED');
    expect(startOutput(result.stdout).summary).toMatchObject({ broker: 'ib', end: 'crashed' });
    expect(result.stdout).toMatch(/"msg":"trading is now HALTED: .*robo-plugin-leaky/);
  });
});

describe('robo backtest when an error escapes a plugin', () => {
  it('when an unhandled rejection escapes on the simulated broker then the run stops, the summary says crashed and the exit is 1', async () => {
    // Arrange
    const file = writeConfig(sampleConfig() + 'plugins:\n  - package: robo-plugin-leaky\n');
    installPackages(file, { 'robo-plugin-leaky': { source: leakyPlugin('rejection') } });

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('robo: an unhandled rejection in plugin robo-plugin-leaky: the trade log server is gone');
    const summary = JSON.parse(result.stdout) as { end: string; orders: { open: number } };
    expect(summary.end).toBe('crashed');
  });
});
