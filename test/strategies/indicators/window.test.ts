/** The rolling windows agree with a plain scan of the last n values, whatever the sizes and the data. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Window, WindowExtreme, WindowSum } from '../../../strategies/indicators/window.js';

const series = fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: 1, maxLength: 200 });

describe('rolling windows', () => {
  it('when values are pushed then highest, lowest and sum equal those of the last n values scanned afresh', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 30 }), (xs, n) => {
        const high = new WindowExtreme(n, 'highest');
        const low = new WindowExtreme(n, 'lowest');
        const sum = new WindowSum(n);
        xs.forEach((x, i) => {
          high.push(x);
          low.push(x);
          sum.push(x);
          const last = xs.slice(Math.max(0, i - n + 1), i + 1);
          expect(high.value).toBe(Math.max(...last));
          expect(low.value).toBe(Math.min(...last));
          expect(sum.sum).toBeCloseTo(last.reduce((a, b) => a + b, 0), 6);
          expect(high.full).toBe(i >= n - 1);
        });
      }),
    );
  });

  it('when a window is read by index then 0 is the oldest value held and the newest is last', () => {
    const window = new Window(3);
    expect(window.push(1)).toBeNaN();
    window.push(2);
    window.push(3);
    expect(window.push(4)).toBe(1);
    expect([window.at(0), window.at(1), window.at(2)]).toEqual([2, 3, 4]);
  });

  it('when a window of fewer than one value is asked for then it throws', () => {
    expect(() => new Window(0)).toThrow(RangeError);
  });
});
