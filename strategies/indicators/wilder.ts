/** Wilder's smoothing, which RSI and ATR share (ADX smooths running sums instead, as TA-Lib does). */

/** The mean of a series' first n values, then (previous × (n − 1) + value) / n; NaN until the n-th value. */
export class WilderMean {
  readonly #period: number;
  #count = 0;
  #sum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.#period = period;
  }

  update(x: number): number {
    const n = this.#period;
    if (this.#count < n) {
      this.#sum += x;
      if (++this.#count === n) this.value = this.#sum / n;
    } else {
      this.value = (this.value * (n - 1) + x) / n;
    }
    return this.value;
  }
}
