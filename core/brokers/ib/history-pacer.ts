/**
 * Keeps historical-data requests inside IB's pacing rules, so TWS never answers with a pacing violation
 * (error 162) — it says when the next request may go, and reserves that moment for it.
 *
 * IB's rules (TWS API documentation, "Historical Data Limitations" → "Pacing Violations for Small
 * Bars", https://interactivebrokers.github.io/tws-api/historical_limitations.html):
 * - no identical historical data request within 15 seconds;
 * - no six or more requests for the same contract, exchange and tick type within two seconds;
 * - no more than 60 requests within any ten-minute period.
 * IB states them for bars of 30 seconds or less and throttles larger bars softly. Robo keeps the first
 * two for every bar size (they cost a warm-up at most seconds) and the 60-in-ten-minutes rule for small
 * bars only, so warming up many symbols on minute or daily bars is not held for ten minutes.
 * (BID_ASK, which counts twice, is not a tick type Robo asks for. IB's limit of 50 open requests at
 * once is kept in history.ts, which holds the rest back until one is answered.)
 */
import type { Clock } from '../../market/clock.js';

export interface PacedRequest {
  /** Contract, exchange and tick type: what IB's two-second rule counts together. */
  readonly contract: string;
  /** Every parameter of the request: what IB's identical-request rule compares. */
  readonly identity: string;
  /** Bars of 30 seconds or less, which the ten-minute rule counts. */
  readonly smallBars: boolean;
}

export const IDENTICAL_REQUEST_GAP_MS = 15_000;
export const SAME_CONTRACT_WINDOW_MS = 2_000;
/** "Six or more" in two seconds is a violation, so five is the most. */
export const SAME_CONTRACT_MAX = 5;
export const SMALL_BARS_WINDOW_MS = 600_000;
export const SMALL_BARS_MAX = 60;
/**
 * Added to every window: IB counts requests as they reach TWS, and they reach it later than they leave
 * Robo, by different amounts — two sent exactly two seconds apart can arrive 1.95 s apart, a violation.
 */
export const ARRIVAL_MARGIN_MS = 250;
const IDENTICAL_GAP = IDENTICAL_REQUEST_GAP_MS + ARRIVAL_MARGIN_MS;
const SAME_CONTRACT_WINDOW = SAME_CONTRACT_WINDOW_MS + ARRIVAL_MARGIN_MS;
const SMALL_BARS_WINDOW = SMALL_BARS_WINDOW_MS + ARRIVAL_MARGIN_MS;

interface Slot extends PacedRequest {
  readonly at: number;
}

export type Reservation =
  | { readonly ok: true; readonly waitMs: number; readonly release: () => void }
  | { readonly ok: false; readonly waitMs: number; readonly rule: string };

export class HistoryPacer {
  readonly #clock: Clock;
  #slots: Slot[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * The wait before `request` may be sent, and its slot reserved at that moment; `release` gives the
   * slot back when the request was not sent after all. A wait longer than `maxWaitMs` is refused and
   * reserves nothing; `rule` names the rule that holds it.
   */
  reserve(request: PacedRequest, maxWaitMs: number): Reservation {
    const now = this.#clock.nowMs();
    this.#slots = this.#slots.filter((slot) => slot.at > now - SMALL_BARS_WINDOW);
    const at = this.#earliest(request, now);
    const waitMs = at - now;
    if (waitMs > maxWaitMs) return { ok: false, waitMs, rule: this.#holdingRule(request, now) };
    const slot: Slot = { ...request, at };
    this.#slots.push(slot);
    return { ok: true, waitMs, release: () => { this.#slots = this.#slots.filter((s) => s !== slot); } };
  }

  /**
   * The earliest moment from `now` that keeps every rule. A rule stops holding a request exactly when
   * some earlier request leaves its window, so the answer is `now` or one of those moments.
   */
  #earliest(request: PacedRequest, now: number): number {
    const candidates = [now];
    for (const slot of this.#slots) candidates.push(slot.at + IDENTICAL_GAP, slot.at + SAME_CONTRACT_WINDOW, slot.at + SMALL_BARS_WINDOW);
    const sorted = candidates.filter((t) => t >= now).sort((a, b) => a - b);
    const found = sorted.find((t) => this.#allows(request, t));
    // Unreachable: after the last slot's longest window every rule allows the request.
    return found ?? Math.max(...sorted);
  }

  #allows(request: PacedRequest, at: number): boolean {
    return this.#breaks(request, at) === undefined;
  }

  /** The first rule a request at `at` would break, in full words; undefined when it breaks none. */
  #breaks(request: PacedRequest, at: number): string | undefined {
    if (this.#slots.some((s) => s.identity === request.identity && Math.abs(s.at - at) < IDENTICAL_GAP)) {
      return 'no identical request within 15 seconds';
    }
    const sameContract = this.#slots.filter((s) => s.contract === request.contract).map((s) => s.at);
    if (!fitsWindow(sameContract, at, SAME_CONTRACT_MAX, SAME_CONTRACT_WINDOW)) return 'at most 5 requests for the same contract, exchange and tick type within 2 seconds';
    if (request.smallBars) {
      const small = this.#slots.filter((s) => s.smallBars).map((s) => s.at);
      if (!fitsWindow(small, at, SMALL_BARS_MAX, SMALL_BARS_WINDOW)) return 'at most 60 requests for bars of 30 seconds or less within 10 minutes';
    }
    return undefined;
  }

  #holdingRule(request: PacedRequest, now: number): string {
    return this.#breaks(request, now) ?? 'IB\'s pacing rules';
  }
}

/** Whether adding `at` to `times` keeps at most `max` of them in every window of `windowMs` (half-open: [s, s + windowMs)). */
function fitsWindow(times: readonly number[], at: number, max: number, windowMs: number): boolean {
  const all = [...times, at].sort((a, b) => a - b);
  for (let i = 0; i + max < all.length; i++) {
    const first = all[i] ?? 0;
    const last = all[i + max] ?? 0;
    if (last - first < windowMs && first <= at && at <= last) return false;
  }
  return true;
}
