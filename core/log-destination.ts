/**
 * Where JSON log lines go: fd 1 or 2, written synchronously, either at once or gathered until 8 KB are
 * pending. A write that fails — the reader gone (EPIPE, or ECONNRESET from a socket), or any other
 * error — is handed once to that stream's own 'error' listeners (core/cli/closed-stdout.ts), and every
 * line after it is dropped. pino's own destination retries a failed flush forever, which hung a command
 * whose stderr had closed; this one never waits on a reader that is gone.
 */
import { writeSync } from 'node:fs';

/** A pipe or socket opened non-blocking by whoever shares it can be full for a moment: wait this long, then try again. */
const FULL_WAIT_MS = 10;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class LogDestination {
  readonly #fd: 1 | 2;
  readonly #minLength: number;
  #pending = '';
  #failed = false;

  constructor(fd: 1 | 2, options: { minLength?: number } = {}) {
    this.#fd = fd;
    this.#minLength = options.minLength ?? 0;
  }

  /** pino's destination contract: one serialized line, newline included. */
  write(line: string): boolean {
    if (this.#failed) return true;
    this.#pending += line;
    if (this.#pending.length >= this.#minLength) this.flushSync();
    return true;
  }

  /** Writes out what is pending; returns once it is written, or once writing failed and was reported. */
  flushSync(): void {
    if (this.#failed || this.#pending === '') return;
    let rest = Buffer.from(this.#pending);
    this.#pending = '';
    while (rest.length > 0) {
      try {
        rest = rest.subarray(writeSync(this.#fd, rest));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(sleeper, 0, 0, FULL_WAIT_MS);
          continue;
        }
        this.#fail(error as NodeJS.ErrnoException);
        return;
      }
    }
  }

  #fail(error: NodeJS.ErrnoException): void {
    this.#failed = true;
    const stream = this.#fd === 1 ? process.stdout : process.stderr;
    // With no one listening (a script using the logger alone), a line that cannot be written is simply lost.
    if (stream.listenerCount('error') > 0) stream.emit('error', error);
  }
}
