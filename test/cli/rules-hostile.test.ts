/**
 * A rules strategy written by a hostile author: YAML scalars with escapes and escaped line breaks,
 * exits that turn out not to be distances, and the market's odd days. Each mistake is reported at the
 * characters it is about, and nothing a rule computes can stop the run.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

/** The strategy `hostile` on SPY with these keys, then `more` strategies. */
function rulesConfig(strategy: readonly string[], more: readonly string[] = []): string {
  return [
    'version: 1',
    'account:',
    '  startingCash: 100000',
    'broker:',
    '  kind: sim',
    '  latencyMs: 0',
    'data:',
    '  source: generated',
    '  symbols: [SPY]',
    '  start: "2026-03-02"',
    '  days: 3',
    '  barSeconds: 60',
    '  seed: 7',
    'strategies:',
    '  - id: hostile',
    '    kind: rules',
    '    symbols: [SPY]',
    '    sizing: { quantity: 10 }',
    ...strategy.map((line) => `    ${line}`),
    ...more.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

describe('robo validate on rules written with YAML escapes', () => {
  it('when a double-quoted rule has escapes before a mistake then the mistake is reported at its own column', async () => {
    // Arrange: line 20; `yy` is written at column 34, after `\t` and `\u0020`
    const file = writeConfig(rulesConfig([
      'entry:',
      '  long: "close\\t>\\u00201 and yy > 3"',
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/robo\.config\.yaml:20:34 .*unknown name 'yy'/);
  });

  it('when a double-quoted rule continues after an escaped line break then the mistake is reported on the line it is written on', async () => {
    // Arrange: `vv` is on line 21, column 9, after a line that ends in `\`
    const file = writeConfig(rulesConfig([
      'entry:',
      '  long: "close > 1 and \\',
      '    vv > 2"',
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/robo\.config\.yaml:21:9 .*unknown name 'vv'/);
  });

  it('when a rule or a distance is written as true, a list or a mapping then validate reports each as the wrong type and exits 2, never as an internal error', async () => {
    // Arrange
    const file = writeConfig(rulesConfig([
      'entry: { long: true, short: [1] }',
      'exit: { long: { a: 1 } }',
      'exits: { trailingStop: true }',
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.stderr).not.toMatch(/ROBO_ERR_INTERNAL/);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/:19:\d+ strategies\[0\]\.entry\.long expected string, was boolean/);
    expect(run.stderr).toMatch(/:21:\d+ strategies\[0\]\.exits\.trailingStop/);
  });
});

describe('two strategies on one symbol', () => {
  it('when a second strategy trades a symbol the first trades then validate refuses it at that symbol, since each would close the other\'s position and leave its exits working', async () => {
    // Arrange: the 1m strategy opens brackets on SPY; the 5m one would take that position for its own
    const file = writeConfig(rulesConfig([
      'entry: { long: "close > 1" }',
      'exits: { stopLoss: 5, takeProfit: 1 }',
    ], [
      '- id: slower',
      '  kind: rules',
      '  symbols: [SPY]',
      '  timeframe: 5m',
      '  sizing: { quantity: 10 }',
      '  entry: { long: "close < 0" }',
      '  exit: { long: "close > 0" }',
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert: the second strategy's symbols are on line 23, its SPY at column 15
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/robo\.config\.yaml:23:15 strategies\[1\]\.symbols\[0\] SPY is also traded by strategy hostile, and strategy hostile places exits at the broker/);
  });

  it('when strategies share a symbol but none places exits at the broker then validate lets them: neither can leave an order working against the other\'s position', async () => {
    const strategies = [0, 1].map((i) => `  - { id: cross-${i}, kind: ma-crossover, symbols: [SPY], params: { fast: ${5 + i}, slow: 20 }, sizing: { quantity: 10 } }`).join('\n');
    const run = await runRobo(['validate', writeConfig(sampleConfig({ strategies: `strategies:\n${strategies}` }))]);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('exits that leave nothing to trade', () => {
  it.each([
    ['1d', '10m'],
    ['4h', '10m'],
    ['1m', '390m'],
  ])('when the timeframe is %s and flattenBeforeClose is %s then validate says no bar could ever open a position, and exits 2', async (timeframe, flatten) => {
    // Arrange: a 1d bar ends at the close; a 4h one at 13:30, with the next ending at the close
    const file = writeConfig(rulesConfig([
      `timeframe: ${timeframe}`,
      'entry: { long: "close > 1" }',
      `exits: { flattenBeforeClose: ${flatten} }`,
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/robo\.config\.yaml:21:\d+ strategies\[0\]\.exits\.flattenBeforeClose .*no bar .* could open a position/);
  });

  it('when the timeframe is 2h and flattenBeforeClose leaves the first bar room then validate accepts it', async () => {
    // Arrange: the first bar ends 11:30, 270 minutes before the close; the next would end 150 before it
    const file = writeConfig(rulesConfig(['timeframe: 2h', 'entry: { long: "close > 1" }', 'exits: { flattenBeforeClose: 150m }']));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('preset params', () => {
  function presetConfig(strategy: string): string {
    return rulesConfig([]).replace(/ {2}- id: hostile[\s\S]*$/, `${strategy}\n`);
  }

  it('when a preset\'s params break its schema then only the params are reported, not the rules the preset would write from them', async () => {
    // Arrange
    const file = writeConfig(presetConfig('  - { id: bad, kind: donchian-breakout, symbols: [SPY], params: { entryPeriod: 0, exitPeriod: "x y" }, sizing: { quantity: 1 } }'));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert: two errors, both under params
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/robo: 2 errors/);
    expect(run.stderr).toMatch(/strategies\[0\]\.params\.entryPeriod must be >= 2/);
    expect(run.stderr).toMatch(/strategies\[0\]\.params\.exitPeriod expected integer/);
    expect(run.stderr).not.toMatch(/indicators\.breakout|expected an operator/);
  });

  it('when rsi-reversion would sell below the level it buys at then validate refuses exitAbove, since every position would be sold at the next bar', async () => {
    // Arrange: bought under RSI 40, sold over RSI 20
    const file = writeConfig(presetConfig('  - { id: churn, kind: rsi-reversion, symbols: [SPY], params: { oversold: 40, exitAbove: 20 }, sizing: { quantity: 1 } }'));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/strategies\[0\]\.params\.exitAbove exitAbove 20 must be above oversold 40/);
  });
});

describe('rules that can never act', () => {
  it('when a distance is written as a string that is always zero or negative, or an entry as a condition that is never true, then validate refuses each', async () => {
    // Arrange: the schema takes numbers above 0 only, but these are expressions
    const file = writeConfig(rulesConfig([
      'entry: { long: "1 > 2" }',
      'exits: { stopLoss: "0", takeProfit: "1 - 2" }',
    ]));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/:19:\d+ strategies\[0\]\.entry\.long this condition is never true/);
    expect(run.stderr).toMatch(/:20:\d+ strategies\[0\]\.exits\.stopLoss this distance is always 0/);
    expect(run.stderr).toMatch(/:20:\d+ strategies\[0\]\.exits\.takeProfit this distance is always -1/);
  });

  it('when an entry is the constant true then validate accepts it: it holds at every bar', async () => {
    const run = await runRobo(['validate', writeConfig(rulesConfig(['entry: { long: "true" }', 'exits: { stopLoss: "2 * 0.5" }']))]);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('sizing by risk', () => {
  it('when ma-crossover sizes by riskPercent with no stop in its params.exits then validate refuses it, since every signal would size to zero shares', async () => {
    // Arrange: sizing.stopDistance is read by kind rules and its presets, not by ma-crossover
    const file = writeConfig(rulesConfig([]).replace(/ {2}- id: hostile[\s\S]*$/, '  - { id: cross, kind: ma-crossover, symbols: [SPY], params: { fast: 5, slow: 20 }, sizing: { riskPercent: 1, stopDistance: 2 } }\n'));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/strategies\[0\]\.sizing\.riskPercent .*params\.exits\.stopLoss or params\.exits\.trailingStop/);
  });
});

describe('rebalance on an early close', () => {
  it('when the session closes at 13:00 and the feed has five-minute bars then the rebalance goes at the bar ending 12:55, not into the closed market', async () => {
    // Arrange: 2026-11-27 closes at 13:00; 15:45 is past it
    const file = writeConfig(rulesConfig([])
      .replace('start: "2026-03-02"', 'start: "2026-11-27"').replace('days: 3', 'days: 1').replace('barSeconds: 60', 'barSeconds: 300')
      .replace('symbols: [SPY]\n', 'symbols: [SPY, QQQ]\n')
      .replace(/ {2}- id: hostile[\s\S]*$/, '  - { id: bal, kind: rebalance, symbols: [SPY, QQQ], params: { weights: { SPY: 60, QQQ: 40 }, every: day, at: "15:45" }, sizing: { quantity: 1 } }\n'));

    // Act
    const run = await runRobo(['backtest', file]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/RISK_MARKET_CLOSED/);
    expect(run.stdout).toMatch(/orders +2 \(filled 2,/);
  });
});

describe('rebalance on daily bars', () => {
  it('when the strategy has timeframe 1d then it still rebalances at its time of day, not at the bell where the orders would be vetoed', async () => {
    // Arrange: one-minute bars, a daily timeframe; the schedule is the clock's
    const file = writeConfig(rulesConfig([])
      .replace('days: 3', 'days: 1')
      .replace('symbols: [SPY]\n', 'symbols: [SPY, QQQ]\n')
      .replace(/ {2}- id: hostile[\s\S]*$/, '  - { id: bal, kind: rebalance, symbols: [SPY, QQQ], timeframe: 1d, params: { weights: { SPY: 60, QQQ: 40 }, every: day, at: "15:45" }, sizing: { quantity: 1 } }\n'));

    // Act
    const run = await runRobo(['backtest', file]);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/RISK_MARKET_CLOSED/);
    expect(run.stdout).toMatch(/orders +2 \(filled 2,/);
  });
});
