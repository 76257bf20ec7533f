/**
 * Combines one symbol's feed bars into bars of a strategy's timeframe, by the exchange calendar's
 * regular sessions. A combined bar is returned by the push of its last feed bar, never a bar later.
 *
 * Rules:
 * - Windows are aligned to each session's regular open: 1h is 09:30–10:30, 10:30–11:30, …, 15:30–16:00.
 *   A window that would pass the close is cut at it (15:30–16:00 lasts 30 minutes); on an early close
 *   the windows end at 13:00. `1d` is one window from the open to the close of each session.
 * - A combined bar starts at its window's start and lasts the window (`time`, `durationMs`), even when
 *   feed bars are missing; open is its first feed bar's, close its last one's, high and low the extremes,
 *   volume the sum. Numbers stay numbers; the symbol is the feed's.
 * - Feed bars outside the regular session (pre- and after-market, overnight, from a `useRth: false`
 *   feed) and on days without a session are part of no combined bar: they are dropped.
 * - A window is complete when a feed bar ending at its end arrives. When that bar is missing (a gap),
 *   the window is complete as soon as any later bar arrives (of a later window, of the extended
 *   session, of another day) and is returned by that push, before the later bar is counted. So a push
 *   returns zero, one or two bars, oldest first: two when the bar after a gap also completes its own
 *   window. `flush()` returns the window still open at the end of the data.
 * - A feed bar covering a whole window alone (the timeframe equals the feed's bar length) is returned
 *   as it is, the same object.
 * - A feed bar that crosses a window's boundary, or the open, cannot be split: `compatible()` refuses
 *   such feeds, so meeting one is a bug (ROBO_ERR_INTERNAL). So are bars out of time order or of
 *   another symbol.
 *
 * Cost per bar: a few comparisons. The calendar is asked once per session (and once per stretch of
 * closed hours), the window's bounds once per window; no luxon on the way of a bar.
 */
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import type { Bar } from '../domain/types.js';
import type { ExchangeCalendar } from './calendar.js';
import { addDays } from './civil-date.js';
import { timeframeSeconds, type Timeframe } from './timeframe.js';

type Building = { -readonly [K in keyof Bar]: Bar[K] };

const NONE: readonly Bar[] = Object.freeze([]);

export class BarAggregator {
  readonly timeframe: Timeframe;
  readonly #calendar: ExchangeCalendar;
  /** Window length; `1d` has a single window per session, ending at its close. */
  readonly #windowMs: number;
  #symbol: string | undefined;

  /** The regular session the last regular bar fell in: bars in [open, close) need no calendar. */
  #openMs = 0;
  #closeMs = 0;
  /** A stretch of closed hours already looked up: bars in [from, until) belong to no session. */
  #closedFromMs = 0;
  #closedUntilMs = 0;
  /** The open that ends the closed stretch; a bar reaching past it straddles the open. */
  #nextOpenMs = 0;

  /** The window being built, and its bounds. */
  #current: Building | undefined;
  #windowStartMs = 0;
  #windowEndMs = 0;
  /** End of the latest bar pushed: the next one may not start before it. */
  #lastEndMs = Number.NEGATIVE_INFINITY;

  constructor(calendar: ExchangeCalendar, timeframe: Timeframe) {
    this.#calendar = calendar;
    this.timeframe = timeframe;
    this.#windowMs = timeframe === '1d' ? Number.POSITIVE_INFINITY : timeframeSeconds(timeframe) * 1000;
  }

