/**
 * Robo's "now" when it trades on Interactive Brokers: the system clock, corrected to TWS's clock when
 * the two disagree by more than TWS's whole-second answer can explain. IB's clock is the one that
 * decides whether an order is in session, so the trading-hours guard and every log line use it.
 * It is synchronised once, at the first connection, before anything trades, so it never jumps later.
 */
import { DateTime } from 'luxon';
import { EXCHANGE_ZONE, type Clock } from '../../market/clock.js';

/** TWS answers in whole seconds: a difference below this is rounding, not a wrong clock. */
const TOLERANCE_MS = 2_000;

export class BrokerTimeClock implements Clock {
  readonly #base: Clock;
  #offsetMs = 0;
  #synced = false;

  constructor(base: Clock) {
    this.#base = base;
  }

  nowMs(): number {
    return this.#base.nowMs() + this.#offsetMs;
  }

  now(): DateTime {
    return DateTime.fromMillis(this.nowMs(), { zone: EXCHANGE_ZONE });
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /**
   * Takes TWS's time (whole seconds, truncated) and the local time halfway through the request;
   * returns the offset now applied (0 when the clocks agree). Later calls change nothing.
   */
  sync(brokerMs: number, localMs: number): number {
    if (this.#synced) return this.#offsetMs;
    this.#synced = true;
    // The broker truncated to the second: its true time is on average half a second later.
    const difference = brokerMs + 500 - localMs;
    this.#offsetMs = Math.abs(difference) < TOLERANCE_MS ? 0 : Math.round(difference);
    return this.#offsetMs;
  }
}
