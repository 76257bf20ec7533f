/**
 * Requests for TWS's time (the heartbeat's probe, the clock's sync) waiting for their answer. TWS answers
 * them in order and without a request id, so the oldest waiter takes each answer; one that waits too long
 * is refused, and all are refused when the link goes.
 */
import type { TimerHandle, Timers } from '../../host/timers.js';
import { BrokerRejection } from '../port.js';

interface Waiter {
  readonly resolve: (ms: number) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

export class TimeRequests {
  readonly #timers: Timers;
  readonly #waiters: Waiter[] = [];

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /** Sends one request with `send` and resolves with TWS's time in epoch milliseconds. */
  ask(send: () => void, timeoutMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.#timers.setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(new BrokerRejection(`TWS did not answer a time request within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
      send();
    });
  }

  /** TWS's answer, in whole seconds, for the oldest request still waiting; none waiting, it is dropped. */
  answered(seconds: number): void {
    const waiter = this.#waiters.shift();
    if (!waiter) return;
    this.#timers.clearTimeout(waiter.timer);
    waiter.resolve(seconds * 1000);
  }

  /** Refuses every request still waiting: the link they were sent on is gone. */
  refuseAll(reason: string): void {
    for (const waiter of this.#waiters.splice(0)) {
      this.#timers.clearTimeout(waiter.timer);
      waiter.reject(new BrokerRejection(reason));
    }
  }
}
