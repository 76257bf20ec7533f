/**
 * Fee tables never stop trading on a date: as a user meets it, a run past the date the built-in rates were
 * verified through trades on the last known rates, and says so at the top of its summary, under
 * costs.staleRates in --json, in the log at start, and in `robo validate`; `staleRates: refuse` keeps the
 * strict behaviour for orders that would open or add to a position.
 */
import { describe, expect, it } from 'vitest';
import { collect, runRobo, sampleConfig, spawnRobo, startOutput, writeConfig } from '../support/cli.js';

interface Summary {
  readonly notices: readonly string[];
  readonly orders: { readonly total: number; readonly filled: number; readonly vetoed: number };
  readonly fills: number;
  readonly vetoes: Record<string, Record<string, number>>;
  readonly positions: readonly unknown[];
  readonly sections: { readonly costs: { readonly staleRates: readonly { table: string; status: string; fills: number; verifiedThrough: string }[] } };
}

/** Generated SPY bars from `start` for `days` sessions, with a fast crossover so it trades every few bars. */
function configFrom(start: string, days: number, costs = ''): string {
  return sampleConfig({
    data: `data:\n  source: generated\n  symbols: [SPY]\n  start: "${start}"\n  days: ${days}\n  barSeconds: 300\n  seed: 7\n  pace:\n    barsPerSecond: 20000`,
    strategies: 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 3, slow: 8 }\n    sizing: { quantity: 100 }',
  }) + costs;
}

describe('robo backtest across the date the fee tables were verified through', () => {
  it('when the data runs from 2026-12-21 to 2027-01-12 then every order is judged on its merits, none is vetoed for its fees, and the summary names the carried-forward tables first', async () => {
    // Act
    const result = await runRobo(['backtest', writeConfig(configFrom('2026-12-21', 15)), '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.vetoes['robo:cost-accounting']).toBeUndefined();
    expect(summary.orders.total).toBeGreaterThan(10);
    const stale = summary.sections.costs.staleRates;
    expect(stale.map((s) => s.table).sort()).toEqual(['cat-fee', 'finra-taf', 'ibkr-us-stocks', 'sec-section-31']);
    expect(stale.every((s) => s.status === 'carried-forward' && s.verifiedThrough === '2026-12-31' && s.fills > 0)).toBe(true);
    expect(summary.notices).toHaveLength(4);
    expect(summary.notices.every((n) => n.includes('carried forward past 2026-12-31'))).toBe(true);
  });

  it('when printed for a person then the notices come right under the title, before any figure', async () => {
    // Act
    const result = await runRobo(['backtest', writeConfig(configFrom('2027-01-04', 5)), '--log-level', 'silent']);

    // Assert
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Run summary/);
    expect(lines.slice(1, 5).every((line) => line.startsWith('  ! estimated costs: '))).toBe(true);
  });

  it('when the run is entirely in 2028 then it still trades', async () => {
    const result = await runRobo(['backtest', writeConfig(configFrom('2028-03-01', 3)), '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Summary).fills).toBeGreaterThan(0);
  });

  it('when safety.costs.staleRates is refuse then orders that would open a position past that date are vetoed, and the run says why', async () => {
    // Act
    const result = await runRobo(['backtest', writeConfig(configFrom('2027-01-04', 3, 'safety:\n  costs:\n    staleRates: refuse\n')), '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.fills).toBe(0);
    expect(summary.vetoes['robo:cost-accounting']?.['COST_RATES_STALE']).toBeGreaterThan(0);
  });
});

describe('robo backtest with staleRates: refuse and a strategy that flips', () => {
  it('when an allowShort strategy runs into the carried-forward dates then its flips are cut to the closing part: it ends flat, never stuck in a position', async () => {
    // Arrange
    const config = configFrom('2026-12-30', 5, 'safety:\n  costs:\n    staleRates: refuse\n').replace('params: { fast: 3, slow: 8 }', 'params: { fast: 3, slow: 8, allowShort: true }');

    // Act
    const result = await runRobo(['backtest', writeConfig(config), '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.positions).toEqual([]);
    expect(summary.vetoes['robo:cost-accounting']?.['COST_RATES_STALE']).toBeGreaterThan(0);
  });
});

describe('robo start past the date the fee tables were verified through', () => {
  it('when the session trades in 2027 then it fills, warns once at start which tables are carried forward, and its summary says so', async () => {
    // Act
    const result = await collect(spawnRobo(['start', writeConfig(configFrom('2027-02-01', 2))], { env: { FORCE_COLOR: '0' } }), 60_000);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"fill /);
    expect(startOutput(result.stdout).summary.notices).toContainEqual(expect.stringMatching(/^estimated costs: /));
    expect(result.stdout).not.toContain('COST_RATES_STALE');
  });
});
