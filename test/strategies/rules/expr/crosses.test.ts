/** crosses_above and crosses_below: they compare this bar with the previous one and see every bar. */
import { describe, expect, it } from 'vitest';
import { compile, fakeEnvironment, run } from './fake-environment.js';

describe('crosses_above', () => {
  it('when close goes from at or below trend to above it then it is true on that bar only', () => {
    // Arrange
    const values = { close: [1, 2, 3, 4, 2, 5], trend: [2, 2, 2, 2, 2, 2] };

    // Act
    const result = run('crosses_above(close, trend)', 'condition', values, 6);

    // Assert: bar 0 has no previous bar; 1→2 stays at 2 (not above); 2 crosses; 4 is back at 2; 5 crosses again.
    expect(result).toEqual([undefined, false, true, false, false, true]);
  });

  it('when its arguments are expressions then it compares their values', () => {
    // Arrange
    const values = { close: [10, 10, 10], open: [11, 9, 9], atr: [1, 1, 1] };

    // Act
    const result = run('crosses_above(close - open, 2 * atr[0] - 2)', 'condition', values, 3);

    // Assert
    expect(result).toEqual([undefined, true, false]);
  });

  it('when a value is not ready on this or the previous bar then it is undefined', () => {
    // Arrange
    const values = { close: [1, NaN, 3, 4], trend: [2, 2, 2, 2] };

    // Act
    const result = run('crosses_above(close, trend)', 'condition', values, 4);

    // Assert
    expect(result).toEqual([undefined, undefined, undefined, false]);
  });

  it('when the closure is called twice on one bar then the previous bar stays the previous bar', () => {
    // Arrange
    const env = fakeEnvironment({ close: [1, 3, 4], trend: [2, 2, 2] });
    const evaluate = compile('crosses_above(close, trend)', 'condition', env);
    env.at(0);
    evaluate();

    // Act
    env.at(1);
    const first = evaluate();
    const second = evaluate();
    env.at(2);
    const next = evaluate();

    // Assert
    expect([first, second, next]).toEqual([true, true, false]);
  });

  it('when a bar is skipped then the previous bar is unknown and it is undefined', () => {
    // Arrange
    const env = fakeEnvironment({ close: [1, 1, 3], trend: [2, 2, 2] });
    const evaluate = compile('crosses_above(close, trend)', 'condition', env);
    env.at(0);
    evaluate();

    // Act
    env.at(2);
    const result = evaluate();

    // Assert
    expect(result).toBeUndefined();
  });

  it('when it stands on the right of an and whose left is false then it still sees that bar', () => {
    // Arrange: close crosses on bar 1, where the left side is false; bar 2 must compare with bar 1, not bar 0.
    const values = { close: [1, 3, 4], trend: [2, 2, 2], volume: [0, 0, 5] };

    // Act
    const result = run('volume > 0 and crosses_above(close, trend)', 'condition', values, 3);

    // Assert
    expect(result).toEqual([false, false, false]);
  });

  it('when it stands on the right of an or whose left is true then it still sees that bar', () => {
    // Arrange
    const values = { close: [1, 3, 4], trend: [2, 2, 2], volume: [5, 5, 0] };

    // Act
    const result = run('volume > 0 or crosses_above(close, trend)', 'condition', values, 3);

    // Assert: bar 2 compares with bar 1, where close was already above: no new crossing.
    expect(result).toEqual([true, true, false]);
  });
});

describe('crosses_below', () => {
  it('when close goes from at or above trend to below it then it is true on that bar only', () => {
    // Arrange
    const values = { close: [3, 2, 1, 1, 3, 0], trend: [2, 2, 2, 2, 2, 2] };

    // Act
    const result = run('crosses_below(close, trend)', 'condition', values, 6);

    // Assert
    expect(result).toEqual([undefined, false, true, false, false, true]);
  });

  it('when two crosses read the same series then each keeps its own previous values', () => {
    // Arrange
    const values = { close: [1, 3, 1], trend: [2, 2, 2] };

    // Act
    const result = run('crosses_above(close, trend) or crosses_below(close, trend)', 'condition', values, 3);

    // Assert
    expect(result).toEqual([undefined, true, true]);
  });
});
