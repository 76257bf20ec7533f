/** Specifies BarAggregator: feed bars combined into a strategy's timeframe by the NYSE calendar's regular sessions. */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isRoboError } from '../../../core/domain/errors.js';
import type { Bar } from '../../../core/domain/types.js';
import { BarAggregator } from '../../../core/market/bar-aggregator.js';
import { ExchangeCalendar, loadExchangeCalendar } from '../../../core/market/calendar.js';
import xnys from '../../../core/market/calendars/XNYS.json' with { type: 'json' };
import { TIMEFRAMES, compatible, type Timeframe } from '../../../core/market/timeframe.js';
import { thrownBy } from '../../support/thrown.js';

const calendar = loadExchangeCalendar('XNYS');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A wall time in New York, e.g. ny('2026-11-27T12:59'). */
const ny = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();

/**
 * Feed bars of `seconds` from `from` (included) to `to` (excluded), New York wall times, with prices and
 * volumes that differ from bar to bar, so that a wrong open, close, high, low or sum shows.
 */
function feed(from: string, to: string, seconds = 60, symbol = 'SPY'): Bar[] {
  const bars: Bar[] = [];
  const durationMs = seconds * 1000;
  for (let time = ny(from), end = ny(to), i = 0; time < end; time += durationMs, i += 1) {
    const open = 100 + (i % 7);
    const close = 100 + ((i * 3) % 5);
    bars.push({ symbol, time, durationMs, open, high: Math.max(open, close) + 1 + (i % 3), low: Math.min(open, close) - 1 - (i % 2), close, volume: 100 + i });
  }
  return bars;
}

/** What a window made of `bars` must be: first open, last close, extremes, summed volume, over the window's time. */
function combined(bars: readonly Bar[], time: number, durationMs: number): Bar {
  return {
    symbol: bars[0]?.symbol ?? 'SPY',
    time,
    durationMs,
    open: bars[0]?.open ?? Number.NaN,
    high: Math.max(...bars.map((b) => b.high)),
    low: Math.min(...bars.map((b) => b.low)),
    close: bars.at(-1)?.close ?? Number.NaN,
    volume: bars.reduce((sum, b) => sum + b.volume, 0),
  };
}

/** Every bar the aggregator returns for `bars`, with the bar whose push returned it. */
function run(aggregator: BarAggregator, bars: readonly Bar[]): { out: Bar[]; by: number[] } {
  const out: Bar[] = [];
  const by: number[] = [];
  for (const bar of bars) {
    for (const done of aggregator.push(bar)) {
      out.push(done);
      by.push(bar.time);
    }
  }
  return { out, by };
}

const within = (bars: readonly Bar[], from: string, to: string): Bar[] => bars.filter((b) => b.time >= ny(from) && b.time < ny(to));

