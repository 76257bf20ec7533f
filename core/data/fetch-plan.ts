/**
 * What `robo data fetch` asks IB for: the exchange's sessions between two dates (weekends and holidays
 * have none, so they cost no request), and for each session the spans IB answers within its limits —
 * bars of a minute or more: one day (`1 D`) ending at the session's close, IB's safe choice for 1-minute
 * bars; bars of 30 seconds or less: IB's longest duration for the size (`1800 S` for 1-second bars),
 * back from the close to the open.
 */
import { smallBarMaxSeconds } from '../brokers/ib/history.js';
import type { ExchangeCalendar, Session } from '../market/calendar.js';
import { addDays } from '../market/civil-date.js';

export interface DaySpan {
  /** Epoch ms: IB's endDateTime. */
  readonly endMs: number;
  /** IB's durationStr. */
  readonly duration: string;
}

/** The regular sessions from `from` to `to`, both New York dates, inclusive; fails closed past the calendar's coverage. */
export function sessionsBetween(calendar: ExchangeCalendar, from: string, to: string): readonly Session[] {
  const sessions: Session[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const session = calendar.session(date);
    if (session !== null) sessions.push(session);
  }
  return sessions;
}

/** The requests that cover one session's regular hours for bars of `barSeconds`, latest first. */
export function spansOf(session: Session, barSeconds: number): readonly DaySpan[] {
  const max = smallBarMaxSeconds(barSeconds);
  if (max === undefined) return [{ endMs: session.closeMs, duration: '1 D' }];
  const spans: DaySpan[] = [];
  for (let end = session.closeMs; end > session.openMs;) {
    const seconds = Math.min(max, (end - session.openMs) / 1000);
    spans.push({ endMs: end, duration: `${seconds} S` });
    end -= seconds * 1000;
  }
  return spans;
}
