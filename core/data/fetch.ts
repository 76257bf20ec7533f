/**
 * Fills the cache with IB's bars: every session of every symbol that has no day file yet, one day at a
 * time per symbol (symbols side by side: IB paces each contract apart), each day written whole once
 * all its spans are in. A day already in the cache is never asked again, so a rerun after a stop
 * fetches only the rest; a day that failed is not written, so it is fetched again, never twice over.
 * When the link drops, the fetch waits for the adapter to reconnect and asks for the lost day again,
 * whole; when the link does not come back, it stops, naming what is cached.
 */
import type { Bar } from '../domain/types.js';
import { RoboError, messageOf } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import type { HistorySpan } from '../brokers/ib/history.js';
import type { Session } from '../market/calendar.js';
import { cachedDates, dayFile } from './cache-layout.js';
import { writeDayFile } from './day-file.js';
import { spansOf } from './fetch-plan.js';

/** Where the spans come from: the IB broker in `robo data fetch`. */
export interface SpanSource {
  bars(span: HistorySpan): Promise<readonly Bar[]>;
  /** false once the link is gone: a request refused then was lost with the link, not refused by IB. */
  linkUp(): boolean;
  /** Resolves true once the link is up again, false if it did not come back in the time allowed. */
  linkBack(): Promise<boolean>;
}

export interface FetchJob {
  /** The cache folder, absolute. */
  readonly root: string;
  /** The cache folder as messages show it. */
  readonly shownRoot: string;
  readonly symbols: readonly string[];
  /** The bar's short name (`1m`) and its length. */
  readonly bar: string;
  readonly barSeconds: number;
  /** The sessions to hold, oldest first. */
  readonly sessions: readonly Session[];
}

export interface FetchReport {
  readonly symbols: readonly string[];
  readonly bar: string;
  /** Symbol-days fetched in this run, and those already in the cache before it. */
  readonly daysFetched: number;
  readonly daysAlreadyCached: number;
  /** Of the days fetched, those IB had no bars for (written as empty days). */
  readonly emptyDays: number;
  readonly barsWritten: number;
  readonly requests: number;
  /** Days asked again because the link dropped while they were fetched. */
  readonly retriedAfterDrops: number;
  readonly path: string;
  /** True when `stop` ended the fetch before every day was in: the day being fetched then was not written. */
  readonly stopped: boolean;
}

/** What the fetch tells as it goes: how many days it has to fetch, then each day written (`SPY 2026-03-02`). */
export interface FetchEvents {
  readonly onPlan?: (total: number) => void;
  readonly onDay?: (done: number, total: number, note: string) => void;
}

/** Symbols fetched side by side: IB's per-contract rule then holds each apart, and its 50 open requests stay far off. */
const PARALLEL_SYMBOLS = 4;

/** How often one day is asked for again after the link dropped, before the fetch gives up on a link that keeps dropping. */
const MAX_DAY_RETRIES = 3;

/** IB's words when a span simply has no bars (before a listing, a halted day): an empty day, not a failure. */
const NO_DATA = /query returned no data/i;

const ORIGIN = 'IB historical TRADES bars, regular trading hours';

interface Todo {
  readonly symbol: string;
  readonly sessions: readonly Session[];
}

/**
 * `stop` (Ctrl-C) ends the fetch between requests, and a request it interrupts is not waited for (the
 * caller closes the link, which settles it): the day it belonged to is not written, every day written is whole.
 */