describe('BarAggregator: windows inside a session', () => {
  it('when 1-minute bars build 5m then the 09:30 bar is returned by the push of the 09:34 bar, not a bar later', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T09:36');

    // Act
    const returned = bars.map((bar) => aggregator.push(bar));

    // Assert
    expect(returned.slice(0, 4)).toEqual([[], [], [], []]);
    expect(returned[4]).toEqual([combined(bars.slice(0, 5), ny('2026-11-24T09:30'), 5 * MINUTE)]);
    expect(returned[5]).toEqual([]);
  });

  it('when 5-second bars build 5m then the window completes with its 09:34:55 bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T09:40', 5);

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([
      combined(bars.slice(0, 60), ny('2026-11-24T09:30'), 5 * MINUTE),
      combined(bars.slice(60), ny('2026-11-24T09:35'), 5 * MINUTE),
    ]);
    expect(by).toEqual([ny('2026-11-24T09:34:55'), ny('2026-11-24T09:39:55')]);
  });

  it('when 1-minute bars build 1h then the windows start at 09:30 and the last one is cut at the 16:00 close', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const bars = feed('2026-11-24T09:30', '2026-11-24T16:00');

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    const starts = ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30', '15:30'].map((hhmm) => ny(`2026-11-24T${hhmm}`));
    expect(out.map((b) => b.time)).toEqual(starts);
    expect(out.map((b) => b.durationMs)).toEqual([HOUR, HOUR, HOUR, HOUR, HOUR, HOUR, 30 * MINUTE]);
    expect(out.at(-1)).toEqual(combined(within(bars, '2026-11-24T15:30', '2026-11-24T16:00'), ny('2026-11-24T15:30'), 30 * MINUTE));
    expect(by.at(-1)).toBe(ny('2026-11-24T15:59'));
    expect(aggregator.flush()).toBeUndefined();
  });

  it('when the session closes early at 13:00 (2026-11-27) then the 1h windows end at 13:00', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const bars = feed('2026-11-27T09:30', '2026-11-27T13:00');

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => [b.time, b.durationMs])).toEqual([
      [ny('2026-11-27T09:30'), HOUR],
      [ny('2026-11-27T10:30'), HOUR],
      [ny('2026-11-27T11:30'), HOUR],
      [ny('2026-11-27T12:30'), 30 * MINUTE],
    ]);
    expect(by.at(-1)).toBe(ny('2026-11-27T12:59'));
  });

  it.each([
    ['4h', '2026-11-24', '16:00', [['09:30', 4 * HOUR], ['13:30', 2.5 * HOUR]]],
    ['2h', '2026-11-27', '13:00', [['09:30', 2 * HOUR], ['11:30', 1.5 * HOUR]]],
    ['4h', '2026-11-27', '13:00', [['09:30', 3.5 * HOUR]]],
  ] as const)('when %s bars are built on %s (closing at %s) then the last window is cut at the close', (timeframe, day, close, windows) => {
    // Arrange
    const aggregator = new BarAggregator(calendar, timeframe);
    const bars = feed(`${day}T09:30`, `${day}T${close}`, 900);

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => [b.time, b.durationMs])).toEqual(windows.map(([start, durationMs]) => [ny(`${day}T${start}`), durationMs]));
  });

  it('when 20m bars are built then the windows run 09:30, 09:50, 10:10 … and the last one is 15:50 to 16:00', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '20m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T16:00', 300);

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toHaveLength(20);
    expect(out.slice(0, 3).map((b) => b.time)).toEqual([ny('2026-11-24T09:30'), ny('2026-11-24T09:50'), ny('2026-11-24T10:10')]);
    expect(out.at(-1)).toEqual(combined(within(bars, '2026-11-24T15:50', '2026-11-24T16:00'), ny('2026-11-24T15:50'), 10 * MINUTE));
  });

  it('when the clocks have just moved forward (Monday 2026-03-09) then the windows still start at 09:30 New York, 13:30 UTC', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const bars = [...feed('2026-03-06T09:30', '2026-03-06T16:00'), ...feed('2026-03-09T09:30', '2026-03-09T16:00')];

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    const iso = out.map((b) => new Date(b.time).toISOString().slice(0, 16));
    expect(iso.slice(0, 7)).toEqual(['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30'].map((t) => `2026-03-06T${t}`));
    expect(iso.slice(7)).toEqual(['13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30'].map((t) => `2026-03-09T${t}`));
  });
});

describe('BarAggregator: 1d', () => {
  it('when a whole session of 1-minute bars arrives then the day bar spans 09:30 to 16:00 and comes with the 15:59 bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1d');
    const bars = feed('2026-11-24T09:30', '2026-11-24T16:00');

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(bars, ny('2026-11-24T09:30'), 6.5 * HOUR)]);
    expect(by).toEqual([ny('2026-11-24T15:59')]);
  });

  it('when the session closes early (2026-11-27) then the day bar lasts 3.5 hours and comes with the 12:59 bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1d');
    const bars = feed('2026-11-27T09:30', '2026-11-27T13:00', 5);

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(bars, ny('2026-11-27T09:30'), 3.5 * HOUR)]);
    expect(by).toEqual([ny('2026-11-27T12:59:55')]);
  });

  it('when the week of the clock change is aggregated then each day bar starts at its own 09:30 and lasts 6.5 hours', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1d');
    const days = ['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'];
    const bars = days.flatMap((day) => feed(`${day}T09:30`, `${day}T16:00`, 300));

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => [new Date(b.time).toISOString(), b.durationMs])).toEqual([
      ['2026-03-05T14:30:00.000Z', 6.5 * HOUR],
      ['2026-03-06T14:30:00.000Z', 6.5 * HOUR],
      ['2026-03-09T13:30:00.000Z', 6.5 * HOUR],
      ['2026-03-10T13:30:00.000Z', 6.5 * HOUR],
    ]);
  });
});

