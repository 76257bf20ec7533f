/** `broker: { kind: ib }` and `data: { source: broker }` in the config: defaults from the schema, the pairing rule, and @stoqey/ib loaded only when used. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadCliConfig } from '../../../../core/cli/load.js';
import { loadConfig } from '../../../../core/config/load.js';
import { isRoboError } from '../../../../core/domain/errors.js';
import { STRATEGY_KINDS } from '../../../../strategies/index.js';
import { ROOT, writeConfig } from '../../../support/cli.js';

const STRATEGY = 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 2, slow: 4 }\n    sizing: { quantity: 1 }\n';

function config(broker: string, data: string): string {
  return `version: 1\naccount:\n  startingCash: 100000\n  id: \${IB_ACCOUNT}\n${broker}\n${data}\n${STRATEGY}`;
}

describe('IB config', () => {
  it('when only port and clientId are written then every other broker key and data key takes the schema default', async () => {
    const file = writeConfig(config('broker:\n  kind: ib\n  port: 4002\n  clientId: 3', 'data:\n  source: broker\n  barSeconds: 60'));

    const { config: loaded } = await loadConfig(file, { strategyKinds: STRATEGY_KINDS, env: { IB_ACCOUNT: 'DU1234567' } });

    expect(loaded.broker).toEqual({ kind: 'ib', host: '127.0.0.1', port: 4002, clientId: 3, connectTimeoutMs: 10000, requestTimeoutMs: 10000, maxRequestsPerSecond: 40 });
    expect(loaded.data).toEqual({ source: 'broker', barSeconds: 60, whatToShow: 'TRADES', useRth: true });
    expect(loaded.account).toMatchObject({ mode: 'paper', id: 'DU1234567' });
  });

  it('when the port is missing or the bars are not a multiple of 5 seconds then the schema says so at the line', async () => {
    const file = writeConfig(config('broker:\n  kind: ib\n  clientId: 3', 'data:\n  source: broker\n  barSeconds: 1'));

    const error: unknown = await loadConfig(file, { strategyKinds: STRATEGY_KINDS, env: { IB_ACCOUNT: 'DU1' } }).catch((e: unknown) => e);

    expect(isRoboError(error, 'ROBO_ERR_CONFIG_INVALID')).toBe(true);
    const details = isRoboError(error) ? error.details.join('\n') : '';
    expect(details).toContain('broker.port is required but missing');
    expect(details).toMatch(/data\.barSeconds must be one of 5, 10, 15, 30, 60, 300, 900, 3600; was 1/);
  });

  it('when the broker and the data source do not belong together then the CLI refuses the config', async () => {
    process.env['IB_ACCOUNT'] = 'DU1234567';
    const ibOnCsv = writeConfig(config('broker:\n  kind: ib\n  port: 4002\n  clientId: 3', 'data:\n  source: csv\n  path: x.csv\n  barSeconds: 60'));
    const simOnBroker = writeConfig(config('broker:\n  kind: sim', 'data:\n  source: broker\n  barSeconds: 60'));

    const errors = await Promise.all([ibOnCsv, simOnBroker].map((f) => loadCliConfig(f).catch((e: unknown) => e)));

    expect(errors.map((e) => isRoboError(e, 'ROBO_ERR_CONFIG_INVALID'))).toEqual([true, true]);
    expect(String(errors[0])).toContain('broker kind ib cannot use data source csv');
  });

  it('when the composition root is imported for a simulated run then @stoqey/ib is not loaded', () => {
    const script = [
      "import { createRequire } from 'node:module';",
      "await import('./dist/core/cli/compose.js');",
      'const cache = Object.keys(createRequire(import.meta.url).cache);',
      "process.stdout.write(String(cache.some((k) => k.includes('@stoqey'))));",
    ].join('\n');

    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })).toBe('false');
  });
});
