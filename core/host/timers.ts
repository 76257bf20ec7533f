/**
 * The one place Robo touches the runtime's timers, so every other module can be given a fake in tests
 * and every timer can be owned by the task registry.
 */
export type TimerHandle = { readonly __timer: unique symbol };

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as NodeJS.Timeout),
};
