/**
 * The moving averages, as running computations the other indicators reuse (MACD, Bollinger, stochastic),
 * each O(1) a bar with no allocation, and NaN until its first full window, as TA-Lib has them.
 */
import { WindowSum } from './window.js';

/** Mean of the last n values; first value on the n-th. */
export class Sma {
  readonly #sum: WindowSum;
  readonly #period: number;
  value = Number.NaN;

  constructor(period: number) {
    this.#period = period;
    this.#sum = new WindowSum(period);
  }

  update(x: number): number {
    this.#sum.push(x);
    if (this.#sum.full) this.value = this.#sum.sum / this.#period;
    return this.value;
  }
}

/**
 * α = 2 / (n + 1), seeded with the mean of the first n values (TA-Lib's default, not trading-signals', which
 * starts from the first value and so differs for a long while); first value on the n-th.
 */
export class Ema {
  readonly #period: number;
  readonly #alpha: number;
  #seen = 0;
  #seedSum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.#period = period;
    this.#alpha = 2 / (period + 1);
  }

  update(x: number): number {
    if (this.#seen < this.#period) {
      this.#seedSum += x;
      if (++this.#seen === this.#period) this.value = this.#seedSum / this.#period;
    } else {
      // TA-Lib's form: prev + α(x − prev).
      this.value += (x - this.value) * this.#alpha;
    }
    return this.value;
  }
}

/**
 * Weights 1…n, newest heaviest. The weighted sum moves in O(1): each bar every held value loses one weight
 * (subtract the plain sum) and the new one enters with weight n. Both sums are taken afresh once per n bars
 * so that rounding does not pile up.
 */
export class Wma {
  readonly #sum: WindowSum;
  readonly #period: number;
  readonly #divisor: number;
  #weighted = 0;
  #sinceResum = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.#period = period;
    this.#sum = new WindowSum(period);
    this.#divisor = (period * (period + 1)) / 2;
  }

  update(x: number): number {
    const window = this.#sum.window;
    const before = this.#sum.sum;
    const wasFull = window.full;
    this.#sum.push(x);
    if (++this.#sinceResum >= this.#period) {
      this.#sinceResum = 0;
      let weighted = 0;
      for (let i = 0; i < window.count; i++) weighted += (i + 1) * window.at(i);
      this.#weighted = weighted;
    } else {
      this.#weighted = wasFull ? this.#weighted - before + this.#period * x : this.#weighted + window.count * x;
    }
    if (window.full) this.value = this.#weighted / this.#divisor;
    return this.value;
  }
}
