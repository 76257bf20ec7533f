/** What checkExpression reports: one syntax problem where the text stops making sense, or every name and type problem, each at its node. */
import { describe, expect, it } from 'vitest';
import { checkExpression, compileExpression, type ExprProblem, type ValueType } from '../../../../strategies/rules/expr/index.js';
import { isRoboError } from '../../../../core/domain/errors.js';
import { fakeEnvironment, NAMES } from './fake-environment.js';

const problemsOf = (text: string, expected: ValueType = 'condition'): ExprProblem[] => {
  const result = checkExpression(text, expected, NAMES);
  return 'problems' in result ? result.problems : [];
};

describe('syntax problems', () => {
  it.each([
    ['rsi <', 5, 5, "expected a number, a name or '(' after '<', but the expression ends there"],
    ['(close > 1', 10, 10, "unclosed '(': expected ')'"],
    ['close[1 > 0', 11, 11, "unclosed '[': expected ']'"],
    ['(close > 1 rsi', 11, 14, "expected an operator such as and, or, <, + or ')' after '1', found 'rsi'"],
    ['close >> 1', 7, 8, "expected a number, a name or '(' after '>', found '>'"],
    ['rsi 30', 4, 6, "expected an operator such as and, or, <, + after 'rsi', found '30'"],
    ['rsi > 30 and', 12, 12, "expected a number, a name or '(' after 'and', but the expression ends there"],
    ['(close > 1))', 11, 12, "')' closes nothing: there is no '(' before it"],
    ['rsi < 30 AND close > 1', 9, 12, "write 'and' in lowercase"],
    ['macd. > 1', 6, 7, "expected an output name after 'macd.', found '>'"],
    ['close > 1e', 8, 10, "'1e' is not a number; write numbers as 30, 0.5 or 1e3"],
    ['close > 1.', 8, 10, "'1.' is not a number; write numbers as 30, 0.5 or 1e3"],
    ['close > .5', 8, 10, "'.5' is not a number; write numbers as 30, 0.5 or 1e3"],
    ['close > 2x', 8, 10, "'2x' is not a number; write numbers as 30, 0.5 or 1e3"],
    ['time_of_day > 15:4', 14, 18, "'15:4' is no time of day; write hours:minutes, as in 9:30 or 15:45"],
    ['time_of_day > 9:30:00', 14, 21, "'9:30:00' is no time of day; write hours:minutes, as in 9:30 or 15:45"],
    ['rsi < 30 & close > 1', 9, 10, "use 'and' instead of '&'"],
    ['close > 30%', 10, 11, "expected an operator such as and, or, <, + after '30', found '%'"],
    ['', 0, 0, 'the expression is empty; write a condition such as close > 100'],
  ])('when the text is %j then one problem at %d-%d says %j', (text, start, end, message) => {
    // Assert
    expect(problemsOf(text)).toEqual([{ start, end, message }]);
  });

  it('when an empty number expression is checked then the example is a number', () => {
    // Assert
    expect(problemsOf('  ', 'number')).toEqual([{ start: 0, end: 2, message: 'the expression is empty; write a number such as 2 * atr' }]);
  });
});

describe('operators from other languages', () => {
  it.each([
    ['rsi < 30 && close > 1', 9, 11, "use 'and' instead of '&&'"],
    ['rsi < 30 || close > 1', 9, 11, "use 'or' instead of '||'"],
    ['!(rsi < 30)', 0, 1, "use 'not' instead of '!'"],
    ['rsi = 30', 4, 5, "use '==' to compare; '=' is not an operator here"],
  ])('when the text is %j then the operator at %d-%d is named: %j', (text, start, end, message) => {
    // Assert
    expect(problemsOf(text)).toEqual([{ start, end, message }]);
  });

  it('when comparisons are chained then the whole chain is refused with how to write it', () => {
    // Assert
    expect(problemsOf('10 < rsi < 30')).toEqual([{ start: 0, end: 13, message: 'comparisons cannot be chained; write 10 < rsi and rsi < 30' }]);
  });
});

describe('name problems', () => {
  it.each([
    ['rsii < 30', 0, 4, "unknown name 'rsii'; did you mean rsi?"],
    ['close > trnd', 8, 12, "unknown name 'trnd'; did you mean trend?"],
    ['weekday == fridya', 11, 17, "unknown name 'fridya'; did you mean friday?"],
    ['macd.sigal > 0', 5, 10, "macd has no output 'sigal'; did you mean signal? Its outputs are signal, histogram"],
    ['rsi.value > 0', 4, 9, 'rsi has no outputs; read it as rsi'],
    ['crosses_abov(close, trend)', 0, 12, "unknown function 'crosses_abov'; did you mean crosses_above?"],
    ['rsi(14) > 30', 0, 3, 'rsi is not a function; read it as rsi'],
    ['abs > 1', 0, 3, 'abs is a function; call it as abs(x)'],
  ])('when the text is %j then the problem at %d-%d says %j', (text, start, end, message) => {
    // Assert
    expect(problemsOf(text)).toEqual([{ start, end, message }]);
  });

  it('when a name is far from every known one then the names in scope are listed', () => {
    // Assert
    expect(problemsOf('zzz > 1')[0]?.message).toBe(
      "unknown name 'zzz'; the names here are atr, bars_in_trade, bb, close, high, in_session, low, macd, open, position, rsi, time_of_day, trend, volume, weekday",
    );
  });
});

