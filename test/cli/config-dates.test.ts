/**
 * Every date a config writes — data.start, and the from and verifiedThrough of fee rates, in the config
 * or in a rates file — must be a real calendar date: 2026-02-30 is invalid input at its own line
 * (ROBO_ERR_CONFIG_INVALID, exit 2), listed with every other mistake, never a question of calendar coverage.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';

const generated = (start: string): string => `data:\n  source: generated\n  symbols: [SPY]\n  start: "${start}"\n  days: 1\n  barSeconds: 60\n  seed: 42`;
const withCosts = (costs: string): string => `${sampleConfig()}safety:\n  costs:\n${costs}`;

/** Refused as invalid input, exit 2, with no advice about calendar coverage. */
function expectInvalidConfig(result: CliResult): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  expect(result.stderr).not.toContain('coverage');
}

describe('dates in the config', () => {
  it.each([['2026-02-30'], ['2025-02-29'], ['2026-04-31'], ['2026-13-01'], ['2026-3-2']])('when data.start is %s then validate and start refuse it at its line as no real calendar date', async (start) => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generated(start) }));

    // Act
    const validated = await runRobo(['validate', file], { timeoutMs: 20_000 });
    const started = await runRobo(['start', file], { timeoutMs: 20_000 });

    // Assert
    for (const result of [validated, started]) {
      expectInvalidConfig(result);
      expect(result.stderr).toContain(`robo.config.yaml:10:10 data.start expected a real calendar date (YYYY-MM-DD), was "${start}"`);
    }
  });

  it('when data.start does not exist and another key is wrong then validate lists both at once, by line', async () => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generated('2028-02-30'), strategies: 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 5, slow: 20 }\n    sizing: { quantity: 0 }' }));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectInvalidConfig(result);
    expect(result.stderr).toMatch(/^robo: 2 errors in /);
    expect(result.stderr).toMatch(/data\.start expected a real calendar date \(YYYY-MM-DD\), was "2028-02-30"[\s\S]*strategies\[0\]\.sizing\.quantity must be >= 1/);
  });

  it('when a leap day exists (2028-02-29) then data.start takes it', async () => {
    // Act
    const result = await runRobo(['validate', writeConfig(sampleConfig({ data: generated('2028-02-29') }))], { timeoutMs: 20_000 });

    // Assert
    expect(result.code, result.stderr).toBe(0);
  });

  it('when a fee row\'s from or a table\'s verifiedThrough in safety.costs.rates does not exist then validate and start refuse each at its line', async () => {
    // Arrange
    const file = writeConfig(withCosts([
      '    rates:',
      '      sec-section-31:',
      '        verifiedThrough: "2027-02-29"',
      '        rows:',
      '          - { from: "2026-02-30", rate: "0.0000206", sources: [{ title: "SEC fee rate advisory" }] }',
      '',
    ].join('\n')));

    // Act
    const validated = await runRobo(['validate', file], { timeoutMs: 20_000 });
    const started = await runRobo(['start', file], { timeoutMs: 20_000 });

    // Assert
    for (const result of [validated, started]) {
      expectInvalidConfig(result);
      expect(result.stderr).toContain('robo.config.yaml:24:26 safety.costs.rates.sec-section-31.verifiedThrough expected a real calendar date (YYYY-MM-DD), was "2027-02-29"');
      expect(result.stderr).toContain('robo.config.yaml:26:21 safety.costs.rates.sec-section-31.rows[0].from expected a real calendar date (YYYY-MM-DD), was "2026-02-30"');
    }
  });

  it('when a rates file names a date that does not exist then validate refuses it at its line in that file', async () => {
    // Arrange
    const file = writeConfig(withCosts('    ratesFiles: [sec.yaml]\n'), {
      'sec.yaml': 'schemaVersion: 1\ntable: sec-section-31\nverifiedThrough: "2027-02-30"\nrows:\n  - from: "2027-02-29"\n    rate: "0.00002"\n    sources: [{ title: "x" }]\n',
    });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectInvalidConfig(result);
    expect(result.stderr).toMatch(/sec\.yaml:3:\d+ verifiedThrough expected a real calendar date \(YYYY-MM-DD\), was "2027-02-30"/);
    expect(result.stderr).toMatch(/sec\.yaml:5:\d+ rows\[0\]\.from expected a real calendar date \(YYYY-MM-DD\), was "2027-02-29"/);
  });
});