describe('BarAggregator: gaps', () => {
  it('when the last bar of a window is missing then the window is returned by the first bar of the next, before that bar is counted', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T09:40').filter((b) => b.time !== ny('2026-11-24T09:34'));
    const first = within(bars, '2026-11-24T09:30', '2026-11-24T09:35');
    const second = within(bars, '2026-11-24T09:35', '2026-11-24T09:40');

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(first, ny('2026-11-24T09:30'), 5 * MINUTE), combined(second, ny('2026-11-24T09:35'), 5 * MINUTE)]);
    expect(by).toEqual([ny('2026-11-24T09:35'), ny('2026-11-24T09:39')]);
  });

  it('when the first bars of a window are missing then it still starts and lasts as its window, with the open of its first bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = within(feed('2026-11-24T09:30', '2026-11-24T09:40'), '2026-11-24T09:37', '2026-11-24T09:40');

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(bars, ny('2026-11-24T09:35'), 5 * MINUTE)]);
  });

  it('when the bar after a gap is also the last of its own window then one push returns both windows, oldest first', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const all = feed('2026-11-24T09:30', '2026-11-24T09:40');
    const bars = [...within(all, '2026-11-24T09:30', '2026-11-24T09:33'), ...within(all, '2026-11-24T09:39', '2026-11-24T09:40')];

    // Act
    const returned = bars.map((bar) => aggregator.push(bar));

    // Assert
    expect(returned.at(-1)).toEqual([combined(bars.slice(0, 3), ny('2026-11-24T09:30'), 5 * MINUTE), combined(bars.slice(3), ny('2026-11-24T09:35'), 5 * MINUTE)]);
  });

  it('when whole windows have no bars then no bar is made for them', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '15m');
    const bars = [...feed('2026-11-24T09:30', '2026-11-24T09:45'), ...feed('2026-11-24T11:00', '2026-11-24T11:15')];

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => b.time)).toEqual([ny('2026-11-24T09:30'), ny('2026-11-24T11:00')]);
  });
});

describe('BarAggregator: outside regular hours', () => {
  it('when a feed also has pre- and after-market bars then they are part of no bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1d');
    const bars = feed('2026-11-24T04:00', '2026-11-24T20:00');

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(within(bars, '2026-11-24T09:30', '2026-11-24T16:00'), ny('2026-11-24T09:30'), 6.5 * HOUR)]);
    expect(aggregator.flush()).toBeUndefined();
  });

  it('when the 15:59 bar is missing then the first after-market bar returns the last window', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T15:50', '2026-11-24T16:05').filter((b) => b.time !== ny('2026-11-24T15:59'));

    // Act
    const { out, by } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => b.time)).toEqual([ny('2026-11-24T15:50'), ny('2026-11-24T15:55')]);
    expect(by.at(-1)).toBe(ny('2026-11-24T16:00'));
  });

  it('when overnight bars (20:00 to 03:50, IB\'s overnight session) arrive then they are part of no bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const bars = [...feed('2026-11-23T20:00', '2026-11-24T03:50', 300), ...feed('2026-11-24T09:30', '2026-11-24T10:30', 300)];

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([combined(within(bars, '2026-11-24T09:30', '2026-11-24T10:30'), ny('2026-11-24T09:30'), HOUR)]);
  });

  it('when the timeframe equals the feed bars then pre- and after-market bars are still left out', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1m');
    const bars = feed('2026-11-24T09:00', '2026-11-24T16:30');

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toEqual(within(bars, '2026-11-24T09:30', '2026-11-24T16:00'));
  });
});

