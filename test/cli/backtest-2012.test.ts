/**
 * Backtests of the past, as a strategy author runs them: CSV bars from November 2012 replay through the
 * same host with that year's calendar (Thanksgiving closed, a 13:00 close the day after). The built-in SEC
 * and FINRA tables do not reach back to 2012 yet, so a run that charges fees is refused before it starts,
 * at the data, instead of trading on fees Robo has no source for.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

const ZONE = 'America/New_York';

/** One-minute SPY bars for each [date, first, last] New York session span, a slow wave so the crossover trades. */
function csv(spans: readonly (readonly [string, string, string])[]): string {
  const lines = ['time,symbol,open,high,low,close,volume'];
  let i = 0;
  for (const [date, first, last] of spans) {
    const end = DateTime.fromISO(`${date}T${last}`, { zone: ZONE });
    for (let t = DateTime.fromISO(`${date}T${first}`, { zone: ZONE }); t <= end; t = t.plus({ minutes: 1 }), i++) {
      const close = (140 + 2 * Math.sin(i / 15)).toFixed(2);
      lines.push(`${t.toISO({ suppressMilliseconds: true })},SPY,${close},${close},${close},${close},50000`);
    }
  }
  return `${lines.join('\n')}\n`;
}

interface Summary {
  readonly fills: number;
  readonly vetoes: Record<string, Record<string, number>>;
}

function config2012(spans: readonly (readonly [string, string, string])[], costs = 'safety:\n  costs: { plan: zero }\n'): string {
  const text = sampleConfig({
    data: 'data:\n  source: csv\n  path: spy-2012.csv\n  barSeconds: 60',
    strategies: 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 3, slow: 8 }\n    sizing: { quantity: 100 }',
  }) + costs;
  return writeConfig(text, { 'spy-2012.csv': csv(spans) });
}

describe('robo backtest of CSV data from 2012', () => {
  it('when the bars run through Thanksgiving week 2012 then it trades on each session the calendar opens', async () => {
    // Arrange: Wednesday 21st full; Thursday 22nd (Thanksgiving) closed; Friday 23rd closes at 13:00; Monday 26th full.
    const file = config2012([['2012-11-21', '09:30', '15:59'], ['2012-11-23', '09:30', '12:59'], ['2012-11-26', '09:30', '15:59']]);

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.fills).toBeGreaterThan(10);
    expect(summary.vetoes).toEqual({});
  });

  it('when the same run charges IBKR fees then it is refused at data.path (exit 2): the SEC table has no 2012 rate to charge', async () => {
    // Arrange
    const file = config2012([['2012-11-21', '09:30', '15:59']], '');

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ data\.path expected a run on or after \d{4}-\d{2}-\d{2}, the first date the sec-section-31 fee table has a rate for, was one from 2012-11-21/);
    expect(result.stdout).toBe('');
  });

  it('when the data has bars after the 13:00 early close of 2012-11-23 then orders signalled there are vetoed: the market was closed', async () => {
    // Arrange: the afternoon of the early-close day, as a careless data export might carry it.
    const file = config2012([['2012-11-23', '13:00', '15:59']]);

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.fills).toBe(0);
    expect(summary.vetoes['robo:risk-limits']?.['RISK_MARKET_CLOSED']).toBeGreaterThan(0);
  });
});
