/** The last few values of one series, for reads back in time (`close[3]`): a fixed ring, no allocation per bar. */
export class SeriesRing {
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(depth: number) {
    this.#values = new Float64Array(depth + 1);
  }

  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#count < this.#values.length) this.#count += 1;
  }

  /** The value `ago` bars back, 0 = the latest; NaN before there were that many. */
  at(ago: number): number {
    if (ago >= this.#count) return Number.NaN;
    const size = this.#values.length;
    return this.#values[(this.#next - 1 - ago + size * 2) % size]!;
  }
}
