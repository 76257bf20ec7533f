/** What robo data fetch asks IB for: a request per session (none for closed days), each within IB's longest duration for the bar size. */
import { describe, expect, it } from 'vitest';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { sessionsBetween, spansOf } from '../../../core/data/fetch-plan.js';

const calendar = loadExchangeCalendar('XNYS');

describe('sessionsBetween', () => {
  it('when a range holds weekends and holidays then only the sessions are in it, oldest first', () => {
    // 2026-01-16 (Friday) to 2026-01-20 (Tuesday): the weekend and Martin Luther King Day (Monday 19th) have no session.
    expect(sessionsBetween(calendar, '2026-01-16', '2026-01-20').map((s) => s.date)).toEqual(['2026-01-16', '2026-01-20']);
  });

  it('when the range leaves the calendar\'s coverage then it fails closed', () => {
    expect(() => sessionsBetween(calendar, '1990-01-02', '1990-01-03')).toThrow(/expected a date between/);
  });
});

describe('spansOf', () => {
  it('when bars are a minute or more then one day ("1 D") ending at the session\'s close, early closes included', () => {
    const friday = calendar.session('2025-11-28'); // the day after Thanksgiving closes at 13:00
    if (friday === null) throw new Error('expected a session');
    expect(spansOf(friday, 60)).toEqual([{ endMs: friday.closeMs, duration: '1 D' }]);
    expect(new Date(friday.closeMs).toISOString()).toBe('2025-11-28T18:00:00.000Z');
  });

  it('when bars are 30 seconds or less then spans of IB\'s longest duration for the size, back from the close to the open', () => {
    const day = calendar.session('2026-03-02');
    if (day === null) throw new Error('expected a session');
    const spans = spansOf(day, 5); // 3600 S at most: 6.5 hours take 7 requests, the last half an hour
    expect(spans.map((s) => s.duration)).toEqual(['3600 S', '3600 S', '3600 S', '3600 S', '3600 S', '3600 S', '1800 S']);
    expect(spans[0]?.endMs).toBe(day.closeMs);
    expect((spans.at(-1)?.endMs ?? 0) - 1_800_000).toBe(day.openMs);
  });
});
