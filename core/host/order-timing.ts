/**
 * Orders that only make sense at certain times of the exchange's day, refused before any guard sees
 * them: the closing auction takes MOC and LOC orders until ten minutes before the close (15:50 New
 * York, 12:50 on an early close: NYSE's cut-off), and an OPG order is for an opening auction still to come.
 */
import type { OrderIntent } from '../domain/types.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import { formatInstant } from '../market/format.js';

/** How long before the close the closing auction stops taking MOC and LOC orders. */
export const CLOSE_AUCTION_CUTOFF_MS = 10 * 60_000;

export function orderTimingProblem(intent: OrderIntent, nowMs: number, calendar: ExchangeCalendar): string | undefined {
  const onClose = intent.type === 'MOC' || intent.type === 'LOC';
  const onOpen = intent.tif === 'OPG';
  if (!onClose && !onOpen) return undefined;
  const session = calendar.session(calendar.tradeDateOf(nowMs));
  if (onClose) {
    if (session === null) return `a ${intent.type} order is for today's closing auction, and ${calendar.tradeDateOf(nowMs)} has no session`;
    const cutoff = session.closeMs - CLOSE_AUCTION_CUTOFF_MS;
    if (nowMs >= cutoff) return `the closing auction takes ${intent.type} orders until ${formatInstant(cutoff)} (ten minutes before the${session.earlyClose ? ' early' : ''} close); it is ${formatInstant(nowMs)}`;
    return undefined;
  }
  if (session !== null && nowMs >= session.openMs && nowMs < session.closeMs) {
    return `an OPG order trades in the opening auction, and today's opened at ${formatInstant(session.openMs)}; send it before the next open`;
  }
  return undefined;
}
