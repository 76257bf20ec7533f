/**
 * Order ids only rise: the generator starts above every floor it is shown (the broker's next valid
 * id, the journal's high-water mark) and never hands out the same id twice, across reconnects and restarts.
 */
import { RoboError } from './errors.js';

/** IB order ids are signed 32-bit integers. */
export const MAX_ORDER_ID = 2 ** 31 - 1;

export class OrderIds {
  #next: number;

  constructor(firstId = 1) {
    if (!Number.isSafeInteger(firstId) || firstId < 1) throw new RangeError(`expected a positive integer first id, was ${firstId}`);
    this.#next = firstId;
  }

  /** Raises the next id to at least `candidate`; a lower candidate (a gateway that restarted) is ignored. */
  observe(candidate: number): void {
    if (Number.isSafeInteger(candidate) && candidate > this.#next) this.#next = candidate;
  }

  /** The id the next call to `next()` returns. */
  peek(): number {
    return this.#next;
  }

  next(): number {
    const id = this.#next;
    if (id > MAX_ORDER_ID) throw new RoboError('ROBO_ERR_INTERNAL', `order ids are exhausted: expected at most ${MAX_ORDER_ID}, was ${id}`);
    this.#next = id + 1;
    return id;
  }
}
