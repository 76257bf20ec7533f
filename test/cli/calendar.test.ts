/**
 * The calendar as a user meets it: a run whose dates lie outside it is invalid input (exit 2, at the
 * config key that sets the dates), and `calendar.additionsFile` adds the sessions it lacks.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

/** Fees stay out of the way: the fee tables may not cover these dates. */
const ZERO_COSTS = 'safety:\n  costs: { plan: zero }\n';
const generatedFrom = (start: string, days: number): string => `data:\n  source: generated\n  symbols: [SPY]\n  start: "${start}"\n  days: ${days}\n  barSeconds: 60\n  seed: 42`;
const CSV_DATA = 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60';
const WITH_ADDITIONS = 'calendar:\n  additionsFile: nyse-2029.json\n';

/** 1-based line and column of `text` in `config`. */
function positionOf(config: string, text: string): string {
  const lines = config.split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return `${line + 1}:${(lines[line] ?? '').indexOf(text) + 1}`;
}

/** 2029 with two holidays: coverage joined up with the built-in calendar's end, 2028-12-31. */
const NYSE_2029 = `{
  "schemaVersion": 1,
  "exchange": "XNYS",
  "sources": [
    {
      "title": "NYSE holidays and trading hours, 2029 (test data)",
      "url": "https://www.nyse.com/markets/hours-calendars",
      "retrievedAt": "2026-12-05",
      "covers": { "from": "2029-01-01", "to": "2029-12-31" }
    }
  ],
  "coverage": { "from": "2029-01-01", "to": "2029-12-31" },
  "holidays": [
    { "date": "2029-01-01", "name": "New Year's Day" },
    { "date": "2029-01-15", "name": "Martin Luther King, Jr. Day" }
  ],
  "earlyCloses": []
}
`;

describe('robo validate: dates outside the calendar', () => {
  it('when generated data starts in 2031 then it exits 2 pointing at data.start', async () => {
    // Arrange
    const config = sampleConfig({ data: generatedFrom('2031-01-05', 5) }) + ZERO_COSTS;
    const file = writeConfig(config);

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`robo.config.yaml:${positionOf(config, '"2031-01-05"')} data.start expected a start inside the XNYS (NYSE) calendar's coverage`);
    expect(result.stderr).toContain('calendar.additionsFile');
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
    expect(result.stdout).toBe('');
  });

  it('when the CSV bars lie in 2031 then it exits 2 pointing at data.path', async () => {
    // Arrange
    const config = sampleConfig({ data: CSV_DATA }) + ZERO_COSTS;
    const bars = 'time,symbol,open,high,low,close,volume\n2031-01-06T09:30:00-05:00,SPY,100,101,99,100,1000\n2031-01-06T09:31:00-05:00,SPY,100,101,99,100,1000\n';
    const file = writeConfig(config, { 'bars.csv': bars });

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`robo.config.yaml:${positionOf(config, './bars.csv')} data.path expected bars inside the XNYS (NYSE) calendar's coverage`);
    expect(result.stderr).toContain('was bars from 2031-01-06 to 2031-01-06');
  });
});

describe('robo start and robo backtest: dates outside the calendar', () => {
  it.each(['start', 'backtest'])('when robo %s is given data in 2031 then it exits 2 before anything runs', async (command) => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generatedFrom('2031-01-05', 5) }) + ZERO_COSTS);

    // Act
    const result = await runRobo([command, file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ data\.start /);
    expect(result.stdout).toBe('');
  });
});

describe('calendar.additionsFile', () => {
  // Still true once the built-in calendar covers 2029: dates both files list the same way are accepted.
  it('when the additions extend the coverage to 2029 then a backtest in 2029 runs and skips the added holiday', async () => {
    // Arrange: Friday 2029-01-12, then the weekend and Monday 2029-01-15 (a holiday) are skipped
    const file = writeConfig(sampleConfig({ data: generatedFrom('2029-01-12', 2) }) + ZERO_COSTS + WITH_ADDITIONS, { 'nyse-2029.json': NYSE_2029 });

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { period: { from: string; to: string }; bars: number };
    expect(summary.period.from).toBe('2029-01-12T09:30:00-05:00');
    expect(summary.period.to).toBe('2029-01-16T16:00:00-05:00');
    expect(summary.bars).toBe(2 * 390);
  });

  it('when the additions file has an impossible date then it exits 2 naming the file, line and column', async () => {
    // Arrange
    const broken = NYSE_2029.replace('"2029-01-15"', '"2029-02-30"');
    const file = writeConfig(sampleConfig({ data: generatedFrom('2029-01-12', 2) }) + ZERO_COSTS + WITH_ADDITIONS, { 'nyse-2029.json': broken });

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`nyse-2029.json:${positionOf(broken, '"2029-02-30"')} holidays[1].date expected a date as yyyy-MM-dd, was "2029-02-30"`);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
    expect(result.stdout).toBe('');
  });

  it('when the additions file does not exist then it exits 2 at calendar.additionsFile', async () => {
    // Arrange
    const config = sampleConfig() + ZERO_COSTS + WITH_ADDITIONS;
    const file = writeConfig(config);

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`robo.config.yaml:${positionOf(config, 'nyse-2029.json')} calendar.additionsFile the calendar additions file`);
    expect(result.stderr).toContain('does not exist');
  });
});
