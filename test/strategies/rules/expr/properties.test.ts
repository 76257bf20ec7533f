/** Properties over generated input: checking never throws on any text, and valid expressions never throw when run. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpression, compileExpression } from '../../../../strategies/rules/expr/index.js';
import { fakeEnvironment, NAMES } from './fake-environment.js';

/** Valid expressions of each type, built from the language's own pieces. */
const { number, condition } = fc.letrec<{ number: string; condition: string }>((tie) => ({
  number: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('close', 'rsi', 'macd', 'macd.signal', 'bb.upper', 'position', 'bars_in_trade', 'monday', '15:45', '0', '1e3', '0.5'),
    fc.tuple(fc.constantFrom('close', 'trend', 'macd.histogram'), fc.nat({ max: 5 })).map(([name, ago]) => `${name}[${ago}]`),
    fc.tuple(tie('number'), fc.constantFrom('+', '-', '*', '/'), tie('number')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('number').map((a) => `-${a}`),
    tie('number').map((a) => `(${a})`),
    tie('number').map((a) => `abs(${a})`),
    fc.tuple(fc.constantFrom('min', 'max'), fc.array(tie('number'), { minLength: 2, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('true', 'false', 'in_session'),
    fc.tuple(tie('number'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('number')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('condition'), fc.constantFrom('and', 'or'), tie('condition')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('condition').map((a) => `not (${a})`),
    fc.tuple(fc.constantFrom('crosses_above', 'crosses_below'), tie('number'), tie('number')).map(([f, a, b]) => `${f}(${a}, ${b})`),
  ),
}));

const barValue = fc.oneof(fc.double(), fc.constant(NaN), fc.constant(0), fc.integer({ min: -3, max: 3 }));
const bars = fc.dictionary(
  fc.constantFrom('close', 'trend', 'rsi', 'macd', 'macd.signal', 'macd.histogram', 'bb.upper', 'position', 'bars_in_trade', 'in_session'),
  fc.array(barValue, { minLength: 1, maxLength: 4 }),
);

describe('properties', () => {
  it('when any text is checked then it returns an expression or problems inside the text, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z_ ()[\]<>=!&|.,:0-9+*/-]{0,30}$/u)), (text) => {
        // Act
        const result = checkExpression(text, 'condition', NAMES);

        // Assert
        if ('problems' in result) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(0 <= problem.start && problem.start <= problem.end && problem.end <= text.length).toBe(true);
            expect(problem.message).not.toMatch(/^Line|Expected|undefined/u);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['number', number],
    ['condition', condition],
  ] as const)('when a valid %s expression runs over any bars then it checks, never throws, gives a value of its type, and the same again on the same bar', (type, expression) => {
    fc.assert(
      fc.property(expression, bars, (text, values) => {
        // Arrange
        const result = checkExpression(text, type, NAMES);
        if ('problems' in result) throw new Error(`${text}: ${JSON.stringify(result.problems)}`);
        const env = fakeEnvironment(values);
        const evaluate = compileExpression(result.expression, env);

        // Act
        const seen = [0, 1, 1, 2, 3].map((bar) => {
          env.at(bar);
          return evaluate();
        });

        // Assert
        expect(Object.is(seen[1], seen[2])).toBe(true);
        for (const value of seen) {
          if (type === 'number') expect(typeof value).toBe('number');
          else expect([true, false, undefined]).toContain(value);
        }
      }),
      { numRuns: 500 },
    );
  });
});
