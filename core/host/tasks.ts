/**
 * Every timer, interval and background promise of the host and its plugins is created here, carries
 * its owner's name, and is cancelled by `shutdown()`; whatever outlives the grace period is reported by name.
 */
import { realTimers, type TimerHandle, type Timers } from './timers.js';

export interface TaskInfo {
  readonly owner: string;
  readonly name: string;
  readonly kind: 'timeout' | 'interval' | 'task' | 'sleep';
}

export type TaskFailureReporter = (info: TaskInfo, error: unknown) => void;

export class TaskCancelledError extends Error {
  override readonly name = 'TaskCancelledError';
}

interface Entry extends TaskInfo {
  cancel: () => void;
  settled?: Promise<unknown>;
}

export class TaskRegistry {
  readonly #timers: Timers;
  readonly #onFailure: TaskFailureReporter;
  readonly #entries = new Set<Entry>();
  #closed = false;

  constructor(options: { timers?: Timers; onFailure?: TaskFailureReporter } = {}) {
    this.#timers = options.timers ?? realTimers;
    this.#onFailure = options.onFailure ?? (() => {});
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `fn` once after `ms`; returns the cancel function. */
  timeout(owner: string, name: string, ms: number, fn: () => void): () => void {
    this.#assertOpen(owner, name);
    let handle: TimerHandle | undefined;
    const entry: Entry = {
      owner, name, kind: 'timeout',
      cancel: () => { if (handle !== undefined) this.#timers.clearTimeout(handle); this.#entries.delete(entry); },
    };
    handle = this.#timers.setTimeout(() => {
      this.#entries.delete(entry);
      this.#guard(entry, fn);
    }, ms);
    this.#entries.add(entry);
    return entry.cancel;
  }

  /** Runs `fn` every `ms` until cancelled; a slow or failing run never stacks up or stops the next. */
  interval(owner: string, name: string, ms: number, fn: () => void | Promise<void>): () => void {
    this.#assertOpen(owner, name);
    let handle: TimerHandle | undefined;
    let stopped = false;
    const entry: Entry = {
      owner, name, kind: 'interval',
      // A run still in flight keeps the entry, so shutdown waits for it and names it if it outlives the grace.
      cancel: () => { stopped = true; if (handle !== undefined) this.#timers.clearTimeout(handle); if (entry.settled === undefined) this.#entries.delete(entry); },
    };
    const arm = (): void => {
      handle = this.#timers.setTimeout(() => {
        entry.settled = Promise.resolve()
          .then(fn)
          .catch((error: unknown) => this.#onFailure(entry, error))
          .finally(() => {
            delete entry.settled;
            if (stopped) this.#entries.delete(entry);
            else arm();
          });
      }, ms);
    };
    this.#entries.add(entry);
    arm();
    return entry.cancel;
  }

  /** Waits `ms`; rejects with TaskCancelledError if the registry shuts down first. */
  sleep(owner: string, ms: number): Promise<void> {
    this.#assertOpen(owner, 'sleep');
    return new Promise<void>((resolve, reject) => {
      let handle: TimerHandle | undefined;
      const entry: Entry = {
        owner, name: 'sleep', kind: 'sleep',
        cancel: () => {
          if (handle !== undefined) this.#timers.clearTimeout(handle);
          this.#entries.delete(entry);
          reject(new TaskCancelledError(`${owner} sleep cancelled by shutdown`));
        },
      };
      handle = this.#timers.setTimeout(() => { this.#entries.delete(entry); resolve(); }, ms);
      this.#entries.add(entry);
    });
  }

  /**
   * Runs background work with an abort signal that fires at shutdown. A failure is reported with the
   * owner and name, never swallowed silently and never crashing the host.
   */
  run(owner: string, name: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.#assertOpen(owner, name);
    const controller = new AbortController();
    const entry: Entry = { owner, name, kind: 'task', cancel: () => controller.abort() };
    const settled = Promise.resolve()
      .then(() => work(controller.signal))
      .catch((error: unknown) => { if (!(error instanceof TaskCancelledError)) this.#onFailure(entry, error); })
      .finally(() => this.#entries.delete(entry));
    entry.settled = settled;
    this.#entries.add(entry);
    return settled;
  }

  active(): readonly TaskInfo[] {
    return [...this.#entries].map(({ owner, name, kind }) => ({ owner, name, kind }));
  }

  /**
   * Cancels every timer, aborts every task and waits for the tasks to settle, at most `graceMs`.
   * Returns the tasks that were still running when the grace period ended.
   */
  async shutdown(graceMs = 5_000): Promise<readonly TaskInfo[]> {
    this.#closed = true;
    const running = [...this.#entries];
    for (const entry of running) entry.cancel();
    const pending = running.filter((e): e is Entry & { settled: Promise<unknown> } => e.settled !== undefined);
    if (pending.length === 0) return [];
    let graceHandle: TimerHandle | undefined;
    const grace = new Promise<'timeout'>((resolve) => { graceHandle = this.#timers.setTimeout(() => resolve('timeout'), graceMs); });
    const outcome = await Promise.race([Promise.allSettled(pending.map((e) => e.settled)), grace]);
    if (graceHandle !== undefined) this.#timers.clearTimeout(graceHandle);
    if (outcome !== 'timeout') return [];
    return pending.filter((e) => this.#entries.has(e)).map(({ owner, name, kind }) => ({ owner, name, kind }));
  }

  #guard(entry: TaskInfo, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#onFailure(entry, error);
    }
  }

  #assertOpen(owner: string, name: string): void {
    if (this.#closed) throw new TaskCancelledError(`${owner} tried to start ${name} after the host began to stop`);
  }
}
