/**
 * A rules strategy trading as its author sees it through the CLI, on hand-made bars (one-minute unless
 * said, SPY, New York time): entries wait for the indicators (warm-up), stops and targets go to the broker
 * as a bracket, positions are flattened before the close, and a daily bar's signal — taken as the market
 * closes — is traded at the next session's first bar.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';

/** CSV rows `[HH:MM, open, high, low, close]` on `date`, New York time (EST in March before the 8th). */
function csv(rows: readonly (readonly [string, number, number, number, number])[], date = '2026-03-02', offset = '-05:00'): string {
  return rows.map(([time, o, h, l, c]) => `${date}T${time}:00${offset},SPY,${o},${h},${l},${c},100000`).join('\n');
}

const HEADER = 'time,symbol,open,high,low,close,volume';

function config(strategy: string, barSeconds = 60): string {
  return [
    'version: 1',
    'account:',
    '  startingCash: 100000',
    'broker:',
    '  kind: sim',
    '  latencyMs: 0',
    '  fillModel:',
    '    slippage: { model: none }',
    'data:',
    '  source: csv',
    '  path: ./bars.csv',
    `  barSeconds: ${barSeconds}`,
    'safety:',
    '  costs: { plan: zero }',
    'strategies:',
    '  - id: rules',
    '    kind: rules',
    '    symbols: [SPY]',
    '    sizing: { quantity: 100 }',
    ...strategy.split('\n').map((line) => `    ${line}`),
    '',
  ].join('\n');
}

interface JournalOrder {
  readonly type: string;
  readonly side: string;
  readonly state: string;
  readonly filled: string;
  readonly averagePrice?: string;
  readonly stopPrice?: string;
  readonly limitPrice?: string;
  readonly role?: string;
}

