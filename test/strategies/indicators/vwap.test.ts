/** VWAP restarts with each New York trade date, reading the exchange calendar's dates, not UTC's. */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../core/domain/types.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { INDICATORS } from '../../../strategies/indicators/catalog.js';

const calendar = loadExchangeCalendar('XNYS');

/** A five-minute bar starting at New York time `local` (EST in these weeks) whose typical price is `typical`. */
function bar(local: string, typical: number, volume: number): Bar {
  return { symbol: 'X', time: Date.parse(`${local}:00-05:00`), durationMs: 300_000, open: typical, high: typical + 1, low: typical - 1, close: typical, volume };
}

describe('vwap sessions', () => {
  it('when bars cross from one trade date to the next, over a holiday and an early close, then the average restarts only at each new date', () => {
    // Arrange: the 26th is Thanksgiving, the 27th closes at 13:00.
    expect(calendar.session('2026-11-26')).toBeNull();
    expect(calendar.session('2026-11-27')?.earlyClose).toBe(true);
    const bars = [
      bar('2026-11-25T15:55', 9, 100),
      bar('2026-11-25T16:30', 12, 100), // after hours: still the 25th's session
      bar('2026-11-25T19:30', 12, 100), // already the 26th in UTC, still the 25th in New York
      bar('2026-11-27T08:00', 20, 50), // pre-market: the 27th's session starts here
      bar('2026-11-27T12:55', 23, 150),
      bar('2026-11-27T13:30', 30, 200), // after the early close: still the 27th
      bar('2026-11-30T09:30', 40, 10), // Monday
    ];
    const instance = INDICATORS.get('vwap')!.create({}, calendar);

    // Act
    const values = bars.map((b) => {
      instance.update(b);
      return instance.value();
    });

    // Assert
    expect(values).toEqual([9, (900 + 1200) / 200, (900 + 1200 + 1200) / 300, 20, (1000 + 3450) / 200, (1000 + 3450 + 6000) / 400, 40]);
  });

  it('when a session has traded no volume yet then VWAP is NaN, and defined from its first traded bar', () => {
    const instance = INDICATORS.get('vwap')!.create({}, calendar);
    instance.update(bar('2026-11-24T09:30', 10, 0));
    expect(instance.value()).toBeNaN();
    instance.update(bar('2026-11-24T09:35', 11, 5));
    expect(instance.value()).toBe(11);
  });
});
