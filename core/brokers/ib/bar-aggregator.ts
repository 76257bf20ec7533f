/**
 * Turns IB's 5-second real-time bars into bars of `barSeconds`, aligned to the clock (a one-minute
 * bar covers :00 to :59). A bar is complete when its last 5-second bar arrives; if that one never
 * comes (a gap), the bar is emitted when a later bar starts.
 */
import type { Bar } from '../../domain/types.js';

export interface FiveSecondBar {
  /** Epoch seconds of the bar's start. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const IB_REALTIME_BAR_SECONDS = 5;

export class BarAggregator {
  readonly #symbol: string;
  readonly #seconds: number;
  #current: { -readonly [K in keyof Bar]: Bar[K] } | undefined;
  #closedBefore = 0;

  constructor(symbol: string, barSeconds: number) {
    if (barSeconds % IB_REALTIME_BAR_SECONDS !== 0) throw new RangeError(`expected barSeconds to be a multiple of 5 (IB's real-time bars are 5 seconds), was ${barSeconds}`);
    this.#symbol = symbol;
    this.#seconds = barSeconds;
  }

  /** Adds one 5-second bar; returns the bars it completed, oldest first (zero, one, or two on a gap). */
  add(five: FiveSecondBar): Bar[] {
    const startMs = Math.floor(five.time / this.#seconds) * this.#seconds * 1000;
    // A late or repeated 5-second bar of a bar already emitted cannot change it any more.
    if (startMs < this.#closedBefore || (this.#current && startMs < this.#current.time)) return [];
    const done: Bar[] = [];
    if (this.#current && this.#current.time !== startMs) done.push(this.#close(this.#current));
    if (!this.#current) {
      this.#current = { symbol: this.#symbol, time: startMs, durationMs: this.#seconds * 1000, open: five.open, high: five.high, low: five.low, close: five.close, volume: five.volume };
    } else {
      this.#current.high = Math.max(this.#current.high, five.high);
      this.#current.low = Math.min(this.#current.low, five.low);
      this.#current.close = five.close;
      this.#current.volume += five.volume;
    }
    if ((five.time + IB_REALTIME_BAR_SECONDS) * 1000 >= startMs + this.#seconds * 1000) done.push(this.#close(this.#current));
    return done;
  }

  #close(bar: Bar): Bar {
    this.#current = undefined;
    this.#closedBefore = bar.time + bar.durationMs;
    return { ...bar };
  }
}
