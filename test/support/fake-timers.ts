/**
 * A Timers double that never touches real time: callbacks fire only when a test calls `advance(ms)`,
 * in due-time order (ties in scheduling order), with the promise jobs each one started settled before the next fires.
 */
import type { TimerHandle, Timers } from '../../core/host/timers.js';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly delay: number;
  readonly fn: () => void;
}

/** Lets every promise job queued so far run (one macrotask turn, no timer involved). */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeTimers implements Timers {
  #now = 0;
  #nextId = 1;
  readonly #scheduled = new Map<number, Scheduled>();

  /** Milliseconds advanced so far. */
  get now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const delay = Math.max(0, ms);
    this.#scheduled.set(id, { id, at: this.#now + delay, delay, fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#scheduled.delete(handle as unknown as number);
  }

  /** How many callbacks are waiting to fire. */
  pending(): number {
    return this.#scheduled.size;
  }

  /** The delays the waiting callbacks were scheduled with, in scheduling order. */
  pendingDelays(): number[] {
    return [...this.#scheduled.values()].map((s) => s.delay);
  }

  /**
   * Moves time forward by `ms`, firing every callback that falls due on the way — including those
   * scheduled by earlier callbacks in the same window — and settling promise jobs after each one.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`expected a non-negative number of milliseconds, was ${ms}`);
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#nextDue(target);
      if (due === undefined) break;
      this.#scheduled.delete(due.id);
      this.#now = due.at;
      due.fn();
      await settle();
    }
    this.#now = target;
  }

  /** Settles promise jobs until a callback with `delay` is waiting, at most `turns` times; false if none came. */
  async waitForTimer(delay: number, turns = 100): Promise<boolean> {
    for (let i = 0; i < turns; i++) {
      if (this.pendingDelays().includes(delay)) return true;
      await settle();
    }
    return this.pendingDelays().includes(delay);
  }

  #nextDue(target: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const s of this.#scheduled.values()) {
      if (s.at > target) continue;
      if (best === undefined || s.at < best.at || (s.at === best.at && s.id < best.id)) best = s;
    }
    return best;
  }
}