describe('history problems', () => {
  it.each([
    ['position[1] > 0', 0, 11, 'position is not a series and has no history; only bar fields and indicators can be read back, such as close[1]'],
    ['close[1.5] > 0', 6, 9, 'bars back must be a whole number from 0 to 5000, such as close[1]'],
    ['close[5001] > 0', 6, 10, 'bars back must be a whole number from 0 to 5000, such as close[1]'],
    ['close[-1] > 0', 6, 8, 'bars back must be a whole number from 0 to 5000, such as close[1]'],
    ['close[rsi] > 0', 6, 9, 'bars back must be a whole number from 0 to 5000, such as close[1]'],
    ['(close + 1)[1] > 0', 0, 14, "only a series name can be read back in time, such as close[1] or macd.signal[2]; '(close + 1)' is not one"],
    ['close[1][2] > 0', 0, 11, "only a series name can be read back in time, such as close[1] or macd.signal[2]; 'close[1]' is not one"],
  ])('when the text is %j then the problem at %d-%d says %j', (text, start, end, message) => {
    // Assert
    expect(problemsOf(text)).toEqual([{ start, end, message }]);
  });

  it('when close[5000] is read then it checks', () => {
    // Assert
    expect(problemsOf('close[5000] > 0')).toEqual([]);
  });
});

describe('type problems', () => {
  it.each([
    ['close', 'condition', 0, 5, 'this is a number; a rule needs a condition such as close > 100'],
    ['rsi > 30', 'number', 0, 8, 'this is a condition (true or false); a number is needed here, such as 2 * atr'],
    ['(rsi < 30) + 1 > 0', 'condition', 0, 10, "this is a condition (true or false); '+' needs a number on each side"],
    ['-(rsi < 30) > 0', 'condition', 1, 11, "this is a condition (true or false); '-' needs a number"],
    ['rsi and close > 1', 'condition', 0, 3, "this is a number; 'and' needs a condition on each side, such as close > 100"],
    ['not rsi', 'condition', 4, 7, "this is a number; 'not' needs a condition, such as not (close > 100)"],
    ['true < 1', 'condition', 0, 4, "this is a condition (true or false); '<' compares numbers, such as close > 100"],
    ['(rsi > 1) == 1', 'condition', 0, 14, "'==' compares a number with a number or a condition with a condition; here one side is a number, the other a condition"],
    ['crosses_above(close)', 'condition', 0, 20, 'crosses_above takes 2 arguments (a, b), was given 1'],
    ['abs(1, 2) > 0', 'condition', 0, 9, 'abs takes 1 argument (x), was given 2'],
    ['min(close) > 0', 'condition', 0, 10, 'min takes 2 or more arguments (a, b, ...), was given 1'],
    ['crosses_above(close > 1, trend)', 'condition', 14, 23, "this is a condition (true or false); crosses_above's argument a must be a number"],
    ['25:00 > time_of_day', 'condition', 0, 5, '25:00 is no time of day: hours go from 0 to 23, minutes from 00 to 59'],
    ['close > 1e999', 'condition', 8, 13, '1e999 is too large a number'],
  ] as const)('when the text is %j expected as a %s then the problem at %d-%d says %j', (text, expected, start, end, message) => {
    // Assert
    expect(problemsOf(text, expected)).toEqual([{ start, end, message }]);
  });
});

describe('several problems', () => {
  it('when a rule has several mistakes then every one is reported, in order of place', () => {
    // Act
    const problems = problemsOf('rsii < 30 && macd.sigal > position[1] or crosses_above(close)');

    // Assert
    expect(problems).toEqual([
      { start: 0, end: 4, message: "unknown name 'rsii'; did you mean rsi?" },
      { start: 10, end: 12, message: "use 'and' instead of '&&'" },
      { start: 18, end: 23, message: "macd has no output 'sigal'; did you mean signal? Its outputs are signal, histogram" },
      { start: 26, end: 37, message: 'position is not a series and has no history; only bar fields and indicators can be read back, such as close[1]' },
      { start: 41, end: 61, message: 'crosses_above takes 2 arguments (a, b), was given 1' },
    ]);
  });

  it('when a part already has a problem then its parents add none about it', () => {
    // Assert
    expect(problemsOf('(unknown + 1) * 2 > 3 and not unknown2')).toHaveLength(2);
  });
});

describe('size limits', () => {
  it('when parentheses nest 32 deep then it checks, and at 33 the 33rd is refused', () => {
    // Arrange
    const nested = (depth: number): string => `${'('.repeat(depth)}close > 1${')'.repeat(depth)}`;

    // Assert
    expect(problemsOf(nested(32))).toEqual([]);
    expect(problemsOf(nested(33))).toEqual([{ start: 32, end: 33, message: 'more than 32 levels of parentheses and brackets; write the expression flatter' }]);
  });

  it('when the text is longer than 2000 characters then the excess is refused', () => {
    // Assert
    expect(problemsOf(`close > ${'1'.repeat(1993)}`)).toEqual([{ start: 2000, end: 2001, message: 'the expression is 2001 characters long; at most 2000 are allowed' }]);
  });

  it.each([['-'], ['not '], ['- ']])('when %j repeats up to the length limit then it is checked or refused, never thrown', (prefix) => {
    // Arrange
    const text = `${prefix.repeat(Math.floor((2000 - 10) / prefix.length))}close > 1`;

    // Act
    const result = checkExpression(text, 'condition', NAMES);

    // Assert
    expect(result).toBeDefined();
  });
});

describe('compileExpression', () => {
  it('when given an expression checkExpression did not return then it refuses with an internal error', () => {
    // Arrange
    const forged = { text: 'close > 1', type: 'condition', lookback: new Map() } as const;

    // Act
    let thrown: unknown;
    try {
      compileExpression(forged, fakeEnvironment({}));
    } catch (error) {
      thrown = error;
    }

    // Assert
    expect(isRoboError(thrown, 'ROBO_ERR_INTERNAL')).toBe(true);
  });
});
