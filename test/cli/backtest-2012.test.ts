/**
 * Backtests of the past, as a strategy author runs them: CSV bars from November 2012 replay through the
 * same host with that year's calendar (Thanksgiving closed, a 13:00 close the day after), and with fees its
 * sales pay that year's SEC Section 31 and FINRA TAF rates from the built-in history.
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
      lines.push(`${String(t.toISO({ suppressMilliseconds: true }))},SPY,${close},${close},${close},${close},50000`);
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

  it('when the same run charges IBKR fees then it trades too, and its sales pay that year\'s SEC and FINRA rates', async () => {
    // Arrange: 2012-11-21, when the SEC rate was 22.40 per million and the TAF 0.000119 a share (at most 5.95)
    const file = config2012([['2012-11-21', '09:30', '15:59']], 'safety:\n  costs: { plan: ibkr-fixed, rounding: none }\n');

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary & { sections: { costs: { secFee: string; tafFee: string; staleRates: unknown[] } }; notices: string[] };
    expect(summary.fills).toBeGreaterThan(5);
    expect(summary.vetoes).toEqual({});
    expect(Number(summary.sections.costs.secFee)).toBeGreaterThan(0);
    // Each sale is 100 shares: 100 × 0.000119 = 0.0119 of TAF apiece, under the cap.
    const sales = Number(summary.sections.costs.tafFee) / 0.0119;
    expect(Math.abs(sales - Math.round(sales))).toBeLessThan(1e-6);
    expect(summary.notices.filter((n) => n.includes('sec-section-31') || n.includes('finra-taf'))).toEqual([]);
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
