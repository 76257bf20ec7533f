/** What a compiled expression computes: precedence, the not-ready rule, history, literals and functions. */
import { describe, expect, it } from 'vitest';
import { checkExpression, compileExpression } from '../../../../strategies/rules/expr/index.js';
import { compile, fakeEnvironment, NAMES, run, valueOf } from './fake-environment.js';

describe('precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['-2 * 3', -6],
    ['- -2', 2],
    ['2 - -3', 5],
    ['-close[1] + 1', -9],
    ['1e3 + 0.5', 1000.5],
  ])('when %s is computed then it is %d', (text, expected) => {
    // Act
    const value = run(text, 'number', { close: [10, 99] }, 2)[1];

    // Assert
    expect(value).toBe(expected);
  });

  it.each([
    // `or` binds loosest, then `and`, then `not`, then comparisons.
    ['1 > 2 and 1 > 2 or 2 > 1', true],
    ['2 > 1 or 2 > 1 and 1 > 2', true],
    ['not 1 > 2 and 2 > 1', true],
    ['not (2 > 1 and 1 > 2)', true],
    ['not 2 > 1 or 2 > 1', true],
    ['1 + 1 == 2', true],
    ['2 * 3 > 5 and -1 < 0', true],
  ])('when %s is computed then it is %s', (text, expected) => {
    // Assert
    expect(valueOf(text, 'condition')).toBe(expected);
  });
});

describe('comparisons', () => {
  it.each([
    ['close < 10', false],
    ['close <= 10', true],
    ['close > 10', false],
    ['close >= 10', true],
    ['close == 10', true],
    ['close != 10', false],
    ['(close > 5) == (close < 20)', true],
    ['(close > 5) != true', false],
  ])('when close is 10 and %s is computed then it is %s', (text, expected) => {
    // Assert
    expect(valueOf(text, 'condition', { close: 10 })).toBe(expected);
  });
});

describe('the not-ready rule', () => {
  it('when rsi is not ready then arithmetic on it is NaN and comparisons with it are undefined', () => {
    // Assert
    expect(valueOf('rsi * 2 + 1', 'number')).toBeNaN();
    expect(valueOf('rsi < 30', 'condition')).toBeUndefined();
    expect(valueOf('rsi == rsi', 'condition')).toBeUndefined();
  });

  it('when rsi is not ready then not (rsi > 30) is not true either', () => {
    // Assert
    expect(valueOf('not (rsi > 30)', 'condition')).toBeUndefined();
  });

  // T = true, F = false, U = undefined (not ready): 1 > 0, 0 > 1, rsi > 0 with rsi not ready.
  const operand = { T: '1 > 0', F: '0 > 1', U: 'rsi > 0' } as const;
  const truth = { T: true, F: false, U: undefined } as const;
  it.each([
    ['T', 'T', 'T', 'T'],
    ['T', 'F', 'F', 'T'],
    ['T', 'U', 'U', 'T'],
    ['F', 'T', 'F', 'T'],
    ['F', 'F', 'F', 'F'],
    ['F', 'U', 'F', 'U'],
    ['U', 'T', 'U', 'T'],
    ['U', 'F', 'F', 'U'],
    ['U', 'U', 'U', 'U'],
  ] as const)('when a is %s and b is %s then a and b is %s and a or b is %s', (a, b, and, or) => {
    // Act
    const both = valueOf(`${operand[a]} and ${operand[b]}`, 'condition');
    const either = valueOf(`${operand[a]} or ${operand[b]}`, 'condition');

    // Assert
    expect([both, either]).toEqual([truth[and], truth[or]]);
  });

  it.each([
    ['T', 'F'],
    ['F', 'T'],
    ['U', 'U'],
  ] as const)('when a is %s then not a is %s', (a, expected) => {
    // Assert
    expect(valueOf(`not ${operand[a]}`, 'condition')).toBe(truth[expected]);
  });

  it.each([['close / 0'], ['0 / 0'], ['-close / (close - close)']])('when %s divides by zero then it is NaN, never Infinity', (text) => {
    // Assert
    expect(valueOf(text, 'number', { close: 5 })).toBeNaN();
  });

  it('when a condition state is NaN, 0 or 2 then it reads undefined, false and true', () => {
    // Assert
    expect(run('in_session', 'condition', { in_session: [NaN, 0, 2] }, 3)).toEqual([undefined, false, true]);
  });
});

