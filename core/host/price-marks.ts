/**
 * When each symbol was last priced, and whether that price is too old to judge risk by. A position
 * valued at a price that stopped moving hides any loss in it, and a limit checked against it checks
 * nothing; so the guards ask here. Age counts only in regular trading hours — overnight, weekends and
 * holidays age nothing — and from the later of the last price, today's open and the start of the run,
 * so the first bars of a session and of a run have their time to come.
 */
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';

/** A symbol whose last price is too old: how old (undefined when it never had one), and the limit. */
export interface Staleness {
  readonly symbol: string;
  readonly ageMs: number | undefined;
  readonly limitMs: number;
}

/** The default limit for a host built without one: a quarter of an hour. */
export const DEFAULT_MAX_PRICE_AGE_MS = 15 * 60_000;

export class PriceMarks {
  readonly #clock: Clock;
  readonly #calendar: ExchangeCalendar;
  readonly #limitMs: number;
  readonly #markedAt = new Map<string, number>();
  #since = -Infinity;

  constructor(clock: Clock, calendar: ExchangeCalendar, limitMs: number) {
    this.#clock = clock;
    this.#calendar = calendar;
    this.#limitMs = limitMs;
  }

  get limitMs(): number {
    return this.#limitMs;
  }

  /** The run starts: no price can be older than the run for its first `limitMs`. */
  begin(): void {
    this.#since = this.#clock.nowMs();
  }

  mark(symbol: string): void {
    this.#markedAt.set(symbol, this.#clock.nowMs());
  }

  /** The symbol's staleness now, or undefined when its price is fresh enough or the market is not in regular session. */
  staleness(symbol: string): Staleness | undefined {
    const now = this.#clock.nowMs();
    let openMs: number;
    try {
      const session = this.#calendar.session(this.#calendar.tradeDateOf(now));
      if (session === null || now < session.openMs || now >= session.closeMs) return undefined;
      openMs = session.openMs;
    } catch {
      return undefined; // outside the calendar: the trading-hours guard refuses on its own
    }
    const markedAt = this.#markedAt.get(symbol);
    if (now - Math.max(markedAt ?? -Infinity, openMs, this.#since) <= this.#limitMs) return undefined;
    return { symbol, ageMs: markedAt === undefined ? undefined : now - markedAt, limitMs: this.#limitMs };
  }
}

/** "the last price of SPY is 23m 10s old (the limit is 15m)" — for veto reasons and log lines. */
export function describeStaleness(s: Staleness): string {
  const limit = duration(s.limitMs);
  return s.ageMs === undefined
    ? `${s.symbol} has had no price for longer than ${limit}`
    : `the last price of ${s.symbol} is ${duration(s.ageMs)} old (the limit is ${limit})`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 || (h === 0 && m === 0) ? `${s}s` : ''].filter(Boolean).join(' ');
}
