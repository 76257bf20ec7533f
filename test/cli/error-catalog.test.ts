/**
 * The error catalog, walked: every code Robo can report is either produced here through the CLI — and
 * then its exit code is the catalog's, it prints as `robo: …` with the catalog's fix word for word, and
 * never a stack trace — or named with the reason it needs a broker fault or a bug to appear and the tests
 * that produce it, each of which asserts the code. The table is typed by the catalog's codes, so a new
 * code without a row does not compile, and a row for a code that no longer exists fails below.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG, type RoboErrorCode } from '../../core/domain/errors.js';
import { ROOT, runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';
import { guardConfig, writeGuardConfig } from '../support/pipeline.js';
import { installPackages, pluginSource, type FakePackage } from '../support/plugin-packages.js';
import { configNaming, moduleProject, strategyKindSource } from '../support/strategy-modules.js';

type Row =
  | { readonly produce: () => Promise<CliResult> }
  | { readonly notFromTheCli: string; readonly coveredBy: string };

const validate = (file: string, env?: NodeJS.ProcessEnv): Promise<CliResult> => runRobo(['validate', file], { timeoutMs: 30_000, ...(env ? { env } : {}) });

/** A config naming `plugins`, with those packages installed (and declared, unless marked) next to it. */
function withPlugins(entries: string, packages: Readonly<Record<string, FakePackage>>): string {
  const file = writeGuardConfig(guardConfig().replace('strategies:\n', `plugins:\n${entries}strategies:\n`));
  installPackages(file, packages);
  return file;
}
const plugin = (name: string, meta: { robo?: string; dependencies?: readonly string[] } = {}): FakePackage => ({ source: pluginSource(name, 'return { apply() {} };', meta) });

/** A plugin whose error escapes every hook once the strategy's first order is sent (test/cli/unhandled-error.test.ts). */
const LEAKY = pluginSource('robo-plugin-leaky', `return { apply(api) {
  api.hooks.afterOrder.tap('robo-plugin-leaky', (outcome) => { if (outcome.kind === 'sent') void Promise.reject(new Error('the trade log server is gone')); });
} };`);

/** A config whose journal robo start has written, for the commands that read or lock it. */
let started = '';
beforeAll(async () => {
  started = writeConfig(sampleConfig());
  expect((await runRobo(['start', started, '--bars-per-second', '100000'])).code).toBe(0);
});

