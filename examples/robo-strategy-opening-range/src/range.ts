/**
 * One symbol's opening range: the high and low of a session's first bars, and the first close outside
 * them — the session's one signal. No host, no orders: plain logic, tested on its own.
 */

/** Bars further apart than this belong to different sessions (the night, a weekend, a holiday). */
export const SESSION_GAP_MS = 30 * 60_000;

/** What a bar needs to carry for the range: its time and prices. */
export interface RangeBar {
  readonly time: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Where a session stands: still measuring its range, waiting for a break, or done for the day. */
export type RangeState = 'MEASURING' | 'WATCHING' | 'DONE';

export class OpeningRange {
  #state: RangeState = 'MEASURING';
  #bars = 0;
  #high = -Infinity;
  #low = Infinity;
  #lastTime: number | undefined;

  constructor(private readonly rangeBars: number) {}

  get state(): RangeState {
    return this.#state;
  }

  get high(): number {
    return this.#high;
  }

  get low(): number {
    return this.#low;
  }

  /** Takes the next bar; returns the side of a breakout the first time a close leaves the range in a session. */
  update(bar: RangeBar): 'BUY' | 'SELL' | undefined {
    if (this.#lastTime === undefined || bar.time - this.#lastTime > SESSION_GAP_MS) this.#newSession();
    this.#lastTime = bar.time;
    if (this.#state === 'MEASURING') {
      this.#high = Math.max(this.#high, bar.high);
      this.#low = Math.min(this.#low, bar.low);
      if (++this.#bars === this.rangeBars) this.#state = 'WATCHING';
      return undefined;
    }
    if (this.#state === 'DONE') return undefined;
    const side = bar.close > this.#high ? 'BUY' : bar.close < this.#low ? 'SELL' : undefined;
    // The first break decides the session, whether or not it is traded: a range is broken once.
    if (side !== undefined) this.#state = 'DONE';
    return side;
  }

  #newSession(): void {
    this.#state = 'MEASURING';
    this.#bars = 0;
    this.#high = -Infinity;
    this.#low = Infinity;
  }
}
