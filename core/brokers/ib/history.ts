/**
 * Historical bars from IB, for warming indicators up: one reqHistoricalData per request (bars of 30
 * seconds or less: several, within IB's step sizes), paced by IB's rules (history-pacer.ts), answered
 * oldest first with only complete bars, at most the count asked for.
 * Each request settles exactly once — with its bars, IB's refusal (162, 200, 366, …) naming the symbol,
 * a timeout (the request is then cancelled at IB), or the loss of the link — and its request id and
 * timers are released whatever happened.
 */
import { DateTime } from 'luxon';
import type { TimerHandle, Timers } from '../../host/timers.js';
import type { Logger } from '../../log.js';
import type { Bar } from '../../domain/types.js';
import { EXCHANGE_ZONE, type Clock } from '../../market/clock.js';
import { BrokerRejection, type HistoryRequest } from '../port.js';
import type { Notice } from './codes.js';
import type { IbSession } from './connection.js';
import { stockContract } from './contract.js';
import { HistoryPacer } from './history-pacer.js';

/** IB's bar sizes (reqHistoricalData's barSizeSetting) by length in seconds. */
const BAR_SIZES: ReadonlyMap<number, string> = new Map([
  [1, '1 secs'], [5, '5 secs'], [10, '10 secs'], [15, '15 secs'], [30, '30 secs'],
  [60, '1 min'], [120, '2 mins'], [180, '3 mins'], [300, '5 mins'], [600, '10 mins'], [900, '15 mins'], [1200, '20 mins'], [1800, '30 mins'],
  [3600, '1 hour'], [7200, '2 hours'], [10800, '3 hours'], [14400, '4 hours'], [28800, '8 hours'],
  [86_400, '1 day'],
]);
const DAY_SECONDS = 86_400;
/** Regular trading hours, 09:30 to 16:00 New York; with extended hours, 04:00 to 20:00. */
const RTH = { open: { hour: 9, minute: 30 }, seconds: 23_400 };
const EXTENDED = { open: { hour: 4, minute: 0 }, seconds: 57_600 };
/** IB's shortest duration. */
const MIN_DURATION_SECONDS = 30;
/** formatDate 2: intraday bar times as epoch seconds (daily bars stay yyyyMMdd), never in TWS's own zone. */
const FORMAT_EPOCH_SECONDS = 2;
/** Codes that answer a historical-data request with a refusal (the others with a request id are logged only). */
const REFUSALS: ReadonlyMap<number, string> = new Map([
  [162, 'IB\'s historical data service refused it (a pacing violation, no data for that period, or no permission)'],
  [200, 'IB does not know the symbol (no security definition)'],
  [366, 'IB has no such historical data query (it had already ended)'],
  [321, 'IB found the request invalid'],
  [354, 'the account has no market data subscription for it'],
]);

/**
 * The most requests one small-bar history may take. A night or a weekend between costs none; a holiday
 * or the hours after an early close cost their length in empty requests (Robo does not know them here),
 * and IB allows 60 small-bar requests in ten minutes for all symbols together.
 */
const MAX_SMALL_BAR_REQUESTS = 10;

/** IB's limit of simultaneous open historical-data requests from the API (historical_limitations page). */
const MAX_OPEN_REQUESTS = 50;

/** How many cancelled request ids are remembered, to recognise IB's late answers to them. */
const CANCELLED_KEPT = 64;

/** What reqHistoricalData is sent for a request. */
export interface IbHistoryParameters {
  readonly endDateTime: string;
  readonly durationStr: string;
  readonly barSizeSetting: string;
}

export function ibBarSize(barSeconds: number): string {
  const size = BAR_SIZES.get(barSeconds);
  if (size === undefined) {
    throw new BrokerRejection(`expected a bar length IB offers (${[...BAR_SIZES.keys()].join(', ')} seconds), was ${barSeconds} seconds`);
  }
  return size;
}

/**
 * IB's end time in UTC, "yyyyMMdd-HH:mm:ss": no time-zone name to get wrong (IB's own examples write
 * "20160127-23:59:59", https://interactivebrokers.github.io/tws-api/historical_bars.html), the form the
 * execution filter uses too.
 */
export function ibEndDateTime(endMs: number): string {
  return DateTime.fromMillis(endMs, { zone: 'utc' }).toFormat('yyyyMMdd-HH:mm:ss');
}

/**
 * The shortest duration that holds `count` complete bars before `endMs`. Inside a session with enough of
 * it behind, seconds ("N S"); otherwise whole days ("N D", or years past 365 days) counted as calendar
 * days with nights, weekends and holidays in between — IB answers only with the bars it has, and the
 * extra ones are dropped after.
 */
