/**
 * The host's one line of work: broker events, and recovery rounds that must not interleave with them,
 * run one after another in arrival order. A bar waits only while something is in the line.
 */
export class EventQueue {
  #tail: Promise<void> = Promise.resolve();
  /** Work chained on the line and not finished yet: none means a bar need not wait. */
  #pending = 0;

  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.#tail;
  }

  /** Queues `work` behind everything before it; a failure goes to `failed` and never stops the line. */
  enqueue(work: () => Promise<void>, failed: (error: unknown) => void): void {
    this.#pending++;
    this.#tail = this.#tail
      .then(work)
      .catch(failed)
      .finally(() => { this.#pending--; });
  }

  /** Runs `work` in the line and hands its result (or failure) to the caller; the line goes on either way. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(work);
    this.#tail = result.then(() => undefined, () => undefined).finally(() => { this.#pending--; });
    return result;
  }
}
