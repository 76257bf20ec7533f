/** Specification of schema errors: full words, the line of the key or value, its description, all at once. */
import { describe, expect, it } from 'vitest';
import { fixture, loadFailure } from './fixtures.js';

describe('loadConfig on schema errors', () => {
  it('when a key is unknown then it points at the key and suggests the close one', async () => {
    const file = fixture('unknown-key.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details[0]).toBe(
      `${file}:16:7 strategies[0].sizing.qty unknown key "qty"; did you mean "quantity"?\n  -> Shares per trade, a whole number of at least 1.`,
    );
  });

  it('when a value has the wrong type then it says expected and actual type in full words', async () => {
    const file = fixture('wrong-type.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toEqual([
      `${file}:6:14 broker.latencyMs expected integer, was string\n  -> Milliseconds between an order and its acknowledgement in live simulated sessions, 0 to 60000. Default 20.`,
    ]);
  });

  it('when a value is not in the enum then it lists the allowed values', async () => {
    const file = fixture('enum-value.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toContain(`${file}:12:10 log.level must be one of "trace", "debug", "info", "warn", "error", "fatal", "silent"; was "verbose"`);
  });

  it('when required keys are missing then each points at its parent and the broker kind is checked by its discriminator', async () => {
    const file = fixture('missing-required.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:5:9 broker.kind must be one of "sim", "ib"; was "tws"`,
      `${file}:7:3 data.path is required but missing`,
      `${file}:10:5 strategies[0].params.fast is required but missing`,
      `${file}:10:5 strategies[0].params.slow is required but missing`,
      `${file}:13:13 strategies[0].sizing needs one of quantity, notional, equityPercent, riskPercent`,
    ]);
  });

  it('when the file has many errors then all of them come at once, sorted by line', async () => {
    const file = fixture('multiple-errors.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.message).toBe(`7 errors in ${file}`);
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:1:10 version must be 1, was 2`,
      `${file}:3:9 account.mode must be one of "paper", "live"; was "live-ish"; did you mean "live"?`,
      `${file}:4:17 account.startingCash must be > 0, was -5`,
      `${file}:10:18 data.symbols[1] must match the pattern ^[A-Z][A-Z0-9.]{0,9}$, was "spy"`,
      `${file}:11:10 data.start expected a real calendar date (YYYY-MM-DD), was "2026-3-2"`,
      `${file}:13:15 data.barSeconds must be one of 1, 5, 10, 15, 30, 60, 300, 900, 3600; was 45`,
      `${file}:20:25 strategies[0].sizing.quantity must be >= 1, was 0`,
    ]);
    expect(error.details.every((line) => line.includes('\n  -> '))).toBe(true);
  });
});

describe('loadConfig on strategies and plugins', () => {
  it('when two strategies share an id then the second one is reported', async () => {
    const file = fixture('duplicate-strategy-id.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:16:9 strategies[1].id id "spy-trend" is already used by strategies[0] on line 11; ids must differ`,
    ]);
  });

  it('when a strategy kind is not installed then the code says so, and it lists the installed kinds and suggests one', async () => {
    const file = fixture('unknown-kind.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_STRATEGY_UNKNOWN');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:12:11 strategies[0].kind unknown strategy kind "ma-crosover"; did you mean "ma-crossover"? installed kinds are ma-crossover`,
    ]);
  });

  it("when params break the kind's schema then the error is inside params with the kind's description", async () => {
    const file = fixture('invalid-params.yaml');

    const error = await loadFailure(file);

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details).toEqual([`${file}:16:13 strategies[0].params.slow must be >= 2, was 0\n  -> slow period`]);
  });

  it('when a strategy kind ships a schema ajv cannot compile then it fails as an internal error naming the kind', async () => {
    const strategyKinds = new Map([['ma-crossover', { paramsSchema: { type: 'object', properties: { fast: { type: 'integr' } } } }]]);

    const error = await loadFailure(fixture('invalid-params.yaml'), { strategyKinds });

    expect(error.code).toBe('ROBO_ERR_INTERNAL');
    expect(error.message).toContain('strategy kind "ma-crossover"');
  });

  it("when plugin options break the plugin's schema then they are reported with the package pattern error", async () => {
    const file = fixture('plugin-options.yaml');
    const pluginSchemas = new Map([
      ['robo-plugin-audit', { type: 'object', additionalProperties: false, properties: { retainDays: { type: 'integer', minimum: 1, description: 'days of audit files to keep' } } }],
    ]);

    const error = await loadFailure(file, { pluginSchemas });

    expect(error.code).toBe('ROBO_ERR_CONFIG_INVALID');
    expect(error.details.map((line) => line.split('\n')[0])).toEqual([
      `${file}:13:19 plugins[0].options.retainDays must be >= 1, was 0`,
      `${file}:14:14 plugins[1].package must match the pattern ^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$, was "./local-plugin"`,
    ]);
  });
});
