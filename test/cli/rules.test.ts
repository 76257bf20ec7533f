/**
 * A strategy written in YAML, as its author runs it: `robo validate` finds every mistake in the rules at
 * once, each at the line and column inside the rule's string, and nothing trades; a rules strategy with a
 * stop and a target opens each position as a bracket whose exits work at the broker.
 */
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';

function rulesConfig(strategy: string, data = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 3\n  barSeconds: 60\n  seed: 7'): string {
  return [
    'version: 1',
    'account:',
    '  startingCash: 100000',
    'broker:',
    '  kind: sim',
    '  latencyMs: 0',
    data,
    'strategies:',
    strategy,
    '',
  ].join('\n');
}

const PULLBACK = [
  '  - id: pullback',
  '    kind: rules',
  '    symbols: [SPY]',
  '    indicators:',
  '      rsi: { rsi: { period: 14 } }',
  '      trend: { sma: { period: 50 } }',
  '    entry: { long: "rsi < 40 and close > trend" }',
  '    exit: { long: "rsi > 55 or bars_in_trade >= 30" }',
  '    sizing: { quantity: 10 }',
].join('\n');

describe('robo validate on rules', () => {
  it('when the rules are valid then validate passes', async () => {
    const file = writeConfig(rulesConfig(PULLBACK));
    const run = await runRobo(['validate', file]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('when rules have a typo\'d indicator, a missing operand, a wrong argument count and a number as a condition then each is reported inside its string, all at once, and exit is 2', async () => {
    // Arrange: entry is on line 21 of the file; the text of entry.long starts at column 21, after its quote
    const strategy = [
      '  - id: broken',
      '    kind: rules',
      '    symbols: [SPY]',
      '    indicators:',
      '      rsi: { rsi: { period: 14 } }',
      '      trend: { sma: { period: 50 } }',
      '    entry: { long: "rsx < 30 and close > trend", short: "rsi <" }',
      '    exit:',
      '      long: "crosses_above(close)"',
      '      short: "close"',
      '    sizing: { quantity: 10 }',
    ].join('\n');
    const file = writeConfig(rulesConfig(strategy));

    // Act
    const run = await runRobo(['validate', file]);

    // Assert
    expect(run.code).toBe(2);
    const out = run.stderr;
    expect(out).toMatch(/robo\.config\.yaml:21:21 .*rsx.*did you mean "?rsi"?/);
    expect(out).toMatch(/robo\.config\.yaml:21:6\d .*entry\.short/);
    expect(out).toMatch(/robo\.config\.yaml:23:\d+ .*crosses_above takes 2 arguments/);
    expect(out).toMatch(/robo\.config\.yaml:24:\d+ .*exit\.short/);
  });

  it('when the mistake is deep in a long rule then the hint shows the part around it, underlined, on a line a person reads', async () => {
    const long = `${'close > 1 and '.repeat(30)}rsx < 30`;
    const file = writeConfig(rulesConfig(PULLBACK.replace('rsi < 40 and close > trend', long)));
    const run = await runRobo(['validate', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    const hint = lines.findIndex((line) => line.startsWith('  -> …'));
    expect(lines[hint]).toMatch(/and rsx < 30"?$/);
    expect(lines[hint]!.length).toBeLessThan(100);
    expect(lines[hint + 1]!.indexOf('^^^')).toBe(lines[hint]!.indexOf('rsx'));
  });

  it('when an indicator is unknown then its name is reported with a guess', async () => {
    const file = writeConfig(rulesConfig(PULLBACK.replace('sma: { period: 50 }', 'smaa: { period: 50 }')));
    const run = await runRobo(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown indicator "smaa"; did you mean "sma"\?/);
  });

  it('when a kind that does not read rules is given indicators then validate says which kinds do', async () => {
    const strategy = '  - id: cross\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 5, slow: 20 }\n    indicators: { rsi: { rsi: {} } }\n    sizing: { quantity: 10 }';
    const run = await runRobo(['validate', writeConfig(rulesConfig(strategy))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not read indicators; kinds that do: rules/);
  });

  it('when start is given bad rules then nothing trades and the exit is 2', async () => {
    const file = writeConfig(rulesConfig(PULLBACK.replace('rsi < 40', 'rsi <')));
    const run = await runRobo(['start', file, '--bars-per-second', '100000']);
    expect(run.code).toBe(2);
    expect(run.stdout).not.toMatch(/"msg":"order/);
  });
});
