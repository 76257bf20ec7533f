/**
 * The one place Robo touches the runtime's timers, so every other module can be given a fake in tests
 * and every timer can be owned by the task registry.
 */
export type TimerHandle = { readonly __timer: unique symbol };

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Timers that can also read a monotonic clock and let a timer stop holding the process open, so one
 * timer can watch many deadlines (core/host/watchdog.ts). Timers without them get one timer per deadline.
 */
export interface ClockedTimers extends Timers {
  /** Milliseconds on a clock that never goes back; only differences mean anything. */
  monotonicMs(): number;
  /** Whether `handle` keeps the process alive until it fires (Node's ref/unref). */
  hold(handle: TimerHandle, held: boolean): void;
}

export const realTimers: ClockedTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as NodeJS.Timeout),
  monotonicMs: () => performance.now(),
  hold: (handle, held) => {
    const timer = handle as unknown as NodeJS.Timeout;
    if (held) timer.ref();
    else timer.unref();
  },
};

export function isClocked(timers: Timers): timers is ClockedTimers {
  const t = timers as Partial<ClockedTimers>;
  return typeof t.monotonicMs === 'function' && typeof t.hold === 'function';
}
