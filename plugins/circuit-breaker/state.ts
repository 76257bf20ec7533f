/**
 * The circuit breaker's durable record — its trading state, the trip that caused it, the day's loss
 * baseline and the equity peak — as the plugin and `robo breaker` both read and write it. A record that
 * does not parse refuses to start: forgetting a halt is worse than not starting.
 */
import { formatInstant } from '../../core/market/format.js';
import { clip } from '../../core/quote.js';
import { RoboError } from '../../core/domain/errors.js';
import { dec } from '../../core/domain/money.js';
import type { TradingState } from '../../core/host/events.js';

export const BREAKER_NAME = 'robo:circuit-breaker';

/** failures cool down and half-open; the others latch until a person resets them. */
export type TripKind = 'failures' | 'daily-loss' | 'drawdown' | 'fault';

export interface Trip {
  readonly kind: TripKind;
  readonly reason: string;
  /** Host-clock instant (market time in a replay), epoch milliseconds. */
  readonly atMs: number;
}

export interface BreakerRecord {
  readonly version: 1;
  readonly state: TradingState;
  /** Why the state is not ACTIVE. */
  readonly reason?: string;
  /** What halted trading, while HALTED. */
  readonly trip?: Trip;
  /** The New York trade date the loss is measured on, and equity at its start (a decimal string). */
  readonly session?: { readonly date: string; readonly startEquity: string };
  /** Highest equity seen since the last reset (a decimal string). */
  readonly peakEquity?: string;
  /** Written by `robo breaker reset`, logged and cleared by the next start. */
  readonly resetNotice?: string;
}

export const ACTIVE_RECORD: BreakerRecord = Object.freeze({ version: 1, state: 'ACTIVE' });

const STATES: readonly string[] = ['ACTIVE', 'REDUCING', 'HALTED'];
const KINDS: readonly string[] = ['failures', 'daily-loss', 'drawdown', 'fault'];

export function isLatched(trip: Trip | undefined): boolean {
  return trip !== undefined && trip.kind !== 'failures';
}

/** Parses what the store holds; nothing stored means a breaker that never tripped. */
export function parseBreakerRecord(value: unknown, where: string): BreakerRecord {
  if (value === undefined) return ACTIVE_RECORD;
  const fail = (what: string): never => {
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the circuit breaker's record in ${where} is not valid: ${what}`);
  };
  if (!isRecord(value) || value['version'] !== 1) return fail(`expected an object with version 1, was ${clip(shown(value), 200)}`);
  const state = value['state'];
  if (typeof state !== 'string' || !STATES.includes(state)) return fail(`expected state ACTIVE, REDUCING or HALTED, was ${clip(shown(state), 200)}`);
  const trip = value['trip'];
  if (trip !== undefined && !(isRecord(trip) && typeof trip['kind'] === 'string' && KINDS.includes(trip['kind']) && typeof trip['reason'] === 'string' && Number.isSafeInteger(trip['atMs']))) {
    return fail(`expected trip to be { kind, reason, atMs }, was ${clip(shown(trip), 200)}`);
  }
  if (state === 'HALTED' && trip === undefined) return fail('the state is HALTED but no trip says why');
  const session = value['session'];
  if (session !== undefined && !(isRecord(session) && typeof session['date'] === 'string' && isDecimalText(session['startEquity']))) {
    return fail(`expected session to be { date, startEquity }, was ${clip(shown(session), 200)}`);
  }
  if (value['peakEquity'] !== undefined && !isDecimalText(value['peakEquity'])) return fail(`expected peakEquity to be a decimal string, was ${clip(json(value['peakEquity']) ?? '', 200)}`);
  for (const key of ['reason', 'resetNotice']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return fail(`expected ${key} to be text, was ${clip(json(value[key]) ?? '', 200)}`);
  }
  return value as unknown as BreakerRecord;
}

/** What `robo breaker reset` leaves: ACTIVE, a new loss baseline and a new peak at the next start. */
export function resetRecord(previous: BreakerRecord, atMs: number): BreakerRecord {
  const was = previous.state === 'ACTIVE' ? 'ACTIVE' : `${previous.state} since ${formatInstant(previous.trip?.atMs)}: ${previous.trip?.reason ?? previous.reason ?? 'no reason recorded'}`;
  return { version: 1, state: 'ACTIVE', resetNotice: `the circuit breaker was reset by robo breaker reset at ${formatInstant(atMs)}; it was ${was}` };
}

export function describeRecord(record: BreakerRecord): string {
  if (record.state === 'ACTIVE') return 'ACTIVE';
  const since = record.trip === undefined ? '' : ` since ${formatInstant(record.trip.atMs)} (${record.trip.kind})`;
  return `${record.state}${since}: ${record.trip?.reason ?? record.reason ?? 'no reason recorded'}`;
}

export { formatInstant };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDecimalText(value: unknown): boolean {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) return false;
  return dec(value).isFinite();
}

/** JSON.stringify's result, which is undefined (though typed string) for undefined, functions and symbols. */
function json(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** A stored value as JSON, or as text when JSON has no form for it. */
function shown(value: unknown): string {
  return json(value) ?? String(value);
}
