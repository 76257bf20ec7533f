/** Specifies the clocks: the system clock reads wall time in New York, the manual clock only moves forward. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DateTime } from 'luxon';
import { EXCHANGE_ZONE, ManualClock, SystemClock } from '../../../core/market/clock.js';

const utc = (iso: string): number => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();

describe('ManualClock', () => {
  it('when created at an instant then nowMs returns that instant', () => {
    // Arrange
    const start = utc('2026-11-24T14:30:00Z');

    // Act
    const clock = new ManualClock(start);

    // Assert
    expect(clock.nowMs()).toBe(start);
  });

  it('when asked for now then it gives the same instant in New York time', () => {
    // Arrange
    const clock = new ManualClock(utc('2026-11-24T14:30:00Z'));

    // Act
    const now = clock.now();

    // Assert
    expect(now.zoneName).toBe(EXCHANGE_ZONE);
    expect(now.toISO()).toBe('2026-11-24T09:30:00.000-05:00');
  });

  it('when the instant is in daylight-saving time then now shows the summer offset', () => {
    // Arrange
    const clock = new ManualClock(utc('2026-03-09T13:30:00Z'));

    // Act
    const now = clock.now();

    // Assert
    expect(now.toFormat('HH:mm ZZ')).toBe('09:30 -04:00');
  });

  it('when advanced then it moves forward by exactly that many milliseconds', () => {
    // Arrange
    const start = utc('2026-11-24T14:30:00Z');
    const clock = new ManualClock(start);

    // Act
    clock.advance(60_000);
    clock.advance(0);

    // Assert
    expect(clock.nowMs()).toBe(start + 60_000);
  });

  it('when set to a later instant or the same instant then it moves there', () => {
    // Arrange
    const clock = new ManualClock(utc('2026-11-24T14:30:00Z'));
    const later = utc('2026-11-25T14:30:00Z');

    // Act
    clock.set(later);
    clock.set(later);

    // Assert
    expect(clock.nowMs()).toBe(later);
  });

  it('when set to an earlier instant then it throws a RangeError and keeps its time', () => {
    // Arrange
    const start = utc('2026-11-24T14:30:00Z');
    const clock = new ManualClock(start);

    // Act
    const act = (): void => clock.set(start - 1);

    // Assert
    expect(act).toThrow(RangeError);
    expect(clock.nowMs()).toBe(start);
  });

  it('when advanced by a negative amount then it throws a RangeError and keeps its time', () => {
    // Arrange
    const start = utc('2026-11-24T14:30:00Z');
    const clock = new ManualClock(start);

    // Act
    const act = (): void => clock.advance(-1);

    // Assert
    expect(act).toThrow(RangeError);
    expect(clock.nowMs()).toBe(start);
  });

  it('when given a time that is not a whole number of milliseconds then it throws a RangeError', () => {
    // Arrange
    const notAnInstant = [Number.NaN, 1.5, Number.POSITIVE_INFINITY];

    // Act
    const attempts = notAnInstant.map((ms) => () => new ManualClock(ms));

    // Assert
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});

describe('SystemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the system time is fixed then nowMs and now report it, now in New York', () => {
    // Arrange
    const fixed = utc('2026-07-02T13:30:00Z');
    vi.useFakeTimers({ now: fixed, toFake: ['Date'] });
    const clock = new SystemClock();

    // Act
    const ms = clock.nowMs();
    const now = clock.now();

    // Assert
    expect(ms).toBe(fixed);
    expect(now.zoneName).toBe(EXCHANGE_ZONE);
    expect(now.toISO()).toBe('2026-07-02T09:30:00.000-04:00');
  });
});
