/**
 * Exits at the broker, as a strategy author sets them in YAML and sees them: `ma-crossover` with `exits`
 * opens each position as a bracket, `robo start` sends it, and `robo journal` shows each leg with its role.
 * The bars (one-minute, SPY, 2 March 2026 from 09:30 New York) rise into an up-cross at 09:33, so the
 * strategy buys at 09:34's open of 102, with its stop 1% under the signal close of 102 (100.98) and its
 * target 2% over it (104.04); at 09:35 the price falls through the stop.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';

const BARS = [
  'time,symbol,open,high,low,close,volume',
  '2026-03-02T09:30:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:31:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:32:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:33:00-05:00,SPY,100,102,100,102,100000',
  '2026-03-02T09:34:00-05:00,SPY,102,102.5,101.6,102,100000',
  '2026-03-02T09:35:00-05:00,SPY,101,101,100,100.5,100000',
  '2026-03-02T09:36:00-05:00,SPY,100.5,100.5,100.5,100.5,100000',
  '',
].join('\n');

/** Up-cross at 09:33 (close 102): bought at 102; the price rises, then a down-cross at 09:38 closes at 103, a higher value than the entry's. */
const RISE_THEN_CROSS_DOWN = [
  'time,symbol,open,high,low,close,volume',
  '2026-03-02T09:30:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:31:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:32:00-05:00,SPY,100,100,100,100,100000',
  '2026-03-02T09:33:00-05:00,SPY,100,102,100,102,100000',
  '2026-03-02T09:34:00-05:00,SPY,102,104,102,104,100000',
  '2026-03-02T09:35:00-05:00,SPY,104,105,104,105,100000',
  '2026-03-02T09:36:00-05:00,SPY,105,105,103.6,103.6,100000',
  '2026-03-02T09:37:00-05:00,SPY,103.6,103.6,103,103,100000',
  '2026-03-02T09:38:00-05:00,SPY,103,103,103,103,100000',
  '',
].join('\n');

/** `safety` is more lines of the config's `safety:` section, indented by two. */
function config(exits: string, safety = ''): string {
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
    '  barSeconds: 60',
    'safety:',
    '  costs: { plan: zero }',
    safety,
    'strategies:',
    '  - id: trend',
    '    kind: ma-crossover',
    '    symbols: [SPY]',
    '    sizing: { quantity: 100 }',
    '    params:',
    '      fast: 2',
    '      slow: 3',
    `      exits: ${exits}`,
    '',
  ].join('\n');
}

const FAST = ['--bars-per-second', '100000'];

interface JournalOrder {
  readonly id: number;
  readonly type: string;
  readonly side: string;
  readonly state: string;
  readonly filled: string;
  readonly averagePrice?: string;
  readonly stopPrice?: string;
  readonly limitPrice?: string;
  readonly tif?: string;
  readonly bracket?: string;
  readonly role?: string;
}

async function journalOrders(file: string): Promise<JournalOrder[]> {
  const journal = await runRobo(['journal', file, '--json']);
  expect(journal.code, journal.stderr).toBe(0);
  return (JSON.parse(journal.stdout) as { orders: JournalOrder[] }).orders;
}

