/**
 * Specifies what the logger keeps out of its lines: secrets at the top of a logged object or one level
 * down, and the account id — through the real logger, writing JSON lines in a child process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CENSOR, redactSecrets } from '../../core/log-redact.js';
import { ROOT } from '../support/cli.js';

describe('redactSecrets', () => {
  it('when a logged object holds a secret at the top or one level down then its value is censored and nothing else changes', () => {
    // Arrange
    const fields = { symbol: 'AAPL', token: 't0k3n', broker: { host: '127.0.0.1', password: 'hunter2', apiKey: 'k' }, account: { id: 'DU123', currency: 'USD' } };

    // Act
    const redacted = redactSecrets(fields);

    // Assert
    expect(redacted).toEqual({ symbol: 'AAPL', token: CENSOR, broker: { host: '127.0.0.1', password: CENSOR, apiKey: CENSOR }, account: { id: CENSOR, currency: 'USD' } });
    expect(fields.broker.password).toBe('hunter2');
  });

  it('when the config is logged then its account id is censored', () => {
    // Act
    const redacted = redactSecrets({ config: { account: { id: 'U9', startingCash: 1 }, secret: 's' } });

    // Assert
    expect(redacted).toEqual({ config: { account: { id: CENSOR, startingCash: 1 }, secret: CENSOR } });
  });

  it('when a logged object holds no secret then the same object is used, not a copy', () => {
    // Arrange
    const fields = { orderId: 7, costs: { commission: '1.00' }, symbols: ['AAPL'] };

    // Act + Assert
    expect(redactSecrets(fields)).toBe(fields);
  });
});

describe('the logger', () => {
  it('when a line, a child logger\'s bindings and a nested object carry secrets then none of them reaches the output', () => {
    // Arrange
    const script = [
      `const { createLogger } = await import(${JSON.stringify(join(ROOT, 'dist/core/log.js'))});`,
      "const log = createLogger({ level: 'info', fd: 1, pretty: false });",
      "log.child({ accountId: 'DU555' }).info({ token: 'tok-1', ib: { password: 'pw-2' }, account: { id: 'DU777' } }, 'connected');",
    ].join('\n');

    // Act
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    // Assert
    const line = JSON.parse(out.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ accountId: CENSOR, token: CENSOR, ib: { password: CENSOR }, account: { id: CENSOR }, msg: 'connected' });
    expect(out).not.toMatch(/DU555|tok-1|pw-2|DU777/);
  });
});