  /** Counts one feed bar; returns the combined bars it completed, oldest first (see the rules above). */
  push(bar: Bar): readonly Bar[] {
    const startMs = bar.time;
    const endMs = startMs + bar.durationMs;
    this.#checkOrder(bar, startMs, endMs);
    this.#lastEndMs = endMs;

    const current = this.#current;
    if (current !== undefined && startMs < this.#windowEndMs) {
      // The common case: one more bar of the open window.
      if (endMs > this.#windowEndMs) this.#crossed(bar, 'its window');
      if (bar.high > current.high) current.high = bar.high;
      if (bar.low < current.low) current.low = bar.low;
      current.close = bar.close;
      current.volume += bar.volume;
      if (endMs < this.#windowEndMs) return NONE;
      this.#current = undefined;
      return [current];
    }

    // The bar starts a new window, or falls outside the session; a window still open ended with a gap.
    const late = current;
    this.#current = undefined;
    if (!this.#inSession(bar, startMs, endMs)) return late === undefined ? NONE : [late];
    if (startMs >= this.#windowEndMs) this.#enterWindow(startMs);
    if (endMs > this.#windowEndMs) this.#crossed(bar, 'its window');
    if (endMs === this.#windowEndMs && startMs === this.#windowStartMs) {
      return late === undefined ? [bar] : [late, bar];
    }
    const started: Building = {
      symbol: bar.symbol,
      time: this.#windowStartMs,
      durationMs: this.#windowEndMs - this.#windowStartMs,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
    };
    if (endMs === this.#windowEndMs) return late === undefined ? [started] : [late, started];
    this.#current = started;
    return late === undefined ? NONE : [late];
  }

  /**
   * The window still being built at the end of the data (its last feed bars never came), if any. Each
   * window is returned once: a later bar of the flushed window is refused as out of time order.
   */
  flush(): Bar | undefined {
    const current = this.#current;
    if (current === undefined) return undefined;
    this.#current = undefined;
    this.#lastEndMs = Math.max(this.#lastEndMs, this.#windowEndMs);
    return current;
  }

  #checkOrder(bar: Bar, startMs: number, endMs: number): void {
    if (this.#symbol === undefined) this.#symbol = bar.symbol;
    else if (bar.symbol !== this.#symbol) {
      throw new RoboError('ROBO_ERR_INTERNAL', `a ${this.timeframe} bar aggregator of ${this.#symbol} expected bars of ${this.#symbol}, was given one of ${bar.symbol}`);
    }
    if (!(endMs > startMs)) {
      throw new RoboError('ROBO_ERR_INTERNAL', `the ${this.timeframe} bar aggregator of ${bar.symbol} expected bars of a positive length, was given one at ${newYork(startMs)} lasting ${bar.durationMs} ms`);
    }
    if (startMs < this.#lastEndMs) {
      throw new RoboError('ROBO_ERR_INTERNAL', `the ${this.timeframe} bar aggregator of ${bar.symbol} expected bars in time order, was given one starting at ${newYork(startMs)}, before ${newYork(this.#lastEndMs)} where the bars it already has end`);
    }
  }

  /** Whether the bar lies in a regular session; on the way, caches the session or the closed stretch it found. */
  #inSession(bar: Bar, startMs: number, endMs: number): boolean {
    if (startMs >= this.#openMs && startMs < this.#closeMs) return true;
    if (startMs < this.#closedFromMs || startMs >= this.#closedUntilMs) this.#lookUp(startMs);
    if (startMs >= this.#openMs && startMs < this.#closeMs) return true;
    if (endMs > this.#nextOpenMs) this.#crossed(bar, 'the open');
    return false;
  }

  /** Once per session, and once per stretch of closed hours. */
  #lookUp(instantMs: number): void {
    const date = this.#calendar.tradeDateOf(instantMs);
    const session = this.#calendar.session(date);
    if (session !== null && instantMs >= session.openMs && instantMs < session.closeMs) {
      this.#openMs = session.openMs;
      this.#closeMs = session.closeMs;
      this.#windowEndMs = 0; // the first bar of the session enters its window
      return;
    }
    this.#closedFromMs = instantMs;
    if (session !== null && instantMs < session.openMs) {
      this.#closedUntilMs = this.#nextOpenMs = session.openMs;
      return;
    }
    // After the close, or a day without a session: closed until the next session opens.
    const [next] = date < this.#calendar.coverage.to ? this.#calendar.sessionsFrom(addDays(date, 1), 1) : [];
    if (next !== undefined) {
      this.#closedUntilMs = this.#nextOpenMs = next.openMs;
      return;
    }
    // The calendar ends with this day: closed until its midnight, after which tradeDateOf refuses the
    // next bar as out of coverage rather than this class guessing.
    this.#nextOpenMs = Number.POSITIVE_INFINITY;
    this.#closedUntilMs = DateTime.fromISO(addDays(date, 1), { zone: this.#calendar.zone }).toMillis();
  }

  /** Once per window: its bounds inside the cached session. */
  #enterWindow(instantMs: number): void {
    const index = Math.floor((instantMs - this.#openMs) / this.#windowMs);
    this.#windowStartMs = this.#windowMs === Number.POSITIVE_INFINITY ? this.#openMs : this.#openMs + index * this.#windowMs;
    this.#windowEndMs = Math.min(this.#windowStartMs + this.#windowMs, this.#closeMs);
  }

  #crossed(bar: Bar, what: string): never {
    const boundary = what === 'the open' ? this.#nextOpenMs : this.#windowEndMs;
    throw new RoboError(
      'ROBO_ERR_INTERNAL',
      `the ${this.timeframe} bar aggregator of ${bar.symbol} was given a bar from ${newYork(bar.time)} to ${newYork(bar.time + bar.durationMs)}, across ${what} at ${newYork(boundary)}; ` +
        `a feed whose bars do not fit the windows should have been refused by compatible()`,
    );
  }
}

/** For error messages only. */
function newYork(instantMs: number): string {
  if (!Number.isFinite(instantMs)) return String(instantMs);
  return DateTime.fromMillis(instantMs, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd HH:mm:ss 'New York'");
}