describe('history', () => {
  it('when close[2] is read on each bar then it is the close two bars back, NaN before there are three bars', () => {
    // Assert
    expect(run('close[2]', 'number', { close: [1, 2, 3, 4] }, 4)).toEqual([NaN, NaN, 1, 2]);
  });

  it('when an output is read back then it reads that output', () => {
    // Assert
    expect(run('macd.signal[1] - macd', 'number', { macd: [5, 6], 'macd.signal': [1, 2] }, 2)).toEqual([NaN, -5]);
  });

  it('when close[0] is read then it is close', () => {
    // Assert
    expect(run('close[0] == close', 'condition', { close: [3] }, 1)).toEqual([true]);
  });

  it('when an expression reads series back then its lookback holds the deepest read per series, crosses_* adding one bar', () => {
    // Act
    const result = checkExpression('close[3] > close and crosses_above(macd.signal[2], rsi) and position > 0 and bb.upper > 1', 'condition', NAMES);

    // Assert
    expect('expression' in result && Object.fromEntries(result.expression.lookback)).toEqual({
      close: 3,
      'macd.signal': 3,
      rsi: 1,
      'bb.upper': 0,
    });
  });
});

describe('literals and functions', () => {
  it.each([
    ['15:45', 945],
    ['9:30', 570],
    ['00:00', 0],
    ['monday', 1],
    ['friday', 5],
    ['sunday', 7],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(close, 2)', 2],
    ['abs(-2.5)', 2.5],
    ['max(close, rsi)', NaN],
  ])('when %s is computed then it is %d', (text, expected) => {
    // Assert
    expect(valueOf(text, 'number', { close: 4 })).toBe(expected);
  });

  it('when time_of_day is 15:50 and weekday is friday then a rule on both holds', () => {
    // Assert
    expect(valueOf('time_of_day >= 15:45 and weekday == friday', 'condition', { time_of_day: 950, weekday: 5 })).toBe(true);
  });

  it('when true and false are read then they are conditions', () => {
    // Assert
    expect([valueOf('true', 'condition'), valueOf('false or true', 'condition'), valueOf('not true', 'condition')]).toEqual([true, true, false]);
  });
});

describe('names', () => {
  it('when a strategy names an indicator like a function then the bare name reads the indicator and a call calls the function', () => {
    // Arrange
    const names = new Map([...NAMES, ['max', { type: 'number', series: true, description: 'the highest high of 20 bars' }] as const]);
    const result = checkExpression('max(max, 1)', 'number', names);
    if ('problems' in result) throw new Error(JSON.stringify(result.problems));

    // Act
    const value = compileExpression(result.expression, fakeEnvironment({ max: [5] }))();

    // Assert
    expect(value).toBe(5);
  });
});

describe('binding', () => {
  it('when an expression is compiled then each series and state is bound once, however often it is read, and none while it runs', () => {
    // Arrange
    const env = fakeEnvironment({ close: [1, 2, 3], trend: [2, 2, 2] });
    const evaluate = compile('close > trend and close[1] < trend and position == 0', 'condition', env);
    const bound = new Map(env.bound);

    // Act
    for (let bar = 0; bar < 3; bar++) {
      env.at(bar);
      evaluate();
    }

    // Assert
    expect(env.bound).toEqual(bound);
    expect(Object.fromEntries(bound)).toEqual({ close: 1, trend: 1, position: 1 });
  });
});