const WALK: Readonly<Record<RoboErrorCode, Row>> = {
  ROBO_ERR_CONFIG_NOT_FOUND: { produce: () => validate('/nonexistent/robo.config.yaml') },
  ROBO_ERR_CONFIG_INVALID: { produce: () => validate(writeConfig('version: 1\naccount: [\n')) },
  ROBO_ERR_CONFIG_ENV_MISSING: { produce: () => validate(writeConfig(`${sampleConfig()}journal:\n  path: \${ROBO_CATALOG_NEVER_SET}/journal.sqlite\n`), { ROBO_CATALOG_NEVER_SET: undefined }) },
  ROBO_ERR_USAGE: { produce: () => runRobo(['frobnicate']) },
  ROBO_ERR_DATA_INVALID: {
    produce: () => validate(writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': 'time,symbol,open,high,low,close,volume\n2026-03-02T09:30:00-05:00,SPY,1,1,1,1,-5\n' })),
  },
  ROBO_ERR_DATA_MISSING: {
    produce: () => validate(writeConfig(sampleConfig({ data: 'data:\n  source: cache\n  barSeconds: 60' }))),
  },
  ROBO_ERR_CALENDAR_COVERAGE: {
    notFromTheCli: 'every date a config sets is checked against the calendar before the run and refused as ROBO_ERR_CONFIG_INVALID at its key; this one is raised when a running session meets a date past the coverage',
    coveredBy: 'test/core/market/calendar.test.ts, test/core/market/coverage.test.ts',
  },
  ROBO_ERR_COST_COVERAGE: {
    notFromTheCli: 'dates before a fee table are refused before the run (ROBO_ERR_CONFIG_INVALID, or ROBO_ERR_USAGE for robo cost --date); a fill dated there while running is booked with its costs marked unknown',
    coveredBy: 'test/plugins/costs/tables.test.ts, test/plugins/costs/calculator.test.ts',
  },
  ROBO_ERR_ORDER_TRANSITION: { notFromTheCli: 'a broker event out of order, from a broker fault', coveredBy: 'test/core/domain/order.test.ts' },
  ROBO_ERR_OVERFILL: { notFromTheCli: 'a broker correction restating an order beyond its quantity', coveredBy: 'test/core/domain/order.test.ts (order fills: corrections)' },
  ROBO_ERR_PLUGIN_FAILED: { produce: () => validate(withPlugins('  - package: robo-plugin-grumpy\n', { 'robo-plugin-grumpy': { source: pluginSource('robo-plugin-grumpy', "return { apply() { throw new Error('not today'); } };") } })) },
  ROBO_ERR_PLUGIN_NOT_FOUND: {
    produce: () => {
      const file = withPlugins('  - package: robo-plugin-missing\n', {});
      writeFileSync(join(dirname(file), 'package.json'), JSON.stringify({ dependencies: { 'robo-plugin-missing': '1.0.0' } }));
      return validate(file);
    },
  },
  ROBO_ERR_PLUGIN_NOT_ALLOWED: { produce: () => validate(withPlugins('  - package: robo-plugin-stowaway\n', { 'robo-plugin-stowaway': { ...plugin('robo-plugin-stowaway'), undeclared: true } })) },
  ROBO_ERR_PLUGIN_VERSION_MISMATCH: { produce: () => validate(withPlugins('  - package: robo-plugin-future\n', { 'robo-plugin-future': plugin('robo-plugin-future', { robo: '^2.0.0' }) })) },
  ROBO_ERR_PLUGIN_DUPLICATE: { produce: () => validate(withPlugins('  - package: robo-plugin-a\n  - package: robo-plugin-a\n', { 'robo-plugin-a': plugin('robo-plugin-a') })) },
  ROBO_ERR_PLUGIN_DEPENDENCY: { produce: () => validate(withPlugins('  - package: robo-plugin-b\n', { 'robo-plugin-b': plugin('robo-plugin-b', { dependencies: ['robo-plugin-a'] }) })) },
  ROBO_ERR_PLUGIN_INVALID: { produce: () => validate(withPlugins('  - package: robo-plugin-broken\n', { 'robo-plugin-broken': { source: 'export default 42;\n' } })) },
  ROBO_ERR_STRATEGY_UNKNOWN: { produce: () => validate(writeConfig(sampleConfig().replace('kind: ma-crossover', 'kind: no-such-kind'))) },
  ROBO_ERR_STRATEGY_NOT_FOUND: { produce: () => validate(moduleProject(configNaming('module: ./missing.js'), {})) },
  ROBO_ERR_STRATEGY_NOT_ALLOWED: { produce: () => validate(moduleProject(configNaming('module: /etc/kind.js'), {})) },
  ROBO_ERR_STRATEGY_VERSION_MISMATCH: { produce: () => validate(moduleProject(configNaming('module: ./future.js'), { 'future.js': strategyKindSource({ robo: '^2.0.0' }) })) },
  ROBO_ERR_STRATEGY_INVALID: { produce: () => validate(moduleProject(configNaming('module: ./broken.js'), { 'broken.js': 'export default 42;\n' })) },
  ROBO_ERR_BROKER: { notFromTheCli: 'IB refusing or failing a request, or a number IB cannot take exactly', coveredBy: 'test/core/brokers/ib/contract.test.ts' },
  ROBO_ERR_FETCH_STOPPED: { notFromTheCli: 'robo data fetch losing its link to TWS for good, or refused by IB: needs the TWS-protocol server', coveredBy: 'test/cli/data-fetch.test.ts' },
  ROBO_ERR_BROKER_CONNECT: {
    produce: () => runRobo(['start', writeConfig(sampleConfig({
      broker: 'broker:\n  kind: ib\n  port: 9\n  clientId: 11\n  connectTimeoutMs: 3000\n  requestTimeoutMs: 3000',
      data: 'data:\n  source: broker\n  barSeconds: 5',
    }).replace('account:\n', 'account:\n  id: DU1234567\n'))], { timeoutMs: 30_000 }),
  },
  ROBO_ERR_LIVE_ACCOUNT: { notFromTheCli: 'TWS logged in to a live account: needs the TWS-protocol server', coveredBy: 'test/cli/ib-start.test.ts' },
  ROBO_ERR_STATE_CORRUPT: {
    produce: () => {
      const file = writeConfig(sampleConfig());
      mkdirSync(join(dirname(file), '.robo'));
      writeFileSync(join(dirname(file), '.robo', 'state.json'), '{"robo:circuit-breaker": {');
      return runRobo(['breaker', 'status', file]);
    },
  },
  ROBO_ERR_JOURNAL_CORRUPT: {
    produce: () => {
      const file = writeConfig(sampleConfig());
      mkdirSync(join(dirname(file), '.robo'));
      writeFileSync(join(dirname(file), '.robo', 'journal.sqlite'), 'not a database, only text that looks like none');
      return runRobo(['journal', file]);
    },
  },
  ROBO_ERR_JOURNAL_LOCKED: {
    // The lock names this test's own process, which is alive: robo must not take it over.
    produce: () => {
      writeFileSync(join(dirname(started), '.robo', 'journal.sqlite.lock'), JSON.stringify({ pid: process.pid, host: hostname(), command: 'robo start', since: new Date().toISOString() }));
      return runRobo(['breaker', 'reset', started]);
    },
  },
  ROBO_ERR_JOURNAL_WRITE: { notFromTheCli: 'a disk that fills during the run', coveredBy: 'test/cli/journal-full.test.ts (ulimit -f on a real child process)' },
  ROBO_ERR_RECONCILE: { notFromTheCli: 'the broker holding positions or orders the journal does not know', coveredBy: 'test/faults/crash.test.ts, test/plugins/state-recovery/plugin.test.ts' },
  ROBO_ERR_UNHANDLED: {
    produce: () => {
      const file = writeConfig(`${sampleConfig()}plugins:\n  - package: robo-plugin-leaky\n`);
      installPackages(file, { 'robo-plugin-leaky': { source: LEAKY } });
      // The replay's own log lines would come first on stderr; silenced, the error is all there is.
      return runRobo(['backtest', file, '--json', '--log-level', 'silent']);
    },
  },
  ROBO_ERR_SHUTDOWN_INCOMPLETE: { notFromTheCli: 'a cancel that cannot be sent at shutdown (TWS not answering)', coveredBy: 'test/cli/shutdown.test.ts' },
  ROBO_ERR_INTERNAL: { notFromTheCli: 'a bug in Robo, by definition; main.ts prints it in the same format', coveredBy: 'test/core/host/host.test.ts' },
};

describe('the error catalog', () => {
  it('when walked then every row is a code of the catalog, and every code has a row', () => {
    expect(Object.keys(WALK).sort()).toEqual(Object.keys(ERROR_CATALOG).sort());
  });

  it('when a code is left to other tests then each of those test files exists and asserts that code', () => {
    for (const [code, row] of Object.entries(WALK)) {
      if (!('coveredBy' in row)) continue;
      for (const path of row.coveredBy.split(', ').map((entry) => entry.replace(/ \(.*\)$/, ''))) {
        expect(existsSync(join(ROOT, path)), path).toBe(true);
        expect(readFileSync(join(ROOT, path), 'utf8'), `${path} never names ${code}`).toMatch(new RegExp(`\\b${code}\\b`));
      }
    }
  });

  const produced = Object.entries(WALK).flatMap(([code, row]) => ('produce' in row ? [[code as RoboErrorCode, row] as const] : []));
  it.each(produced)('when %s is produced through the CLI then it exits with its catalog code and prints its fix, with no stack trace', async (code, row) => {
    // Act
    const result = await row.produce();

    // Assert
    const { exit, fix } = ERROR_CATALOG[code];
    expect(result.stderr.startsWith('robo: '), result.stderr).toBe(true);
    expect(result.stderr).toContain(`  ${code}: ${fix}`);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.code, result.stderr).toBe(exit);
  });
});
