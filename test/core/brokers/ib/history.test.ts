/** What a historical-data request asks IB for, how IB's bar times are read, and IB's pacing rules, on a manual clock. */
import { describe, expect, it } from 'vitest';
import { HistoryPacer, type PacedRequest } from '../../../../core/brokers/ib/history-pacer.js';
import { barTime, ibBarSize, ibDuration, ibEndDateTime, nextSmallBarChunk, toBar } from '../../../../core/brokers/ib/history.js';
import { BrokerRejection, type BrokerPort } from '../../../../core/brokers/port.js';
import { SimBroker } from '../../../../core/brokers/sim/broker.js';
import { ManualClock } from '../../../../core/market/clock.js';

const OPEN_MS = 1_772_461_800_000; // Monday 2026-03-02 09:30 New York (14:30 UTC)
const MINUTE = 60_000;

describe('BrokerPort.historicalBars', () => {
  it('when the broker is simulated then it has no history: a backtest warms up from its own data', () => {
    const optional: BrokerPort['historicalBars'] = undefined;

    expect(optional).toBeUndefined();
    expect('historicalBars' in SimBroker.prototype).toBe(false);
  });
});

describe('the request IB is sent', () => {
  it('when bars are asked for then each length maps to IB\'s bar size, and a length IB lacks is refused', () => {
    expect([5, 30, 60, 300, 900, 3600, 86_400].map(ibBarSize)).toEqual(['5 secs', '30 secs', '1 min', '5 mins', '15 mins', '1 hour', '1 day']);
    expect(() => ibBarSize(7)).toThrow(BrokerRejection);
  });

  it('when the end is given then it is written in UTC as IB reads it without a zone name', () => {
    expect(ibEndDateTime(OPEN_MS + 30 * MINUTE)).toBe('20260302-15:00:00');
  });

  it('when enough of today\'s session lies before the end then the duration is in seconds, at least IB\'s 30', () => {
    expect(ibDuration({ barSeconds: 60, count: 60, endMs: OPEN_MS + 90 * MINUTE, useRth: true })).toBe('3660 S');
    expect(ibDuration({ barSeconds: 5, count: 3, endMs: OPEN_MS + 10 * MINUTE, useRth: true })).toBe('30 S');
  });

  it('when the bars reach back past the session\'s open then whole calendar days are asked, weekend included', () => {
    // 09:45 on a Monday: 15 minutes of today, the rest on Friday.
    expect(ibDuration({ barSeconds: 60, count: 60, endMs: OPEN_MS + 15 * MINUTE, useRth: true })).toBe('5 D');
    // Saturday: no session at all that day.
    expect(ibDuration({ barSeconds: 60, count: 10, endMs: OPEN_MS - 2 * 86_400_000, useRth: true })).toBe('5 D');
  });

  it('when daily bars are asked then the days cover weekends and holidays, and years past 365 days', () => {
    expect(ibDuration({ barSeconds: 86_400, count: 20, endMs: OPEN_MS, useRth: true })).toBe('33 D');
    expect(ibDuration({ barSeconds: 86_400, count: 200, endMs: OPEN_MS, useRth: true })).toBe('294 D');
    expect(ibDuration({ barSeconds: 86_400, count: 400, endMs: OPEN_MS, useRth: true })).toBe('2 Y');
  });
});

describe('requests for small bars (30 seconds or less)', () => {
  const FRIDAY_CLOSE_MS = Date.UTC(2026, 1, 27, 21); // Friday 2026-02-27 16:00 New York

  it('when the end is inside a session then the request ends there and lasts as long as the bars need, at least 30 seconds', () => {
    expect(nextSmallBarChunk(OPEN_MS + 15_000, 5, 5, true)).toEqual({ endMs: OPEN_MS + 15_000, seconds: 30 });
    expect(nextSmallBarChunk(OPEN_MS + 60 * MINUTE, 100, 5, true)).toEqual({ endMs: OPEN_MS + 60 * MINUTE, seconds: 505 });
  });

  it('when the bars need longer than IB allows for the bar size then the request is cut to IB\'s limit', () => {
    expect(nextSmallBarChunk(OPEN_MS + 300 * MINUTE, 1_000, 5, true).seconds).toBe(3_600);
    expect(nextSmallBarChunk(OPEN_MS + 300 * MINUTE, 10_000, 30, true).seconds).toBe(28_800);
  });

  it('when the end is at the open, over a weekend or after the close then the request ends at the last close before it', () => {
    expect(nextSmallBarChunk(OPEN_MS, 5, 5, true).endMs).toBe(FRIDAY_CLOSE_MS);
    expect(nextSmallBarChunk(OPEN_MS - 2 * 86_400_000, 5, 5, true).endMs).toBe(FRIDAY_CLOSE_MS);
    expect(nextSmallBarChunk(OPEN_MS + 8 * 60 * MINUTE, 5, 5, true).endMs).toBe(OPEN_MS + 390 * MINUTE);
  });

  it('when extended hours are asked then the session runs from 04:00 to 20:00', () => {
    expect(nextSmallBarChunk(OPEN_MS - 60 * MINUTE, 5, 5, false).endMs).toBe(OPEN_MS - 60 * MINUTE);
    expect(nextSmallBarChunk(OPEN_MS - 330 * MINUTE, 5, 5, false).endMs).toBe(FRIDAY_CLOSE_MS + 4 * 60 * MINUTE);
  });
});