export function ibDuration(request: Pick<HistoryRequest, 'barSeconds' | 'count' | 'endMs' | 'useRth'>): string {
  const { barSeconds, count, endMs, useRth } = request;
  if (barSeconds >= DAY_SECONDS) return days(calendarDays(count + 1)); // today's bar is still forming
  const hours = useRth ? RTH : EXTENDED;
  // One bar more: an end inside a bar leaves that bar incomplete, and it is dropped.
  const span = (count + 1) * barSeconds;
  const end = DateTime.fromMillis(endMs, { zone: EXCHANGE_ZONE });
  const open = end.set({ ...hours.open, second: 0, millisecond: 0 });
  const intoSession = (endMs - open.toMillis()) / 1000;
  if (end.weekday <= 5 && intoSession >= span && intoSession <= hours.seconds) return `${Math.max(MIN_DURATION_SECONDS, span)} S`;
  // The day endMs falls on may give none of the bars (before its open, or a closed day), so one more.
  return days(calendarDays(Math.ceil(span / hours.seconds) + 1));
}

/** Calendar days that hold `sessions` trading days: two weekend days per five sessions, and a holiday per twenty. */
function calendarDays(sessions: number): number {
  return sessions + 2 * Math.ceil(sessions / 5) + 1 + Math.floor(sessions / 20);
}

function days(n: number): string {
  return n <= 365 ? `${n} D` : `${Math.ceil(n / 365)} Y`;
}

export function ibHistoryParameters(request: HistoryRequest): IbHistoryParameters {
  return { endDateTime: ibEndDateTime(request.endMs), durationStr: ibDuration(request), barSizeSetting: ibBarSize(request.barSeconds) };
}

/**
 * The longest duration IB answers for bars of 30 seconds or less (its "step sizes": a request should
 * return a few thousand bars at most; the limits were lifted for bars of a minute and more). Source:
 * https://interactivebrokers.github.io/tws-api/historical_limitations.html
 */
const SMALL_BAR_MAX_SECONDS: ReadonlyMap<number, number> = new Map([[1, 1_800], [5, 3_600], [10, 14_400], [15, 14_400], [30, 28_800]]);

/** IB's longest duration in seconds for bars of `barSeconds` (30 seconds or less); undefined for larger bars, which take whole days. */
export function smallBarMaxSeconds(barSeconds: number): number | undefined {
  return SMALL_BAR_MAX_SECONDS.get(barSeconds);
}

export function isSmallBar(barSeconds: number): boolean {
  return SMALL_BAR_MAX_SECONDS.has(barSeconds);
}

/** One request of a small-bar history, which may take several: its end (epoch ms) and duration in seconds. */
export interface SmallBarChunk {
  readonly endMs: number;
  readonly seconds: number;
}

/**
 * The next request for `bars` more small bars ending by `endMs`: its end moved back into a session
 * (from a night, a weekend or before the open, to the previous weekday's close) so no request asks
 * for hours without trading, and its duration as long as the bars need, no shorter than IB's 30
 * seconds and no longer than IB allows for the bar size.
 */
export function nextSmallBarChunk(endMs: number, bars: number, barSeconds: number, useRth: boolean): SmallBarChunk {
  const max = SMALL_BAR_MAX_SECONDS.get(barSeconds) ?? MIN_DURATION_SECONDS;
  const hours = useRth ? RTH : EXTENDED;
  const end = inSession(endMs, hours);
  // One bar more, as in ibDuration: the bar the end falls in is incomplete.
  return { endMs: end, seconds: Math.max(MIN_DURATION_SECONDS, Math.min(max, (bars + 1) * barSeconds)) };
}

/** `ms` if a session of these hours is open just before it; else the close of the latest weekday session before it. */
function inSession(ms: number, hours: typeof RTH): number {
  let day = DateTime.fromMillis(ms, { zone: EXCHANGE_ZONE }).set({ ...hours.open, second: 0, millisecond: 0 });
  if (day.weekday <= 5 && ms > day.toMillis()) return Math.min(ms, day.plus({ seconds: hours.seconds }).toMillis());
  do day = day.minus({ days: 1 }); while (day.weekday > 5);
  return day.plus({ seconds: hours.seconds }).toMillis();
}

/** A bar as IB sends it: the time text and the decoded numbers (volume -1 or absent where IB has none). */
export interface IbHistoricalBar {
  readonly time: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number | undefined;
}

