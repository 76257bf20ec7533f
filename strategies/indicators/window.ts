/**
 * The rolling windows the indicators share: a fixed ring of the last n numbers, its sum kept in O(1) per bar
 * without drift, and its highest or lowest value. Each allocates once, when created, and never per bar.
 */

/** The last `size` values pushed, oldest first by `at(0)`; `full` once `size` values have arrived. */
export class Window {
  readonly size: number;
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`expected a window of at least 1 value, was ${size}`);
    this.size = size;
    this.#values = new Float64Array(size);
  }

  get full(): boolean {
    return this.#count === this.size;
  }

  /** How many values it holds: up to `size`. */
  get count(): number {
    return this.#count;
  }

  /** Adds `value` and returns the one it pushed out, or NaN while the window was not yet full. */
  push(value: number): number {
    const evicted = this.#count === this.size ? this.#values[this.#next]! : Number.NaN;
    this.#values[this.#next] = value;
    this.#next = this.#next + 1 === this.size ? 0 : this.#next + 1;
    if (this.#count < this.size) this.#count++;
    return evicted;
  }

  /** The `i`-th value held, 0 the oldest, `count - 1` the newest. */
  at(i: number): number {
    const start = this.#count === this.size ? this.#next : 0;
    const j = start + i;
    return this.#values[j >= this.size ? j - this.size : j]!;
  }
}

/**
 * The sum of the last `size` values. Adding the new value and subtracting the evicted one is O(1), but its
 * rounding errors would pile up over a long backtest; so once per `size` bars the sum is taken afresh from the
 * window (amortised O(1)), and its error never exceeds that of one window's worth of additions.
 */
export class WindowSum {
  readonly window: Window;
  #sum = 0;
  #sinceResum = 0;

  constructor(size: number) {
    this.window = new Window(size);
  }

  get full(): boolean {
    return this.window.full;
  }

  push(value: number): void {
    const evicted = this.window.push(value);
    if (++this.#sinceResum >= this.window.size) {
      this.#sinceResum = 0;
      let sum = 0;
      for (let i = 0; i < this.window.count; i++) sum += this.window.at(i);
      this.#sum = sum;
    } else {
      this.#sum += Number.isNaN(evicted) ? value : value - evicted;
    }
  }

  /** The sum of the values held (of fewer than `size` before the window is full). */
  get sum(): number {
    return this.#sum;
  }
}

/**
 * The highest (`sign` 1) or lowest (`sign` -1) of the last `size` values. It remembers where the extreme is,
 * and scans the window again only when that value leaves it — as TA-Lib's MAX and MIN do.
 */
export class WindowExtreme {
  readonly window: Window;
  readonly #sign: 1 | -1;
  #extreme = Number.NaN;
  /** Bars until the extreme leaves the window: 0 means it has gone. */
  #life = 0;

  constructor(size: number, kind: 'highest' | 'lowest') {
    this.window = new Window(size);
    this.#sign = kind === 'highest' ? 1 : -1;
  }

  get full(): boolean {
    return this.window.full;
  }

  push(value: number): void {
    this.window.push(value);
    this.#life--;
    if (this.#life > 0 && (value - this.#extreme) * this.#sign < 0) return;
    if (this.#life > 0 || this.window.count === 1) {
      // The new value is at least as extreme as the one in the window (or the only one): it lives longest.
      this.#extreme = value;
      this.#life = this.window.size;
      return;
    }
    // The extreme left the window: find the newest of the most extreme values among those held.
    const count = this.window.count;
    let best = this.window.at(count - 1);
    let bestIndex = count - 1;
    for (let i = count - 2; i >= 0; i--) {
      const candidate = this.window.at(i);
      if ((candidate - best) * this.#sign > 0) {
        best = candidate;
        bestIndex = i;
      }
    }
    this.#extreme = best;
    // The value at index i of a full window leaves it after i + 1 more pushes.
    this.#life = bestIndex + 1 + (this.window.size - count);
  }

  /** The extreme of the values held (of fewer than `size` before the window is full), NaN when empty. */
  get value(): number {
    return this.#extreme;
  }
}
