/**
 * One-minute bars for every regular session between two dates, as the TWS test server sends them (epoch
 * seconds, text prices), with closes on a slow wave so a moving-average strategy crosses now and then.
 * The same bars as a Robo CSV file, for runs to compare against.
 */
import type { HistoricalBarFields } from './tws-server/messages.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { sessionsBetween } from '../../core/data/fetch-plan.js';
import { csvLine } from '../../core/data/day-file.js';
import { CSV_HEADER } from '../../core/brokers/sim/data/csv-format.js';

export function minuteBars(from: string, to: string, base = 100): HistoricalBarFields[] {
  const bars: HistoricalBarFields[] = [];
  let i = 0;
  for (const session of sessionsBetween(loadExchangeCalendar('XNYS'), from, to)) {
    for (let t = session.openMs; t < session.closeMs; t += 60_000, i++) {
      const open = base + 2 * Math.sin((i - 1) / 45);
      const close = base + 2 * Math.sin(i / 45);
      const fixed = (n: number): string => n.toFixed(2);
      bars.push({ time: String(t / 1000), open: fixed(open), high: fixed(Math.max(open, close) + 0.05), low: fixed(Math.min(open, close) - 0.05), close: fixed(close), volume: String(1000 + (i % 7) * 100) });
    }
  }
  return bars;
}

/** The bars as the lines of a Robo CSV file of `symbol`. */
export function csvOf(symbol: string, bars: readonly HistoricalBarFields[]): string {
  return CSV_HEADER + '\n' + bars.map((b) => csvLine({ symbol, time: Number(b.time) * 1000, durationMs: 60_000, open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close), volume: Number(b.volume) })).join('');
}