async function journal(file: string): Promise<{ orders: JournalOrder[]; executions: { time: string; side: string; price: string }[] }> {
  const run = await runRobo(['journal', file, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { orders: JournalOrder[]; executions: { time: string; side: string; price: string }[] };
}

async function start(file: string): Promise<void> {
  const run = await runRobo(['start', file, '--bars-per-second', '100000']);
  expect(run.code, run.stderr).toBe(0);
}

describe('a rules strategy through the CLI', () => {
  it('when its entry holds then the position opens as a bracket whose stop and target work at the broker', async () => {
    // Arrange: the 3-bar average is first known at 09:32 (100); 09:33 closes at 102 above it; bought at 09:34's open
    const bars = csv([
      ['09:30', 100, 100, 100, 100], ['09:31', 100, 100, 100, 100], ['09:32', 100, 100, 100, 100],
      ['09:33', 100, 102, 100, 102], ['09:34', 102, 102.5, 101.6, 102], ['09:35', 101.5, 101.5, 100, 100.5],
    ]);
    const file = writeConfig(config([
      'indicators: { trend: { sma: { period: 3 } } }',
      'entry: { long: "close > trend" }',
      'exits: { stopLoss: 1, takeProfit: "2 * 1" }',
    ].join('\n')), { 'bars.csv': `${HEADER}\n${bars}\n` });

    // Act
    await start(file);

    // Assert: stop 1 under the signal close of 102 (101), target 2 over it (104); 09:35 opens at 101.5, falls through 101
    const { orders } = await journal(file);
    expect(orders.map((o) => [o.role, o.type, o.side, o.state, o.averagePrice ?? o.stopPrice ?? o.limitPrice])).toEqual([
      ['entry', 'MKT', 'BUY', 'filled', '102'],
      ['take-profit', 'LMT', 'SELL', 'cancelled', '104'],
      ['stop-loss', 'STP', 'SELL', 'filled', '101'],
    ]);
  });

  it('when an indicator needs five bars then no order is sent before the fifth, even if the entry always holds', async () => {
    // Arrange
    const rows = ['09:30', '09:31', '09:32', '09:33', '09:34', '09:35', '09:36'].map((t) => [t, 100, 100, 100, 100] as const);
    const file = writeConfig(config([
      'indicators: { slow: { sma: { period: 5 } } }',
      'entry: { long: "true" }',
    ].join('\n')), { 'bars.csv': `${HEADER}\n${csv(rows)}\n` });

    // Act
    await start(file);

    // Assert: sent at the close of 09:34 (the fifth bar), filled at 09:35's open
    const { executions } = await journal(file);
    expect(executions.map((e) => [e.side, e.time])).toEqual([['BUY', '2026-03-02T09:35:00-05:00']]);
  });

  it('when flattenBeforeClose is 10m then the position is closed at 15:50, its stop cancelled first, and nothing opens after', async () => {
    // Arrange: 15:45 to 15:59; the entry holds on every bar
    const rows = Array.from({ length: 15 }, (_, i) => [`15:${String(45 + i)}`, 100, 100, 100, 100] as const);
    const file = writeConfig(config([
      'entry: { long: "true" }',
      'exits: { stopLoss: 5, flattenBeforeClose: 10m }',
    ].join('\n')), { 'bars.csv': `${HEADER}\n${csv(rows)}\n` });

    // Act
    await start(file);

    // Assert
    const { orders, executions } = await journal(file);
    expect(orders.map((o) => [o.role ?? 'close', o.type, o.side, o.state])).toEqual([
      ['entry', 'MKT', 'BUY', 'filled'],
      ['stop-loss', 'STP', 'SELL', 'cancelled'],
      ['close', 'MKT', 'SELL', 'filled'],
    ]);
    expect(executions.map((e) => e.time)).toEqual(['2026-03-02T15:46:00-05:00', '2026-03-02T15:50:00-05:00']);
  });

  it('when flattenBeforeClose is shorter than the timeframe then the position is closed at the last bar before the window, not at the bell', async () => {
    // Arrange: 30-minute bars built from one-minute bars 14:30 to 15:59; the window 15:30–16:00 would end at the close
    const rows = Array.from({ length: 90 }, (_, i) => [`${String(14 + Math.floor((30 + i) / 60))}:${String((30 + i) % 60).padStart(2, '0')}`, 100, 100, 100, 100] as const);
    const file = writeConfig(config([
      'timeframe: 30m',
      'entry: { long: "true" }',
      'exits: { flattenBeforeClose: 15m }',
    ].join('\n')), { 'bars.csv': `${HEADER}\n${csv(rows)}\n` });

    // Act
    await start(file);

    // Assert: bought at the close of the 14:30 window (filled 15:00), sold at the close of the 15:00 window (filled 15:30)
    const { executions } = await journal(file);
    expect(executions.map((e) => [e.side, e.time])).toEqual([['BUY', '2026-03-02T15:00:00-05:00'], ['SELL', '2026-03-02T15:30:00-05:00']]);
  });

  it('when the feed has pre-market bars and the strategy no timeframe then nothing is sent before the open, and the entry goes at the first bar of the session', async () => {
    // Arrange: 09:25 to 09:33; the entry holds on every bar, the pre-market ones too
    const rows = ['09:25', '09:26', '09:27', '09:28', '09:29', '09:30', '09:31', '09:32', '09:33'].map((t) => [t, 100, 100, 100, 100] as const);
    const file = writeConfig(config('entry: { long: "true" }\nexits: { stopLoss: 1 }'), { 'bars.csv': `${HEADER}\n${csv(rows)}\n` });

    // Act
    const run = await runRobo(['start', file, '--bars-per-second', '100000']);

    // Assert: no order into the closed market (each one vetoed); bought once, at 09:31's open
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/RISK_MARKET_CLOSED/);
    const { executions } = await journal(file);
    expect(executions.map((e) => [e.side, e.time])).toEqual([['BUY', '2026-03-02T09:31:00-05:00']]);
  });

  it('when the stop distance is larger than the price then the entry is skipped and said, never sent to be vetoed at every bar', async () => {
    // Arrange: closes of 100 and a stop 200 below them
    const rows = ['09:30', '09:31', '09:32', '09:33'].map((t) => [t, 100, 100, 100, 100] as const);
    const file = writeConfig(config('entry: { long: "true" }\nexits: { stopLoss: "200" }'), { 'bars.csv': `${HEADER}\n${csv(rows)}\n` });

    // Act
    const run = await runRobo(['start', file, '--bars-per-second', '100000']);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/vetoed by/);
    expect(run.stdout).toMatch(/entry long on SPY skipped: its stop loss would be at -100, not a positive price/);
  });

  it('when a daily strategy signals at the close then its entry is sent at the next session\'s first bar, never into the closed market', async () => {
    // Arrange: quarter-hour feed bars; 2 March closes up (open 100, close 103); 3 March trades flat at 103
    const day = (date: string, from: number, to: number): string => csv(Array.from({ length: 26 }, (_, i) => {
      const minutes = 9 * 60 + 30 + 15 * i;
      const price = from + ((to - from) * (i + 1)) / 26;
      const open = from + ((to - from) * i) / 26;
      return [`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`, round(open), round(Math.max(open, price)), round(Math.min(open, price)), round(price)] as const;
    }), date);
    const file = writeConfig(config([
      'timeframe: 1d',
      'entry: { long: "close > open" }',
    ].join('\n'), 900), { 'bars.csv': `${HEADER}\n${day('2026-03-02', 100, 103)}\n${day('2026-03-03', 103, 103)}\n` });

    // Act
    await start(file);

    // Assert: sent at the close of 3 March's 09:30 bar, filled at the open of its 09:45 bar
    const { executions } = await journal(file);
    expect(executions.map((e) => [e.side, e.time])).toEqual([['BUY', '2026-03-03T09:45:00-05:00']]);
  });
});

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