describe('IB\'s bar times', () => {
  it('when a bar time is epoch seconds then it is the bar\'s start, and it lasts the bar length', () => {
    expect(barTime('1772461800', 60)).toEqual({ time: OPEN_MS, durationMs: 60_000 });
  });

  it('when a bar time is a trade date then the bar starts at midnight New York and lasts that day', () => {
    expect(barTime('20260302', 86_400)).toEqual({ time: Date.UTC(2026, 2, 2, 5), durationMs: 86_400_000 });
    // The day clocks go forward in New York is 23 hours long.
    expect(barTime('20260308', 86_400).durationMs).toBe(23 * 3_600_000);
  });

  it('when a bar time is neither then it is refused', () => {
    expect(() => barTime('20260302 09:30:00', 60)).toThrow(/epoch seconds or a date/);
  });

  it('when IB sends volume -1 (MIDPOINT, BID, ASK) then the bar has volume 0', () => {
    expect(toBar('SPY', 60, { time: '1772461800', open: 1, high: 2, low: 0.5, close: 1.5, volume: -1 }).volume).toBe(0);
  });
});

describe('HistoryPacer', () => {
  const spy = (n: number, smallBars = false): PacedRequest => ({ contract: 'SPY|SMART|TRADES', identity: `SPY ${n}`, smallBars });

  it('when six requests for one contract come at once then the sixth and seventh wait until two seconds after the first', () => {
    const pacer = new HistoryPacer(new ManualClock(OPEN_MS));

    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => pacer.reserve(spy(n), 10_000).waitMs);

    // Two seconds after the first, and a quarter of a second more: requests reach TWS later than they leave, some later than others.
    expect(waits).toEqual([0, 0, 0, 0, 0, 2_250, 2_250]);
  });

  it('when the same request comes again then it waits 15 seconds after the first', () => {
    const clock = new ManualClock(OPEN_MS);
    const pacer = new HistoryPacer(clock);
    pacer.reserve(spy(1), 10_000);
    clock.advance(5_000);

    expect(pacer.reserve(spy(1), 20_000).waitMs).toBe(10_250);
  });

  it('when the wait would be longer than allowed then it is refused, naming the rule, and reserves nothing', () => {
    const pacer = new HistoryPacer(new ManualClock(OPEN_MS));
    pacer.reserve(spy(1), 10_000);

    const refused = pacer.reserve(spy(1), 10_000);

    expect(refused).toEqual({ ok: false, waitMs: 15_250, rule: 'no identical request within 15 seconds' });
    expect(pacer.reserve(spy(2), 10_000).waitMs).toBe(0);
  });

  it('when 60 requests for small bars were made in ten minutes then the 61st waits for the first to leave the window', () => {
    const clock = new ManualClock(OPEN_MS);
    const pacer = new HistoryPacer(clock);
    for (let n = 0; n < 60; n++) {
      expect(pacer.reserve({ contract: `S${n}`, identity: `S${n}`, smallBars: true }, 0).ok).toBe(true);
      clock.advance(1_000);
    }

    expect(pacer.reserve({ contract: 'X', identity: 'X', smallBars: true }, 600_000).waitMs).toBe(540_250);
    expect(pacer.reserve({ contract: 'Y', identity: 'Y', smallBars: false }, 0).waitMs).toBe(0);
  });

  it('when a reserved request is released then its slot is free again', () => {
    const pacer = new HistoryPacer(new ManualClock(OPEN_MS));
    const first = pacer.reserve(spy(1), 10_000);
    if (first.ok) first.release();

    expect(pacer.reserve(spy(1), 10_000).waitMs).toBe(0);
  });
});
