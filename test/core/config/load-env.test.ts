/** Specification of `${VAR}` substitution: after parsing, into values only, and never echoing a value. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/load.js';
import { STRATEGY_KINDS, fixture, loadFailure } from './fixtures.js';

describe('loadConfig with environment variables', () => {
  it('when a variable is not set then ENV_MISSING names it at its line and prints no other value', async () => {
    const file = fixture('env-missing.yaml');
    const secret = 'DU-SECRET-4711';

    const error = await loadFailure(file, { env: { ROBO_TEST_ACCOUNT: secret } });

    expect(error.code).toBe('ROBO_ERR_CONFIG_ENV_MISSING');
    expect(error.details).toEqual([`${file}:9:9 data.path environment variable ROBO_TEST_DATA_DIR is not set`]);
    expect(`${error.message}\n${error.details.join('\n')}\n${String(error.stack)}`).not.toContain(secret);
  });

  it('when a value from the environment breaks the schema then the error names the variable, not the value', async () => {
    const file = fixture('env-secret-invalid.yaml');
    const env = { ROBO_TEST_MODE: 'SECRET-MODE-1', ROBO_TEST_KIND: 'SECRET-KIND-2' };

    const error = await loadFailure(file, { env });

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:3:9 account.mode must be one of "paper", "live"; was the value of environment variable ROBO_TEST_MODE (not shown)`,
      `${file}:13:11 strategies[0].kind unknown strategy kind the kind from the environment (not shown); installed kinds are ma-crossover`,
    ]);
    const output = `${error.message}\n${error.details.join('\n')}`;
    expect(output).not.toContain('SECRET-MODE-1');
    expect(output).not.toContain('SECRET-KIND-2');
  });

  it('when a variable is unset and something else is wrong too then the code is CONFIG_INVALID and both are listed', async () => {
    const file = fixture('env-secret-invalid.yaml');

    const error = await loadFailure(file, { env: { ROBO_TEST_KIND: 'ma-cross' } });

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:3:9 account.mode environment variable ROBO_TEST_MODE is not set`,
      `${file}:13:11 strategies[0].kind unknown strategy kind the kind from the environment (not shown); installed kinds are ma-crossover`,
    ]);
  });

  it('when variables are set then their values arrive verbatim and a newline with ": " injects no YAML', async () => {
    const file = fixture('env-substitution.yaml');
    const note = 'first line\nstrategies: []\naccount: { mode: live }';

    const { config } = await loadConfig(file, {
      strategyKinds: STRATEGY_KINDS,
      env: { ROBO_TEST_ACCOUNT: 'DU1234567', ROBO_TEST_DATA_DIR: '/srv/data', ROBO_TEST_NOTE: note },
    });

    expect(config.account.id).toBe('DU1234567');
    expect(config.data.source === 'csv' && config.data.path).toBe('/srv/data/bars-${not-a-variable}.csv');
    expect(config.plugins[0]?.options).toEqual({ note });
    expect(config.account.mode).toBe('paper');
    expect(config.strategies).toHaveLength(1);
  });
});
