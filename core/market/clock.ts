/** The only source of "now" in Robo: live code reads the system clock here, replays and tests drive a clock that never runs backwards. */
import { DateTime } from 'luxon';

/** The zone every trade date, session time and `Clock.now()` is expressed in. */
export const EXCHANGE_ZONE = 'America/New_York';

export interface Clock {
  /** Epoch milliseconds (UTC). */
  nowMs(): number;
  /** The same instant in America/New_York. */
  now(): DateTime;
}

/** Wall-clock time. The one place in the codebase allowed to call Date.now(). */
export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  now(): DateTime {
    return DateTime.fromMillis(this.nowMs(), { zone: EXCHANGE_ZONE });
  }
}

/** Time that moves only when told to. It refuses to go backwards, because in a replay time only rises. */
export class ManualClock implements Clock {
  #ms: number;

  constructor(startMs: number) {
    this.#ms = requireEpochMs(startMs, 'the start time');
  }

  nowMs(): number {
    return this.#ms;
  }

  now(): DateTime {
    return DateTime.fromMillis(this.#ms, { zone: EXCHANGE_ZONE });
  }

  /** Moves to `ms`; staying at the current instant is allowed, going back is not. */
  set(ms: number): void {
    requireEpochMs(ms, 'the new time');
    if (ms < this.#ms) {
      throw new RangeError(`expected a time on or after ${this.#ms} (the current time) because a manual clock never moves backwards, was ${ms}`);
    }
    this.#ms = ms;
  }

  /** Moves forward by `ms` milliseconds; zero is allowed, a negative step is not. */
  advance(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new RangeError(`expected a whole, non-negative number of milliseconds to advance by because a manual clock never moves backwards, was ${ms}`);
    }
    this.set(this.#ms + ms);
  }
}

function requireEpochMs(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms)) {
    throw new RangeError(`expected ${what} as a whole number of epoch milliseconds, was ${ms}`);
  }
  return ms;
}
