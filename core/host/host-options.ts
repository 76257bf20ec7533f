/** What a host is made with, and the states it goes through. */
import type { BrokerPort } from '../brokers/port.js';
import type { Decimal } from '../domain/money.js';
import type { Journal } from '../journal/journal.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import type { StateStore } from './state-store.js';
import type { Timers } from './timers.js';

export type HostState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Where an order intent is written durably before it is sent (the journal's first duty). */
export type IntentJournal = Pick<Journal, 'recordIntent'>;

export interface HostOptions {
  readonly broker: BrokerPort;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
  readonly log: Logger;
  readonly startingCash: Decimal;
  readonly timers?: Timers;
  readonly tapTimeoutMs?: number;
  /** Where intents and broker events are journaled; the host closes it at stop. Default: an in-memory journal (a backtest). */
  readonly journal?: Journal;
  /** Durable plugin state; default: the journal's. */
  readonly store?: StateStore;
  /** Whether stopping cancels the orders still open at the broker (default true); if not, the next start re-attaches them. */
  readonly cancelOpenOrdersOnStop?: boolean;
  /** Leave protective exits working at a broker whose account outlives the run, even when cancelling the rest (`shutdown.keepProtectiveExits`); default true. */
  readonly keepProtectiveExitsOnStop?: boolean;
  /** How many closed orders stay in memory (default KEEP_CLOSED_ORDERS); older ones are read back from the journal when the broker mentions them. */
  readonly keepClosedOrders?: number;
  /** How old, in regular hours, a symbol's last price may be before the guards call it stale (default 15 minutes). */
  readonly maxPriceAgeMs?: number;
}

/**
 * Closed orders kept in memory. Brokers mention an order again within seconds (its commission report) or
 * within the day (a correction, a replay after a reconnect); beyond this many newer closed orders, the
 * journal answers instead. Memory stays flat however long the run.
 */
export const KEEP_CLOSED_ORDERS = 1000;
