/** The opening range: measured over a session's first bars, broken once, measured anew after the night. */
import { describe, expect, it } from 'vitest';
import { OpeningRange, SESSION_GAP_MS } from '../src/range.js';

const MINUTE = 60_000;
const bar = (minute: number, low: number, high: number, close = (low + high) / 2) => ({ time: minute * MINUTE, low, high, close });

describe('the opening range', () => {
  it('when the first bars are in then the range is their lowest low and highest high, and nothing is signalled', () => {
    const range = new OpeningRange(3);

    const signals = [bar(0, 100, 101), bar(1, 99.5, 100.5), bar(2, 100, 102)].map((b) => range.update(b));

    expect(signals).toEqual([undefined, undefined, undefined]);
    expect([range.low, range.high, range.state]).toEqual([99.5, 102, 'WATCHING']);
  });

  it('when a close leaves the range above then it signals BUY once, and nothing more that session', () => {
    const range = new OpeningRange(2);
    range.update(bar(0, 100, 101));
    range.update(bar(1, 100, 101));

    const signals = [bar(2, 100, 101.4, 100.9), bar(3, 101, 102, 101.5), bar(4, 98, 99, 98.5)].map((b) => range.update(b));

    expect(signals).toEqual([undefined, 'BUY', undefined]);
    expect(range.state).toBe('DONE');
  });

  it('when a close leaves the range below then it signals SELL', () => {
    const range = new OpeningRange(1);
    range.update(bar(0, 100, 101));

    expect(range.update(bar(1, 99, 100, 99.5))).toBe('SELL');
  });

  it('when the next bar comes after the night then a new range is measured', () => {
    const range = new OpeningRange(1);
    range.update(bar(0, 100, 101));
    range.update(bar(1, 101, 103, 102));

    const next = range.update({ time: MINUTE + SESSION_GAP_MS + MINUTE, low: 90, high: 91, close: 90.5 });

    expect(next).toBeUndefined();
    expect([range.low, range.high, range.state]).toEqual([90, 91, 'WATCHING']);
  });
});
