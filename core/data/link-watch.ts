/**
 * Whether the broker's link came back: the IB adapter reconnects by itself after a dropped socket (and
 * TWS reports IB's own link back with 1101/1102), then says so with a `reconnected` event. A fetch
 * that lost a request to a drop waits here, for a while, before it asks again.
 */
import type { BrokerEvent } from '../brokers/port.js';
import type { Timers } from '../host/timers.js';

export class LinkWatch {
  readonly #timers: Timers;
  readonly #ready: () => boolean;
  #waiting: ((back: boolean) => void)[] = [];

  /** `ready`: whether the link is up now. */
  constructor(timers: Timers, ready: () => boolean) {
    this.#timers = timers;
    this.#ready = ready;
  }

  /** The broker's listener. */
  readonly onEvent = (event: BrokerEvent): void => {
    if (event.type !== 'reconnected') return;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve(true);
  };

  /** True once the link is up again (at once if it is), false when `withinMs` passed first. */
  back(withinMs: number): Promise<boolean> {
    if (this.#ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(() => {
        this.#waiting = this.#waiting.filter((w) => w !== settle);
        resolve(this.#ready());
      }, withinMs);
      const settle = (back: boolean): void => {
        this.#timers.clearTimeout(timer);
        resolve(back);
      };
      this.#waiting.push(settle);
    });
  }
}
