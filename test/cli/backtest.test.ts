/** `robo backtest` as a user runs it: the same host replayed as fast as possible, one JSON object with --json. */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

describe('robo backtest', () => {
  it('when run with --json on the example config then stdout is exactly one JSON object with fills and decimal strings', async () => {
    const result = await runRobo(['backtest', 'robo.config.yaml', '--json']);

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown> & { fills: number; orders: { total: number; filled: number }; endingCash: string };
    expect(summary.fills).toBeGreaterThan(0);
    expect(summary.orders.filled).toBeGreaterThan(0);
    expect(summary.endingCash).toMatch(/^-?\d+\.\d{2}$/);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('when run twice on the same config then the results are identical (deterministic replay)', async () => {
    const file = writeConfig(sampleConfig());

    const [first, second] = await Promise.all([runRobo(['backtest', file, '--json']), runRobo(['backtest', file, '--json'])]);

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(second.stdout));
  });

  it('when the ending equity is reported then it equals starting cash plus net P&L, to the cent', async () => {
    const result = await runRobo(['backtest', 'robo.config.yaml', '--json']);
    const s = JSON.parse(result.stdout) as { startingCash: string; endingEquity: string; netPnl: string; realizedPnl: string; unrealizedPnl: string; costs: string; slippage: string };

    expect(Number(s.startingCash) * 100 + Number(s.netPnl) * 100).toBeCloseTo(Number(s.endingEquity) * 100, 6);
    // Realized and unrealized P&L are at the fill prices, so the slippage part of the costs is already in them.
    expect(Math.round((Number(s.realizedPnl) + Number(s.unrealizedPnl) - (Number(s.costs) - Number(s.slippage))) * 100)).toBe(Math.round(Number(s.netPnl) * 100));
  });

  it('when the data is a CSV file then it replays the file and ends at its last bar', async () => {
    const bars = ['time,symbol,open,high,low,close,volume'];
    for (let i = 0; i < 120; i++) {
      const minute = 30 + i;
      const hh = String(9 + Math.floor(minute / 60)).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      const price = (100 + 5 * Math.sin(i / 8)).toFixed(2);
      bars.push(`2026-03-02T${hh}:${mm}:00-05:00,SPY,${price},${price},${price},${price},10000`);
    }
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': `${bars.join('\n')}\n` });

    const result = await runRobo(['backtest', file, '--json']);

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { bars: number; end: string; fills: number };
    expect(summary.bars).toBe(120);
    expect(summary.end).toBe('end-of-data');
    expect(summary.fills).toBeGreaterThan(0);
  });

  it('when the CSV file is malformed then it exits 2 naming the file and line, and trades nothing', async () => {
    const csv = 'time,symbol,open,high,low,close,volume\n2026-03-02T09:30:00-05:00,SPY,100,101,99,100,1000\n2026-03-02T09:31:00-05:00,SPY,abc,101,99,100,1000\n';
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': csv });

    const result = await runRobo(['backtest', file, '--json']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bars\.csv:3/);
    expect(result.stderr).toContain('ROBO_ERR_DATA_INVALID');
    expect(result.stdout).toBe('');
  });
});
