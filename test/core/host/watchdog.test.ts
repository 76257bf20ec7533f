/**
 * Specifies the watchdog behind promise taps: a call that settles in time gets its own result and holds
 * nothing open; a call that hangs gets the timeout exactly at its own deadline; many calls share one timer.
 */
import { describe, expect, it } from 'vitest';
import type { ClockedTimers, TimerHandle } from '../../../core/host/timers.js';
import { Watchdog } from '../../../core/host/watchdog.js';

const TIMEOUT_MS = 1_000;

/** Timers on a manual clock that count what was set and which timers hold the process open. */
class ManualTimers implements ClockedTimers {
  now = 0;
  set = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void; held: boolean }>();
  #next = 1;

  setTimeout(fn: () => void, ms: number): TimerHandle {
    this.set++;
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, fn, held: true });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as unknown as number);
  }

  monotonicMs(): number {
    return this.now;
  }

  hold(handle: TimerHandle, held: boolean): void {
    const timer = this.#timers.get(handle as unknown as number);
    if (timer) timer.held = held;
  }

  /** Timers that would keep a process alive. */
  held(): number {
    return [...this.#timers.values()].filter((t) => t.held).length;
  }

  /** Moves the clock to `to`, firing due timers in order. */
  advanceTo(to: number): void {
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = to;
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const never = new Promise<never>(() => {});

function watch(dog: Watchdog, timers: ManualTimers, work: PromiseLike<unknown>, outcomes: unknown[]): void {
  void dog.watch(timers.now, work, (value) => `value ${String(value)}`, (error) => `error ${String(error)}`, () => 'timed out').then((o) => outcomes.push(o));
}

describe('Watchdog', () => {
  it('when a watched call settles in time then it gets its own result and no timer holds the process', async () => {
    // Arrange
    const timers = new ManualTimers();
    const dog = new Watchdog(timers, TIMEOUT_MS);
    const outcomes: unknown[] = [];

    // Act
    watch(dog, timers, Promise.resolve(7), outcomes);
    watch(dog, timers, Promise.reject(new Error('boom')), outcomes);
    await settle();
    timers.advanceTo(timers.now); // the next turn of the event loop: the hold is let go

    // Assert
    expect(outcomes).toEqual(['value 7', 'error Error: boom']);
    expect(timers.held()).toBe(0);
  });

  it('when a watched call never settles then it times out exactly at its deadline, and holds the process until then', async () => {
    // Arrange
    const timers = new ManualTimers();
    const dog = new Watchdog(timers, TIMEOUT_MS);
    const outcomes: unknown[] = [];
    watch(dog, timers, never, outcomes);

    // Act
    timers.advanceTo(TIMEOUT_MS - 1);
    await settle();
    const before = [...outcomes];
    const heldBefore = timers.held();
    timers.advanceTo(TIMEOUT_MS);
    await settle();

    // Assert
    expect(before).toEqual([]);
    expect(heldBefore).toBe(1);
    expect(outcomes).toEqual(['timed out']);
    expect(timers.held()).toBe(0);
  });

  it('when calls start at different times and hang then each times out at its own deadline', async () => {
    // Arrange
    const timers = new ManualTimers();
    const dog = new Watchdog(timers, TIMEOUT_MS);
    const first: unknown[] = [];
    const second: unknown[] = [];
    watch(dog, timers, never, first);
    timers.advanceTo(400);
    watch(dog, timers, never, second);

    // Act
    timers.advanceTo(1_000);
    await settle();
    const secondAtFirstDeadline = [...second];
    timers.advanceTo(1_400);
    await settle();

    // Assert
    expect(first).toEqual(['timed out']);
    expect(secondAtFirstDeadline).toEqual([]);
    expect(second).toEqual(['timed out']);
  });

  it('when thousands of calls settle in time one after the other (a replay) then one timer serves them all', async () => {
    // Arrange
    const timers = new ManualTimers();
    const dog = new Watchdog(timers, TIMEOUT_MS);
    const outcomes: unknown[] = [];

    // Act: each call starts when the previous one settled, all in one turn of the event loop
    let chain: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < 5_000; i++) {
      chain = chain.then(() => dog.watch(timers.now, Promise.resolve(i), (v) => `value ${String(v)}`, () => 'error', () => 'timed out').then((o) => outcomes.push(o)));
    }
    await chain;
    const heldWhileBusy = timers.held();
    timers.advanceTo(timers.now);

    // Assert
    expect(outcomes).toHaveLength(5_000);
    expect(outcomes.every((o) => typeof o === 'string' && o.startsWith('value'))).toBe(true);
    expect(timers.set).toBeLessThanOrEqual(2); // the watchdog's timer and one release of its hold
    expect(heldWhileBusy).toBeGreaterThan(0);
    expect(timers.held()).toBe(0);
  });

  it('when a call times out and then its work settles then the late result is ignored', async () => {
    // Arrange
    const timers = new ManualTimers();
    const dog = new Watchdog(timers, TIMEOUT_MS);
    const outcomes: unknown[] = [];
    let finish: (value: string) => void = () => {};
    watch(dog, timers, new Promise<string>((resolve) => { finish = resolve; }), outcomes);

    // Act
    timers.advanceTo(TIMEOUT_MS);
    await settle();
    finish('late');
    await settle();

    // Assert
    expect(outcomes).toEqual(['timed out']);
  });
});
