/**
 * The link watchdog: TWS has no heartbeat of its own, and a half-open socket looks exactly like a quiet
 * market. When nothing arrived for an interval, it probes (a time request); when nothing arrives
 * within the timeout after the probe either, the link is declared dead.
 */
import type { TimerHandle, Timers } from '../../host/timers.js';

export interface HeartbeatOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export class Heartbeat {
  readonly #timers: Timers;
  readonly #options: HeartbeatOptions;
  readonly #probe: () => void;
  readonly #dead: (reason: string) => void;
  #heard = true;
  #tick: TimerHandle | undefined;
  #deadline: TimerHandle | undefined;

  constructor(timers: Timers, options: HeartbeatOptions, probe: () => void, dead: (reason: string) => void) {
    this.#timers = timers;
    this.#options = options;
    this.#probe = probe;
    this.#dead = dead;
  }

  start(): void {
    this.stop();
    this.#heard = true;
    this.#arm();
  }

  /** Any message from TWS proves the link alive. */
  heard(): void {
    this.#heard = true;
    if (this.#deadline !== undefined) {
      this.#timers.clearTimeout(this.#deadline);
      this.#deadline = undefined;
    }
  }

  stop(): void {
    if (this.#tick !== undefined) this.#timers.clearTimeout(this.#tick);
    if (this.#deadline !== undefined) this.#timers.clearTimeout(this.#deadline);
    this.#tick = undefined;
    this.#deadline = undefined;
  }

  #arm(): void {
    const { intervalMs, timeoutMs } = this.#options;
    this.#tick = this.#timers.setTimeout(() => {
      if (!this.#heard && this.#deadline === undefined) {
        this.#probe();
        this.#deadline = this.#timers.setTimeout(() => {
          this.#deadline = undefined;
          this.stop();
          this.#dead(`TWS / IB Gateway stopped answering (nothing for ${intervalMs} ms, then no answer to a time probe within ${timeoutMs} ms)`);
        }, timeoutMs);
      }
      this.#heard = false;
      this.#arm();
    }, intervalMs);
  }
}
