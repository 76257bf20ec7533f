/** The New York date of an instant, worked out by luxon only when the day changes: asked at every instant of a replay. */
import { DateTime } from 'luxon';

export class TradeDay {
  readonly #zone: string;
  #date = '';
  #startMs = Number.POSITIVE_INFINITY;
  #endMs = Number.NEGATIVE_INFINITY;

  constructor(zone: string) {
    this.#zone = zone;
  }

  /** yyyy-MM-dd in the zone. */
  of(timeMs: number): string {
    if (timeMs >= this.#startMs && timeMs < this.#endMs) return this.#date;
    const day = DateTime.fromMillis(timeMs, { zone: this.#zone }).startOf('day');
    this.#date = day.toFormat('yyyy-MM-dd');
    this.#startMs = day.toMillis();
    this.#endMs = day.plus({ days: 1 }).toMillis();
    return this.#date;
  }
}