/**
 * A bar's start in epoch ms and its length: intraday bars come as epoch seconds (formatDate 2), daily
 * bars as the trade date "yyyyMMdd", which starts at midnight New York and lasts that calendar day.
 */
export function barTime(text: string, barSeconds: number): { readonly time: number; readonly durationMs: number } {
  const trimmed = text.trim();
  if (/^\d{8}$/.test(trimmed)) {
    const day = DateTime.fromFormat(trimmed, 'yyyyMMdd', { zone: EXCHANGE_ZONE });
    if (!day.isValid) throw new Error(`expected a bar date yyyyMMdd, was ${JSON.stringify(text)}`);
    return { time: day.toMillis(), durationMs: day.plus({ days: 1 }).toMillis() - day.toMillis() };
  }
  if (/^\d{9,11}$/.test(trimmed)) return { time: Number(trimmed) * 1000, durationMs: barSeconds * 1000 };
  throw new Error(`expected a bar time in epoch seconds or a date yyyyMMdd, was ${JSON.stringify(text)}`);
}

export function toBar(symbol: string, barSeconds: number, ib: IbHistoricalBar): Bar {
  const { time, durationMs } = barTime(ib.time, barSeconds);
  // MIDPOINT, BID and ASK bars carry no volume: IB sends -1.
  const volume = ib.volume === undefined || ib.volume < 0 ? 0 : ib.volume;
  return { symbol, time, durationMs, open: ib.open, high: ib.high, low: ib.low, close: ib.close, volume };
}

/** The last `count` bars, oldest first. */
function latest(bars: readonly Bar[], count: number): readonly Bar[] {
  const sorted = [...bars].sort((a, b) => a.time - b.time);
  return sorted.slice(Math.max(0, sorted.length - count));
}

/** A span of history as IB takes it (see History.requestSpan). */
export interface HistorySpan {
  readonly symbol: string;
  readonly barSeconds: number;
  /** Epoch ms: IB's endDateTime, and only bars complete by then are kept. */
  readonly endMs: number;
  /** IB's durationStr: `1 D`, `1800 S`. */
  readonly duration: string;
  readonly useRth: boolean;
  readonly whatToShow: HistoryRequest['whatToShow'];
}

interface Pending {
  readonly reqId: number;
  readonly request: HistoryRequest;
  /** This request's end: its answer keeps the bars complete by then. */
  readonly endMs: number;
  readonly bars: IbHistoricalBar[];
  readonly resolve: (bars: readonly Bar[]) => void;
  readonly reject: (error: Error) => void;
  timer: TimerHandle | undefined;
  /** The pacing wait, before the request is sent. */
  releaseSlot: (() => void) | undefined;
  sentOn: IbSession | undefined;
}

export interface HistoryOptions {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly nextReqId: () => number;
  /** The session to send on now, or a sentence saying why there is none. */
  readonly session: () => IbSession | string;
}

export class History {
  readonly #options: HistoryOptions;
  readonly #pacer: HistoryPacer;
  /** Every request not settled yet, by request id (given before the pacing wait). */
  readonly #pending = new Map<number, Pending>();
  /**
   * Requests cancelled at IB (timed out, shut down): IB may still answer one with 366 or 162, which is
   * about them and no order's business. The last few are kept; ids only grow.
   */
  readonly #cancelled: number[] = [];
  /** Requests holding one of IB's places for open requests (waiting for their pacing or their answer). */
  #open = 0;
  /** Requests waiting for a place, oldest first. */
  readonly #waiting: (() => void)[] = [];

  constructor(options: HistoryOptions) {
    this.#options = options;
    this.#pacer = new HistoryPacer(options.clock);
  }