describe('exits at the broker, from the YAML', () => {
  it('when ma-crossover has a stop loss and a take profit then each entry is a bracket, and the stop that fills cancels the target', async () => {
    // Arrange
    const file = writeConfig(config('{ stopLoss: { percent: 1 }, takeProfit: { percent: 2 } }'), { 'bars.csv': BARS });

    // Act
    const run = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    const orders = await journalOrders(file);
    expect(orders.map((o) => [o.role, o.type, o.side, o.state, o.filled, o.averagePrice ?? o.stopPrice ?? o.limitPrice])).toEqual([
      ['entry', 'MKT', 'BUY', 'filled', '100', '102'],
      ['take-profit', 'LMT', 'SELL', 'cancelled', '0', '104.04'],
      ['stop-loss', 'STP', 'SELL', 'filled', '100', '100.98'],
    ]);
    expect(new Set(orders.map((o) => o.bracket)).size).toBe(1);
    expect(orders.slice(1).map((o) => o.tif)).toEqual(['GTC', 'GTC']);
  });

  it('when ma-crossover has a trailing stop then the bracket\'s stop loss is a TRAIL order', async () => {
    // Arrange
    const file = writeConfig(config('{ trailingStop: { amount: 0.5 } }'), { 'bars.csv': BARS });

    // Act
    const run = await runRobo(['start', file, ...FAST]);

    // Assert: the trail starts at the entry's 102 (stop 101.50), the 09:34 high of 102.5 raises it to 102, and 09:35 opens below it at 101
    expect(run.code, run.stderr).toBe(0);
    const orders = await journalOrders(file);
    expect(orders.map((o) => [o.role, o.type, o.state, o.averagePrice])).toEqual([
      ['entry', 'MKT', 'filled', '102'],
      ['stop-loss', 'TRAIL', 'filled', '101'],
    ]);
  });

  it('when the position is worth more than the per-order limit at the cross back then the closing order still passes: an order that only reduces cannot be a fat finger', async () => {
    // Arrange: bought 100 at 102 (10,200, under the 10,250 limit); the close at 103 is worth 10,300
    const file = writeConfig(config('{ stopLoss: { percent: 5 } }', '  riskLimits: { maxOrderNotional: 10250 }'), { 'bars.csv': RISE_THEN_CROSS_DOWN });

    // Act
    const run = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    const orders = await journalOrders(file);
    expect(orders.map((o) => [o.role ?? 'close', o.type, o.side, o.state])).toEqual([
      ['entry', 'MKT', 'BUY', 'filled'],
      ['stop-loss', 'STP', 'SELL', 'cancelled'],
      ['close', 'MKT', 'SELL', 'filled'],
    ]);
  });

  it('when the close at the cross back is refused then the exits cancelled for it are placed again: the position is never left without its stop', async () => {
    // Arrange: bought 100 at 102; the fall to 91 is a day's loss of 1,100, over 1% of 100,000: HALTED, so the close is refused
    const falling = [
      ...RISE_THEN_CROSS_DOWN.split('\n').slice(0, 5),
      '2026-03-02T09:34:00-05:00,SPY,102,102,100,100,100000',
      '2026-03-02T09:35:00-05:00,SPY,100,100,91,91,100000',
      '2026-03-02T09:36:00-05:00,SPY,91,91,80,80,100000',
      '',
    ].join('\n');
    const file = writeConfig(config('{ stopLoss: { percent: 20 } }', '  riskLimits: { priceCollarPercent: 30 }\n  circuitBreaker: { dailyLossPercent: 1, reducingAtShareOfDailyLoss: 1 }'), { 'bars.csv': falling });

    // Act
    const run = await runRobo(['start', file, ...FAST]);

    // Assert: the stop 20% under 102 (81.60) is placed again and fills as the price falls through it
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('BREAKER_HALTED');
    expect(run.stdout).toMatch(/the close of SPY was refused \(trading is halted since .*\): its stop-loss is placed again as order 3/);
    const orders = await journalOrders(file);
    expect(orders.map((o) => [o.id, o.role ?? 'kept', o.type, o.state, o.averagePrice ?? o.stopPrice])).toEqual([
      [1, 'entry', 'MKT', 'filled', '102'],
      [2, 'stop-loss', 'STP', 'cancelled', '81.6'],
      [3, 'kept', 'STP', 'filled', '81.6'],
    ]);
  });

  it('when the cross back comes after the close, when no close may be sent, then the stop is still placed again: it waits at the broker for the next session', async () => {
    // Arrange: bought 100 at 102 in the morning; the cross back is on a 16:05 bar, outside the regular hours the config trades
    const late = [...RISE_THEN_CROSS_DOWN.split('\n').slice(0, 7), '2026-03-02T16:05:00-05:00,SPY,95,95,95,95,100000', ''].join('\n');
    const file = writeConfig(config('{ stopLoss: { percent: 10 } }', '  riskLimits: { priceCollarPercent: 30 }'), { 'bars.csv': late });

    // Act
    const run = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('RISK_MARKET_CLOSED');
    expect(run.stdout).toMatch(/the close of SPY was refused \(the market is closed at .*\): its stop-loss is placed again as order 3/);
    expect(run.stdout).not.toContain('the position is without it');
  });

  it.each([
    ['both a stop loss and a trailing stop', '{ stopLoss: { percent: 1 }, trailingStop: { percent: 1 } }', /not both/],
    ['no exit at all', '{ timeInForce: GTC }', /at least one of stopLoss, trailingStop and takeProfit/],
    ['a distance with both a percent and an amount', '{ stopLoss: { percent: 1, amount: 1 } }', /stopLoss/],
  ])('when exits have %s then robo validate refuses the config and nothing trades', async (_what, exits, message) => {
    // Arrange
    const file = writeConfig(config(exits), { 'bars.csv': BARS });

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
