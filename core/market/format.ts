/** Instants as people read them in logs and messages: New York wall time, to the second, with its offset. */
import { DateTime } from 'luxon';
import { EXCHANGE_ZONE } from './clock.js';

export function formatInstant(ms: number | undefined): string {
  if (ms === undefined) return 'an unknown time';
  return DateTime.fromMillis(ms, { zone: EXCHANGE_ZONE }).startOf('second').toISO({ suppressMilliseconds: true }) ?? String(ms);
}