describe('BarAggregator: between sessions', () => {
  it('when a weekend and a holiday lie between sessions then windows never join days, and the early close after Thanksgiving ends its own', () => {
    // Arrange: Wednesday 2026-11-25, Thanksgiving Thursday closed, Friday 2026-11-27 closes at 13:00, the weekend, Monday 2026-11-30
    const aggregator = new BarAggregator(calendar, '1d');
    const days = [['2026-11-25', '16:00'], ['2026-11-27', '13:00'], ['2026-11-30', '16:00']] as const;
    const bars = days.flatMap(([day, close]) => feed(`${day}T09:30`, `${day}T${close}`, 900));

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out.map((b) => [b.time, b.durationMs])).toEqual([
      [ny('2026-11-25T09:30'), 6.5 * HOUR],
      [ny('2026-11-27T09:30'), 3.5 * HOUR],
      [ny('2026-11-30T09:30'), 6.5 * HOUR],
    ]);
  });

  it('when a session ends with an unfinished window then the first bar of the next session returns it', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '30m');
    const wednesday = feed('2026-11-25T15:30', '2026-11-25T15:55', 300);
    const friday = feed('2026-11-27T09:30', '2026-11-27T10:00', 300);

    // Act
    const { out, by } = run(aggregator, [...wednesday, ...friday]);

    // Assert
    expect(out).toEqual([combined(wednesday, ny('2026-11-25T15:30'), 30 * MINUTE), combined(friday, ny('2026-11-27T09:30'), 30 * MINUTE)]);
    expect(by[0]).toBe(ny('2026-11-27T09:30'));
  });

  it('when bars arrive on a holiday or a weekend then they are part of no bar', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = [...feed('2026-11-26T09:30', '2026-11-26T09:40'), ...feed('2026-11-28T09:30', '2026-11-28T09:40')];

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toEqual([]);
    expect(aggregator.flush()).toBeUndefined();
  });
});

describe('BarAggregator: pass-through and flush', () => {
  it('when the timeframe equals the feed bar length then each bar is returned as it is, the same object', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T16:00', 300);

    // Act
    const { out } = run(aggregator, bars);

    // Assert
    expect(out).toHaveLength(bars.length);
    out.forEach((bar, i) => expect(bar).toBe(bars[i]));
  });

  it('when the data ends inside a window then flush returns it once', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const bars = feed('2026-11-24T09:30', '2026-11-24T10:00');
    run(aggregator, bars);

    // Act
    const first = aggregator.flush();
    const second = aggregator.flush();

    // Assert
    expect(first).toEqual(combined(bars, ny('2026-11-24T09:30'), HOUR));
    expect(second).toBeUndefined();
  });

  it('when a bar of a flushed window comes after all then it is refused, so no window is returned twice', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = feed('2026-11-24T09:30', '2026-11-24T09:35');
    run(aggregator, bars.slice(0, 2));
    aggregator.flush();

    // Act
    const error = thrownBy(() => aggregator.push(bars[2]!));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_INTERNAL')).toBe(true);
    expect(aggregator.push(feed('2026-11-24T09:35', '2026-11-24T09:40', 300)[0]!)).toHaveLength(1);
  });

  it('when nothing was pushed then flush returns nothing', () => {
    expect(new BarAggregator(calendar, '1d').flush()).toBeUndefined();
  });
});

describe('BarAggregator: bars it cannot take', () => {
  it('when a feed bar crosses a window boundary (7-minute bars for 5m) then it is an internal error', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const [bar] = feed('2026-11-24T09:30', '2026-11-24T09:37', 420);

    // Act
    const error = thrownBy(() => aggregator.push(bar!));

    // Assert
    expect(compatible('5m', 420).ok).toBe(false);
    expect(isRoboError(error, 'ROBO_ERR_INTERNAL')).toBe(true);
    expect((error as Error).message).toContain('2026-11-24 09:30:00 New York to 2026-11-24 09:37:00 New York, across its window at 2026-11-24 09:35:00 New York');
  });

  it('when an hour bar on the clock hour (09:00 to 10:00) crosses the open then it is an internal error', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1h');
    const [bar] = feed('2026-11-24T09:00', '2026-11-24T10:00', 3600);

    // Act
    const error = thrownBy(() => aggregator.push(bar!));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_INTERNAL')).toBe(true);
    expect((error as Error).message).toContain('across the open at 2026-11-24 09:30:00 New York');
  });

  it.each([
    ['a bar repeated', (bars: Bar[]) => [bars[0]!, bars[0]!]],
    ['a bar older than the last', (bars: Bar[]) => [bars[1]!, bars[0]!]],
    ['a bar of no length', (bars: Bar[]) => [{ ...bars[0]!, durationMs: 0 }]],
    ['a bar of another symbol', (bars: Bar[]) => [bars[0]!, { ...bars[1]!, symbol: 'QQQ' }]],
  ])('when it is given %s then it is an internal error', (_what, pick) => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '5m');
    const bars = pick(feed('2026-11-24T09:30', '2026-11-24T09:32'));

    // Act
    const error = thrownBy(() => bars.forEach((bar) => aggregator.push(bar)));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_INTERNAL')).toBe(true);
  });

  it('when a bar lies past the calendar coverage then it is refused as out of coverage', () => {
    // Arrange
    const aggregator = new BarAggregator(calendar, '1d');
    const bars = [...feed('2028-12-29T19:58', '2028-12-29T20:00'), ...feed('2029-01-02T09:30', '2029-01-02T09:31')];

    // Act
    const error = thrownBy(() => bars.forEach((bar) => aggregator.push(bar)));

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_CALENDAR_COVERAGE')).toBe(true);
  });
});

