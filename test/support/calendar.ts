/** Small exchange calendars for tests that must not move when XNYS.json gains a year. */
import { ExchangeCalendar } from '../../core/market/calendar.js';

interface YearDays {
  readonly holidays?: readonly { readonly date: string; readonly name: string }[];
  readonly earlyCloses?: readonly { readonly date: string; readonly close: string; readonly lateClose: string }[];
}

/** The NYSE's regular hours for one whole year, with the given closures, built and checked by the real parser. */
export function calendarOfYear(year: number, days: YearDays, label = `${year} calendar`): ExchangeCalendar {
  const covers = { from: `${year}-01-01`, to: `${year}-12-31` };
  return new ExchangeCalendar({
    schemaVersion: 1,
    exchange: 'XNYS',
    zone: 'America/New_York',
    sources: [{ title: `NYSE ${year} holidays`, url: 'https://www.nyse.com/markets/hours-calendars', retrievedAt: '2026-12-05', covers }],
    coverage: covers,
    sessions: { pre: '04:00', open: '09:30', close: '16:00', post: '20:00' },
    holidays: days.holidays ?? [],
    earlyCloses: days.earlyCloses ?? [],
  }, label);
}