  /**
   * The bars of `request`: one reqHistoricalData for bars of a minute or more; for smaller bars as many
   * as IB's step sizes need (at most MAX_SMALL_BAR_REQUESTS), each ending where the previous one began,
   * nights and weekends skipped. Each is paced, and each has the request timeout.
   */
  async request(request: HistoryRequest): Promise<readonly Bar[]> {
    const { symbol, count } = request;
    if (!Number.isSafeInteger(count) || count < 1) throw new BrokerRejection(`expected a whole number of bars of at least 1 for ${symbol}, was ${count}`);
    if (!Number.isSafeInteger(request.endMs)) throw new BrokerRejection(`expected the end of ${symbol}'s history as whole epoch milliseconds, was ${request.endMs}`);
    let parameters: IbHistoryParameters;
    try {
      parameters = ibHistoryParameters(request);
    } catch (error) {
      throw new BrokerRejection(`historical bars for ${symbol}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isSmallBar(request.barSeconds)) return latest(await this.#once(request, parameters, request.endMs), count);
    const found = new Map<number, Bar>();
    let endMs = request.endMs;
    for (let n = 0; n < MAX_SMALL_BAR_REQUESTS && found.size < count; n++) {
      const chunk = nextSmallBarChunk(endMs, count - found.size, request.barSeconds, request.useRth);
      const bars = await this.#once(request, { ...parameters, endDateTime: ibEndDateTime(chunk.endMs), durationStr: `${chunk.seconds} S` }, chunk.endMs);
      for (const bar of bars) found.set(bar.time, bar);
      endMs = chunk.endMs - chunk.seconds * 1000;
    }
    if (found.size < count) {
      this.#options.log.info({ symbol, found: found.size, count }, `IB had ${found.size} of the ${count} ${parameters.barSizeSetting} bars of ${symbol} asked for in ${MAX_SMALL_BAR_REQUESTS} requests`);
    }
    return latest([...found.values()], count);
  }

  /**
   * One reqHistoricalData for a span given as IB takes it — its end and duration (`1 D`, `1800 S`) —
   * for `robo data fetch`, which splits a range into IB's spans itself. Paced like every request, but a
   * pacing wait of up to `maxWaitMs` is waited out (a download may wait minutes for IB's ten-minute rule;
   * a warm-up may not). Resolves with the bars complete by `endMs`, oldest first.
   */
  async requestSpan(span: HistorySpan, maxWaitMs: number): Promise<readonly Bar[]> {
    const request: HistoryRequest = { symbol: span.symbol, barSeconds: span.barSeconds, count: 1, endMs: span.endMs, useRth: span.useRth, whatToShow: span.whatToShow };
    let barSizeSetting: string;
    try {
      barSizeSetting = ibBarSize(span.barSeconds);
    } catch (error) {
      throw new BrokerRejection(`historical bars for ${span.symbol}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const what = `${span.duration} of ${barSizeSetting} ${span.whatToShow} bars of ${span.symbol}`;
    return this.#once(request, { endDateTime: ibEndDateTime(span.endMs), durationStr: span.duration, barSizeSetting }, span.endMs, maxWaitMs, what);
  }

  /** One reqHistoricalData, once fewer than IB's 50 are open: resolves with its complete bars (by `endMs`), oldest first. */
  async #once(request: HistoryRequest, parameters: IbHistoryParameters, endMs: number, maxWaitMs = this.#options.timeoutMs, what = `${request.count} × ${parameters.barSizeSetting} ${request.whatToShow} bars of ${request.symbol}`): Promise<readonly Bar[]> {
    await this.#openSlot();
    try {
      return await this.#paced(request, parameters, endMs, maxWaitMs, what);
    } finally {
      this.#closeSlot();
    }
  }

  #openSlot(): Promise<void> {
    if (this.#open < MAX_OPEN_REQUESTS) {
      this.#open++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** A request settled: its place goes to the oldest one waiting for it. */
  #closeSlot(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#open--;
  }

  /** One reqHistoricalData, sent when IB's pacing rules allow it. */
  #paced(request: HistoryRequest, parameters: IbHistoryParameters, endMs: number, maxWaitMs: number, what: string): Promise<readonly Bar[]> {
    const { symbol } = request;
    const { timeoutMs, timers, log } = this.#options;
    const down = this.#options.session();
    if (typeof down === 'string') return Promise.reject(new BrokerRejection(`the request for ${what} was not sent: ${down}`));
    const contract = `${symbol}|SMART|${request.whatToShow}`;
    const identity = `${contract}|${parameters.barSizeSetting}|${parameters.durationStr}|${parameters.endDateTime}|${request.useRth ? 1 : 0}`;
    const reservation = this.#pacer.reserve({ contract, identity, smallBars: isSmallBar(request.barSeconds) }, maxWaitMs);
    if (!reservation.ok) {
      return Promise.reject(new BrokerRejection(`the request for ${what} would have to wait ${reservation.waitMs} ms for IB's pacing rule (${reservation.rule}), longer than the ${maxWaitMs === timeoutMs ? `request timeout of ${timeoutMs} ms` : `${maxWaitMs} ms it may wait`}; it was not sent`));
    }
    return new Promise<readonly Bar[]>((resolve, reject) => {
      const pending: Pending = { reqId: this.#options.nextReqId(), request, endMs, bars: [], resolve, reject, timer: undefined, releaseSlot: reservation.release, sentOn: undefined };
      this.#pending.set(pending.reqId, pending);
      const send = (): void => {
        pending.timer = undefined;
        pending.releaseSlot = undefined;
        const session = this.#options.session();
        if (typeof session === 'string') {
          this.#settle(pending, new BrokerRejection(`the request for ${what} was not sent: ${session}`));
          return;
        }
        pending.sentOn = session;
        log.debug({ reqId: pending.reqId, symbol, ...parameters }, `requesting ${what} ending ${parameters.endDateTime} UTC (request ${pending.reqId}, ${parameters.durationStr})`);
        session.reqHistoricalData(pending.reqId, stockContract(session.ib, symbol), parameters.endDateTime, parameters.durationStr, parameters.barSizeSetting, request.whatToShow, request.useRth, FORMAT_EPOCH_SECONDS);
        pending.timer = timers.setTimeout(() => {
          pending.timer = undefined;
          this.#cancel(session, pending.reqId);
          this.#settle(pending, new BrokerRejection(`IB did not answer the request for ${what} within ${timeoutMs} ms; it was cancelled`));
        }, timeoutMs);
      };
      if (reservation.waitMs <= 0) {
        send();
        return;
      }
      log.info({ reqId: pending.reqId, symbol, waitMs: reservation.waitMs }, `waiting ${reservation.waitMs} ms before requesting ${what}, to keep IB's historical-data pacing rules`);
      pending.timer = timers.setTimeout(send, reservation.waitMs);
    });
  }

  /** A bar of one of our requests, or its end marker ("finished-…"), as the client reports them. */
  onBar(reqId: number, bar: IbHistoricalBar): void {
    const pending = this.#pending.get(reqId);
    if (!pending) return;
    if (bar.time.startsWith('finished')) {
      this.#finish(pending);
      return;
    }
    pending.bars.push(bar);
  }

  /** An error about one of our requests settles it; false when the id is not one of ours. */
  onError(notice: Notice): boolean {
    if (notice.reqId === undefined) return false;
    const pending = this.#pending.get(notice.reqId);
    if (!pending) return this.#cancelled.includes(notice.reqId);
    const refusal = REFUSALS.get(notice.code);
    if (refusal === undefined && notice.severity !== 'error') return true; // a warning about the request; its answer still comes
    const { request } = pending;
    const why = refusal ?? notice.explanation;
    this.#settle(pending, new BrokerRejection(`IB refused historical bars for ${request.symbol} (${request.barSeconds}-second ${request.whatToShow} bars): ${why} — TWS said "${notice.ibMessage}" (IB ${notice.code})`));
    return true;
  }

  /** The socket is gone: every request waiting or sent is refused, its answer can no longer come. */
  linkLost(reason: string): void {
    for (const pending of [...this.#pending.values()]) {
      this.#settle(pending, new BrokerRejection(`historical bars for ${pending.request.symbol} were not received: ${reason}`));
    }
  }

  /** The broker shuts down: requests already sent are cancelled at IB (on `session`), all are refused. */
  cancelAll(session: IbSession | undefined, reason: string): void {
    for (const pending of [...this.#pending.values()]) {
      if (pending.sentOn !== undefined && pending.sentOn === session) this.#cancel(session, pending.reqId);
      this.#settle(pending, new BrokerRejection(`historical bars for ${pending.request.symbol} were not received: ${reason}`));
    }
  }

  #cancel(session: IbSession, reqId: number): void {
    session.cancelHistoricalData(reqId);
    this.#cancelled.push(reqId);
    if (this.#cancelled.length > CANCELLED_KEPT) this.#cancelled.shift();
  }

  #finish(pending: Pending): void {
    const { request } = pending;
    let bars: Bar[];
    try {
      bars = pending.bars.map((b) => toBar(request.symbol, request.barSeconds, b));
    } catch (error) {
      this.#settle(pending, new BrokerRejection(`IB sent historical bars for ${request.symbol} that Robo cannot read: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    this.#settle(pending, bars.filter((b) => b.time + b.durationMs <= pending.endMs).sort((a, b) => a.time - b.time));
  }

  #settle(pending: Pending, outcome: readonly Bar[] | Error): void {
    if (!this.#pending.delete(pending.reqId)) return;
    if (pending.timer !== undefined) this.#options.timers.clearTimeout(pending.timer);
    pending.timer = undefined;
    pending.releaseSlot?.();
    pending.releaseSlot = undefined;
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