export async function fetchToCache(job: FetchJob, source: SpanSource, events: FetchEvents = {}, stop?: AbortSignal): Promise<FetchReport> {
  const todos: Todo[] = job.symbols.map((symbol) => {
    const cached = new Set(cachedDates(job.root, symbol, job.bar));
    return { symbol, sessions: job.sessions.filter((s) => !cached.has(s.date)) };
  });
  const total = todos.reduce((sum, todo) => sum + todo.sessions.length, 0);
  events.onPlan?.(total);
  const counts = { daysFetched: 0, emptyDays: 0, barsWritten: 0, requests: 0, retriedAfterDrops: 0 };
  // The first failure stops every worker (a list, which the workers fill; only its first is told).
  const failures: RoboError[] = [];
  const stopping = (): boolean => failures.length > 0 || stop?.aborted === true;
  // The first failure, or the stop, lets go of the requests still out: a worker does not wait for their
  // answers (or their timeouts, or a pacing wait of minutes) before the fetch says why it stopped. They
  // are settled when the caller closes the link.
  let giveUp = (): void => undefined;
  const givenUp = new Promise<typeof GAVE_UP>((resolve) => { giveUp = () => resolve(GAVE_UP); });
  stop?.addEventListener('abort', giveUp, { once: true });

  const fetchDay = async (symbol: string, session: Session): Promise<void> => {
    const bars: Bar[] = [];
    for (const span of spansOf(session, job.barSeconds)) {
      if (stop?.aborted === true) return;
      counts.requests++;
      const request = spanBars(source, { symbol, barSeconds: job.barSeconds, endMs: span.endMs, duration: span.duration, useRth: true, whatToShow: 'TRADES' });
      request.catch(() => undefined); // let go of, it may still fail: no one waits for it then
      const answer = await Promise.race([request, givenUp]);
      if (answer === GAVE_UP) return;
      bars.push(...answer);
    }
    // "1 D" may reach into the day before; only this session's bars belong in its file.
    if (stop?.aborted === true) return; // a span may have been cut short by the stop: the day is not whole
    const own = bars.filter((bar) => bar.time >= session.openMs && bar.time < session.closeMs);
    const path = dayFile(job.root, symbol, job.bar, session.date);
    let written: number;
    try {
      written = writeDayFile(path, { symbol, date: session.date, origin: ORIGIN, bars: own });
    } catch (error) {
      throw new CacheWriteError(`cannot write ${dayFile(job.shownRoot, symbol, job.bar, session.date)}: ${fileProblem(error)}`, { cause: error });
    }
    counts.daysFetched++;
    counts.barsWritten += written;
    if (written === 0) counts.emptyDays++;
    events.onDay?.(counts.daysFetched, total, `${symbol} ${session.date}`);
  };

  const worker = async (queue: Todo[]): Promise<void> => {
    for (let todo = queue.shift(); todo !== undefined && !stopping(); todo = queue.shift()) {
      for (const session of todo.sessions) {
        if (stopping()) return;
        for (let retry = 0; ; retry++) {
          try {
            await fetchDay(todo.symbol, session);
            break;
          } catch (error) {
            // Stopped: the request was settled by the link's closing, not refused by IB.
            if (stop?.aborted === true) return;
            // Lost with the link: the day was not written, so it is asked again whole once the adapter is back.
            if (!source.linkUp() && retry < MAX_DAY_RETRIES && await source.linkBack()) {
              counts.retriedAfterDrops++;
              continue;
            }
            failures.push(stopped(job, source, `${todo.symbol} ${session.date}`, error, counts.daysFetched));
            giveUp();
            return;
          }
        }
      }
    }
  };
  const queue = [...todos];
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SYMBOLS, queue.length) }, () => worker(queue)));
  } finally {
    stop?.removeEventListener('abort', giveUp);
  }
  const [failure] = failures;
  if (failure !== undefined) throw failure;
  return {
    symbols: job.symbols,
    bar: job.bar,
    daysFetched: counts.daysFetched,
    daysAlreadyCached: job.symbols.length * job.sessions.length - total,
    emptyDays: counts.emptyDays,
    barsWritten: counts.barsWritten,
    requests: counts.requests,
    retriedAfterDrops: counts.retriedAfterDrops,
    path: job.shownRoot,
    stopped: stop?.aborted === true,
  };
}

/** What a request raced against the first failure (or the stop) gives when that came first. */
const GAVE_UP = Symbol('gave up');

/** A span's bars; IB's "no data" answer is an empty span. */
async function spanBars(source: SpanSource, span: HistorySpan): Promise<readonly Bar[]> {
  try {
    return await source.bars(span);
  } catch (error) {
    if (source.linkUp() && NO_DATA.test(messageOf(error))) return [];
    throw error;
  }
}

/** The cache, not IB, failed: a full disk, a folder without write access. */
class CacheWriteError extends Error {}

/** Why the fetch stopped, and what it leaves: every day written is whole, and a rerun fetches only the rest. */
function stopped(job: FetchJob, source: SpanSource, day: string, error: unknown, fetched: number): RoboError {
  const all = job.symbols.length * job.sessions.length;
  const cached = job.symbols.reduce((sum, symbol) => sum + cachedDates(job.root, symbol, job.bar).filter((date) => job.sessions.some((s) => s.date === date)).length, 0);
  const why = error instanceof CacheWriteError ? 'the cache could not be written' : source.linkUp() ? 'IB refused a request' : 'the link to TWS was lost and did not come back';
  return new RoboError('ROBO_ERR_FETCH_STOPPED', `${why} while fetching ${day} (${job.bar} bars): ${messageOf(error)}`, {
    cause: error,
    details: [
      `  ${cached} of the ${all} symbol-days asked for are cached in ${job.shownRoot} (${fetched} fetched in this run), each day whole`,
      '  run the same command again: it fetches only the days still missing',
    ],
  });
}
