/**
 * `data.source: cache`: the days `robo data fetch` cached, replayed as one BarSource — for each session
 * from the first day to the last, the day file of every strategy symbol, merged in time order (ties in
 * symbol order), one day's files open at a time. Every session in the range must be cached for every
 * symbol: a missing day is refused with the command that fetches it, never replayed as a silent gap.
 */
import { DateTime } from 'luxon';
import { RoboError } from '../domain/errors.js';
import type { Bar } from '../domain/types.js';
import { csvBarSource } from '../brokers/sim/data/csv.js';
import { isoUtc } from '../brokers/sim/data/csv-format.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { EXCHANGE_ZONE } from '../market/clock.js';
import type { ExchangeCalendar, Session } from '../market/calendar.js';
import { barNameOf } from './bar-names.js';
import { cachedDates, dayFile } from './cache-layout.js';
import { declaredBarCount } from './day-file.js';
import { sessionsBetween } from './fetch-plan.js';
import { mergedSource, type MergeInput } from './merge.js';

export interface CacheSelection {
  /** The cache folder, absolute, and as messages show it. */
  readonly root: string;
  readonly shownRoot: string;
  /** The strategies' symbols, in the order that breaks ties. */
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  /** New York trade dates; absent, the first or last day cached for any of the symbols. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface CachedDays {
  readonly bar: string;
  readonly from: string;
  readonly to: string;
  readonly sessions: readonly Session[];
}

/** The sessions a cache run replays, each cached for every symbol; otherwise ROBO_ERR_DATA_MISSING naming the command that fetches the rest. */
export function cachedDays(selection: CacheSelection, calendar: ExchangeCalendar): CachedDays {
  const { root, symbols, barSeconds } = selection;
  const bar = barNameOf(barSeconds);
  if (bar === undefined) throw new RoboError('ROBO_ERR_CONFIG_INVALID', `data.barSeconds: the cache holds no ${barSeconds}-second bars`);
  const held = new Map(symbols.map((symbol) => [symbol, cachedDates(root, symbol, bar)]));
  const all = [...held.values()].flat().sort();
  const from = selection.from ?? all[0];
  const to = selection.to ?? all.at(-1);
  if (from === undefined || to === undefined) {
    throw missing(selection, bar, symbols, selection.from ?? '<first day>', selection.to ?? '<last day>', `the cache ${selection.shownRoot} holds no ${bar} days of ${symbols.join(', ')}`);
  }
  if (to < from) throw new RoboError('ROBO_ERR_CONFIG_INVALID', `data.to: expected a date on or after data.from (${from}), was ${to}`);
  const sessions = sessionsBetween(calendar, from, to);
  const lacking = symbols.map((symbol) => {
    const have = new Set(held.get(symbol));
    return { symbol, dates: sessions.filter((s) => !have.has(s.date)).map((s) => s.date) };
  }).filter((gap) => gap.dates.length > 0);
  if (lacking.length > 0) {
    const dates = lacking.flatMap((gap) => gap.dates).sort();
    const first = dates[0] ?? from;
    const last = dates.at(-1) ?? to;
    const count = lacking.map((gap) => `${gap.symbol}: ${gap.dates.length} day${gap.dates.length === 1 ? '' : 's'}`).join(', ');
    throw missing(selection, bar, lacking.map((gap) => gap.symbol), first, last, `the cache ${selection.shownRoot} lacks ${bar} sessions from ${from} to ${to} (${count}; the first ${first})`);
  }
  return { bar, from, to, sessions };
}

function missing(selection: CacheSelection, bar: string, symbols: readonly string[], from: string, to: string, what: string): RoboError {
  return new RoboError('ROBO_ERR_DATA_MISSING', what, {
    details: [
      '  fetch them from Interactive Brokers (TWS or IB Gateway running), with the config of your IB broker:',
      `  robo data fetch --symbols ${symbols.join(',')} --from ${from} --to ${to} --bar ${bar} --cache ${selection.shownRoot} --config <your IB config>`,
    ],
  });
}

/** The cached days as one BarSource. */
export function cacheBarSource(selection: CacheSelection, days: CachedDays): BarSource {
  const inputs: MergeInput[] = days.sessions.flatMap((session) => selection.symbols.map((symbol) => {
    const path = dayFile(selection.root, symbol, days.bar, session.date);
    const name = dayFile(selection.shownRoot, symbol, days.bar, session.date);
    const midnight = DateTime.fromISO(session.date, { zone: EXCHANGE_ZONE });
    const day = { date: session.date, fromMs: midnight.toMillis(), toMs: midnight.plus({ days: 1 }).toMillis() };
    return {
      name,
      // The day's midnight: no bar of the trade date starts before it, whatever hours were fetched.
      firstMs: day.fromMs,
      batches: () => withinDay(csvBarSource(path, { barSeconds: selection.barSeconds, symbols: [symbol], shownAs: name }).batches(), day, name, path),
    };
  }));
  return mergedSource(selection.symbols, inputs);
}

/**
 * A day file's bars, each checked to lie in the trade date its name gives (a file copied under the wrong
 * name would replay its bars as another day's), and as many as its first line says the fetch wrote (a
 * file cut short at a line's end is still valid CSV, and would replay half a day as a whole one).
 */
async function* withinDay(batches: AsyncIterable<readonly Bar[]>, day: { readonly date: string; readonly fromMs: number; readonly toMs: number }, name: string, path: string): AsyncGenerator<readonly Bar[]> {
  let count = 0;
  for await (const batch of batches) {
    count += batch.length;
    const stray = batch.find((bar) => bar.time < day.fromMs || bar.time >= day.toMs);
    if (stray !== undefined) {
      throw new RoboError('ROBO_ERR_DATA_INVALID', `${name}: a bar at ${isoUtc(stray.time)}, outside the New York trade date ${day.date} the file is named for`, {
        details: ['  a cache day file holds the bars of the day in its name only; delete it and run robo data fetch again'],
      });
    }
    yield batch;
  }
  const declared = declaredBarCount(path);
  if (declared !== undefined && declared !== count) {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `${name} holds ${count} bars, but its first line says the fetch wrote ${declared}: the file was cut short or edited since`, {
      details: ['  a cache day file is the whole day as fetched; delete it and run robo data fetch again'],
    });
  }
}

/** Reads every cached day with the replay's checks (each bad file's lines reported at once), then the whole range as the replay will: each day's bars inside its day. */
export async function checkCachedDays(selection: CacheSelection, days: CachedDays): Promise<void> {
  for (const session of days.sessions) {
    for (const symbol of selection.symbols) {
      const path = dayFile(selection.root, symbol, days.bar, session.date);
      await csvBarSource(path, { barSeconds: selection.barSeconds, symbols: [symbol], shownAs: dayFile(selection.shownRoot, symbol, days.bar, session.date) }).check();
    }
  }
  for await (const batch of cacheBarSource(selection, days).batches()) void batch;
}
