/**
 * `robo data fetch` of several symbols, side by side, when IB refuses one: the fetch stops and says so at
 * once — it does not first wait for another symbol's request to be answered or to time out.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';
import { fetchConfig, IB_ENV, twsServers } from '../support/ib-cli.js';
import { minuteBars } from '../support/minute-bars.js';

const tws = twsServers();

describe('robo data fetch when IB refuses one symbol', () => {
  it('when one symbol\'s request is refused while another\'s is unanswered then it exits 1 with ROBO_ERR_FETCH_STOPPED at once, not after the other request\'s timeout', async () => {
    // Arrange: QQQ's requests are never answered (a 30-second timeout); SPY's first is refused.
    const { server, port } = await tws({
      onHistory: (request) => (request.symbol === 'QQQ' ? { kind: 'silent' } : { kind: 'error', code: 200, message: 'No security definition has been found for the request' }),
    });
    server.setHistory('SPY', '1 min', minuteBars('2026-03-02', '2026-03-03'));
    const config = writeConfig(fetchConfig(port, { requestTimeoutMs: 30_000 }));
    const started = Date.now();

    // Act
    const result = await runRobo(['data', 'fetch', '--symbols', 'QQQ,SPY', '--from', '2026-03-02', '--to', '2026-03-03', '--bar', '1m', '--config', config, '--json'], { env: IB_ENV, timeoutMs: 60_000 });

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('IB refused a request while fetching SPY 2026-03-02');
    expect(result.stderr).toContain('ROBO_ERR_FETCH_STOPPED');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 90_000);
});