describe('BarAggregator: cost', () => {
  it('when a week of extended-hours 1-minute bars is aggregated then the calendar is asked about twice a day, not once a bar', () => {
    // Arrange: a calendar of its own, so the spies count only this aggregator's questions
    const own = new ExchangeCalendar(xnys, 'XNYS.json');
    const tradeDateOf = vi.spyOn(own, 'tradeDateOf');
    const aggregator = new BarAggregator(own, '5m');
    const days = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'];
    const bars = days.flatMap((day) => feed(`${day}T04:00`, `${day}T20:00`));

    // Act
    run(aggregator, bars);

    // Assert
    expect(bars.length).toBe(4800);
    expect(tradeDateOf.mock.calls.length).toBeLessThanOrEqual(2 * days.length);
  });
});

describe('BarAggregator: properties', () => {
  const DAYS = ['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-09', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-24'];
  const pairs = TIMEFRAMES.flatMap((timeframe) => [60, 300, 900, 1800].filter((s) => compatible(timeframe, s).ok).map((s) => [timeframe, s] as const));

  it('when any compatible feed with gaps and extended hours is aggregated then volume is conserved and every bar is well formed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.constantFrom(...DAYS),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer(),
        ([timeframe, seconds]: readonly [Timeframe, number], firstDay, dayCount, extended, dropRate, seed) => {
          // Arrange
          const random = lcg(seed);
          const startIndex = DAYS.indexOf(firstDay);
          const days = DAYS.slice(startIndex, startIndex + dayCount);
          const bars = days.flatMap((day) => (extended ? feed(`${day}T04:00`, `${day}T20:00`, seconds) : feed(`${day}T09:30`, `${day}T16:00`, seconds)))
            .filter(() => random() >= dropRate)
            .map((bar) => jiggle(bar, random));
          const aggregator = new BarAggregator(calendar, timeframe);

          // Act
          const out = run(aggregator, bars).out;
          const last = aggregator.flush();
          if (last !== undefined) out.push(last);

          // Assert
          const regular = bars.filter((b) => calendar.isOpen(b.time));
          expect(sum(out.map((b) => b.volume))).toBe(sum(regular.map((b) => b.volume)));
          for (const [i, b] of out.entries()) {
            expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
            expect(Math.min(b.open, b.close)).toBeGreaterThanOrEqual(b.low);
            expect(calendar.isOpen(b.time)).toBe(true);
            expect(b.time + b.durationMs).toBeLessThanOrEqual(calendar.session(calendar.tradeDateOf(b.time))!.closeMs);
            if (i > 0) expect(b.time).toBeGreaterThanOrEqual(out[i - 1]!.time + out[i - 1]!.durationMs);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Random prices of a valid bar (low ≤ open, close ≤ high) and a whole volume. */
function jiggle(bar: Bar, random: () => number): Bar {
  const open = 50 + random() * 100;
  const close = 50 + random() * 100;
  return { ...bar, open, close, high: Math.max(open, close) + random() * 2, low: Math.min(open, close) - random() * 2, volume: Math.floor(random() * 10_000) };
}

/** A small seeded generator, so a failing case replays from fast-check's seed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
