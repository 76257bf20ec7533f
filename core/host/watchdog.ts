/**
 * One timer for every pending promise tap of a host, instead of one timer per call. Every call gets the
 * same timeout, so one timer armed for the earliest deadline among the pending calls is enough; calls
 * that settle in time — on the bar path, all of them — cost a clock read and a list entry, not a timer.
 * The timer holds the process open while some call is pending, exactly as a timer per call did.
 */
import type { ClockedTimers, TimerHandle } from './timers.js';

/** A pending call, linked into the watchdog's list (no hashing: a Set keyed by fresh objects costs more than the rest). */
interface Watch {
  readonly deadline: number;
  readonly expire: () => void;
  prev: Watch | undefined;
  next: Watch | undefined;
  pending: boolean;
}

export class Watchdog {
  readonly #timers: ClockedTimers;
  readonly #timeoutMs: number;
  /** Pending calls in start order; a handful at most on the bar path (a tap, and the hooks it fires while it runs). */
  #first: Watch | undefined;
  #last: Watch | undefined;
  #handle: TimerHandle | undefined;
  /** When the armed timer fires (monotonic ms). */
  #dueAt = Number.POSITIVE_INFINITY;
  #held = false;
  /** A release of the hold is scheduled for the next turn of the event loop. */
  #releasing = false;

  constructor(timers: ClockedTimers, timeoutMs: number) {
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
  }

  /** The clock deadlines are measured on. */
  now(): number {
    return this.#timers.monotonicMs();
  }

  /**
   * Settles with `onValue`/`onError` of `work`, or with `onTimeout()` once `timeoutMs` has passed since
   * `startedAt` — whichever comes first; the other is ignored.
   */
  watch(startedAt: number, work: PromiseLike<unknown>, onValue: (value: unknown) => unknown, onError: (error: unknown) => unknown, onTimeout: () => unknown): Promise<unknown> {
    return new Promise<unknown>((resolve) => {
      const watch: Watch = { deadline: startedAt + this.#timeoutMs, expire: () => resolve(onTimeout()), prev: undefined, next: undefined, pending: true };
      this.#add(watch);
      work.then(
        (value) => { if (this.#remove(watch)) resolve(onValue(value)); },
        (error: unknown) => { if (this.#remove(watch)) resolve(onError(error)); },
      );
    });
  }

  #add(watch: Watch): void {
    watch.prev = this.#last;
    if (this.#last === undefined) this.#first = watch;
    else this.#last.next = watch;
    this.#last = watch;
    if (this.#handle === undefined || watch.deadline < this.#dueAt) this.#arm(watch.deadline);
    else this.#hold(true);
  }

  /**
   * False when the call was no longer pending (it timed out). Letting go of the process is a call into
   * the runtime, so it waits for the next turn of the event loop: a replay's taps run back to back in
   * one turn, and only its end lets go.
   */
  #remove(watch: Watch): boolean {
    if (!watch.pending) return false;
    this.#unlink(watch);
    if (this.#first === undefined && this.#held && !this.#releasing) {
      this.#releasing = true;
      this.#timers.setTimeout(() => {
        this.#releasing = false;
        if (this.#first === undefined) this.#hold(false);
      }, 0);
    }
    return true;
  }

  #unlink(watch: Watch): void {
    watch.pending = false;
    if (watch.prev === undefined) this.#first = watch.next;
    else watch.prev.next = watch.next;
    if (watch.next === undefined) this.#last = watch.prev;
    else watch.next.prev = watch.prev;
    watch.prev = undefined;
    watch.next = undefined;
  }

  #arm(deadline: number): void {
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#dueAt = deadline;
    this.#handle = this.#timers.setTimeout(() => this.#fire(), Math.max(0, deadline - this.#timers.monotonicMs()));
    this.#held = true;
  }

  #hold(held: boolean): void {
    if (this.#handle === undefined || this.#held === held) return;
    this.#held = held;
    this.#timers.hold(this.#handle, held);
  }

  /** Expires every call past its deadline, then arms for the earliest one left, if any. */
  #fire(): void {
    this.#handle = undefined;
    this.#dueAt = Number.POSITIVE_INFINITY;
    this.#held = false;
    const now = this.#timers.monotonicMs();
    const due: Watch[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (let watch = this.#first; watch !== undefined; watch = watch.next) {
      if (watch.deadline <= now) due.push(watch);
      else if (watch.deadline < next) next = watch.deadline;
    }
    for (const watch of due) {
      this.#unlink(watch);
      watch.expire();
    }
    // An expiry may have started new calls (a report that logs and fires a hook); they armed their own timer.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an expiry above may have armed a timer
    if (next !== Number.POSITIVE_INFINITY && (this.#handle === undefined || next < this.#dueAt)) this.#arm(next);
  }
}
