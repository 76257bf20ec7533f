/** Specifies order ids: they only rise, a lower floor (a gateway that restarted) is ignored, and they stop at IB's 32-bit limit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRoboError } from '../../../core/domain/errors.js';
import { MAX_ORDER_ID, OrderIds } from '../../../core/domain/ids.js';

describe('OrderIds', () => {
  it('when ids are taken one after another then each is one more than the last', () => {
    // Arrange
    const ids = new OrderIds(5);

    // Act
    const taken = [ids.next(), ids.next(), ids.next()];

    // Assert
    expect(taken).toEqual([5, 6, 7]);
  });

  it('when a lower id is observed then it is ignored', () => {
    // Arrange
    const ids = new OrderIds(100);

    // Act
    ids.observe(3);

    // Assert
    expect(ids.next()).toBe(100);
  });

  it('when a higher id is observed then the next id is raised to it', () => {
    // Arrange
    const ids = new OrderIds(1);
    ids.next();

    // Act
    ids.observe(500);

    // Assert
    expect(ids.next()).toBe(500);
  });

  it('when the id just handed out is observed again then it is not handed out twice', () => {
    // Arrange
    const ids = new OrderIds(1);
    const first = ids.next();

    // Act
    ids.observe(first);

    // Assert
    expect(ids.next()).toBe(first + 1);
  });

  it.each([Number.NaN, 1.5, Number.POSITIVE_INFINITY, 2 ** 60])('when %s is observed then it is ignored (not a safe whole number)', (candidate) => {
    // Arrange
    const ids = new OrderIds(10);

    // Act
    ids.observe(candidate);

    // Assert
    expect(ids.peek()).toBe(10);
  });

  it('when peeking then the next id is shown and not consumed', () => {
    // Arrange
    const ids = new OrderIds(42);

    // Act
    const peeked = ids.peek();

    // Assert
    expect(peeked).toBe(42);
    expect(ids.next()).toBe(42);
  });

  it('when the ids pass the signed 32-bit maximum then ROBO_ERR_INTERNAL is thrown', () => {
    // Arrange
    const ids = new OrderIds(MAX_ORDER_ID);
    ids.next();

    // Act
    let error: unknown;
    try {
      ids.next();
    } catch (caught) {
      error = caught;
    }

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_INTERNAL')).toBe(true);
  });

  it.each([0, -1, 1.5])('when the first id is %s then a RangeError is thrown', (first) => {
    // Act
    const act = (): unknown => new OrderIds(first);

    // Assert
    expect(act).toThrow(RangeError);
  });

  it('when any mix of observations and takes happens then every id taken is higher than the one before', () => {
    const step = fc.oneof(fc.constant({ kind: 'next' as const }), fc.record({ kind: fc.constant('observe' as const), candidate: fc.integer({ min: -10, max: 10_000 }) }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.array(step, { maxLength: 50 }), (first, steps) => {
        // Arrange
        const ids = new OrderIds(first);
        const taken: number[] = [];

        // Act
        for (const s of steps) {
          if (s.kind === 'next') taken.push(ids.next());
          else ids.observe(s.candidate);
        }

        // Assert
        for (let i = 1; i < taken.length; i++) expect(taken[i]!).toBeGreaterThan(taken[i - 1]!);
      }),
    );
  });
});
