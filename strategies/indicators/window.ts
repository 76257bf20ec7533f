/**
 * The rolling windows the indicators share: a fixed ring of the last n numbers, its sum kept in O(1) a bar
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
 * The highest or lowest of the last `size` values, in amortised O(1) a value whatever the data (a rescan on
 * every bar would cost O(size) a bar through a long decline, for the highest): a monotonic queue of the values
 * that could still become the extreme, each with its arrival number, held in fixed rings.
 */
export class WindowExtreme {
  readonly size: number;
  readonly #sign: 1 | -1;
  readonly #values: Float64Array;
  readonly #arrivals: Float64Array;
  #head = 0;
  #length = 0;
  #pushed = 0;

  constructor(size: number, kind: 'highest' | 'lowest') {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`expected a window of at least 1 value, was ${size}`);
    this.size = size;
    this.#sign = kind === 'highest' ? 1 : -1;
    this.#values = new Float64Array(size);
    this.#arrivals = new Float64Array(size);
  }

  get full(): boolean {
    return this.#pushed >= this.size;
  }

  push(value: number): void {
    const size = this.size;
    const arrival = this.#pushed++;
    // The oldest leaves once it is `size` arrivals old.
    if (this.#length > 0 && this.#arrivals[this.#head]! <= arrival - size) {
      this.#head = this.#head + 1 === size ? 0 : this.#head + 1;
      this.#length--;
    }
    // Values no more extreme than the new one can never be the extreme again: they leave before it.
    while (this.#length > 0) {
      const back = this.#head + this.#length - 1;
      const last = this.#values[back >= size ? back - size : back]!;
      if ((last - value) * this.#sign > 0) break;
      this.#length--;
    }
    const slot = this.#head + this.#length;
    const index = slot >= size ? slot - size : slot;
    this.#values[index] = value;
    this.#arrivals[index] = arrival;
    this.#length++;
  }

  /** The extreme of the values held (of fewer than `size` before the window is full), NaN when empty. */
  get value(): number {
    return this.#length === 0 ? Number.NaN : this.#values[this.#head]!;
  }
}
