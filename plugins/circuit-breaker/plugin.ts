/**
 * Guarantees that trading stops — only cancels and protective exits still reach the broker — after repeated broker failures,
 * a daily loss or a drawdown; that it first narrows to REDUCING as the day's loss nears its limit; and
 * that a loss or drawdown halt outlives a restart until a person runs `robo breaker reset`.
 */
import { dec, decimalFromNumber, ONE, ZERO, type Decimal } from '../../core/domain/money.js';
import type { Order } from '../../core/domain/order.js';
import { isProtective } from '../../core/domain/order-rules.js';
import { levelOf, scaledLevel, type Level, type Valuation } from '../../core/domain/valuation.js';
import type { OrderIntent, Veto } from '../../core/domain/types.js';
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { circuitBreakerOptionsSchema } from './options.js';
import type { OrderRequest, TradingState } from '../../core/host/events.js';
import { STAGE } from '../../core/host/hooks.js';
import type { MaybePromise } from '../../core/host/series.js';
import { definePlugin } from '../../core/host/plugin.js';
import { requireAtSend } from '../../core/host/plugin-api.js';
import { describeStaleness } from '../../core/host/price-marks.js';
import { BREAKER_NAME, formatInstant, isLatched, parseBreakerRecord, type BreakerRecord, type Trip, type TripKind } from './state.js';
import { Exposure } from '../exposure.js';

export const PLUGIN_NAME = BREAKER_NAME;

export type CircuitBreakerOptions = ResolvedConfig['safety']['circuitBreaker'];

export const circuitBreaker = definePlugin<CircuitBreakerOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: circuitBreakerOptionsSchema,
  apply(api, options) {
    const { log, clock, calendar, portfolio } = api;
    const lossShare = decimalFromNumber(options.dailyLossPercent).div(100);
    const reduceShare = decimalFromNumber(options.reducingAtShareOfDailyLoss);
    const maxDrawdown = decimalFromNumber(options.maxDrawdownPercent);
    /** What equity keeps of its peak at the drawdown limit: 1 − maxDrawdownPercent / 100. */
    const keptAtMaxDrawdown = ONE.minus(maxDrawdown.div(100));
    const keptApprox = keptAtMaxDrawdown.toNumber();
    const cooldownMs = options.cooldownSeconds * 1000;
    const exposure = new Exposure(api);
    const tripsThisRun: Trip[] = [];
    let record: BreakerRecord = parseBreakerRecord(api.store.read(), 'the journal');
    let failures = 0;
    const failedOrders = new Set<number>();
    /** The one order let through after a cooldown (half-open), until the broker answers it. */
    let trial: OrderRequest | undefined;
    /** The last valuation seen, and on which trade date: the next day's loss is measured from it (yesterday's close). */
    let lastDate: string | undefined;
    let lastValuation: Valuation | undefined;
    // Equity is judged on every bar, so the day's baseline and the peak are held with the equity levels
    // they trip at, worked out once when they change; a bar then costs a few float comparisons that only
    // turn to exact Decimal ones near a level (core/domain/valuation.ts). The record keeps them as
    // decimal strings, written at trips, at each new day and at shutdown.
    let session = record.session === undefined ? undefined : sessionLevels(record.session.date, dec(record.session.startEquity));
    let peak = record.peakEquity === undefined ? undefined : peakLevel(levelOf(dec(record.peakEquity)));

    const save = (next: BreakerRecord): void => {
      record = peak === undefined ? next : { ...next, peakEquity: peak.equity.value().toString() };
      api.store.write(record);
    };
    const veto = (code: string, reason: string): Veto => ({ by: PLUGIN_NAME, code, reason });
    const money = (value: Decimal): string => value.toFixed(2);

    if (record.resetNotice !== undefined) {
      log.warn({ notice: record.resetNotice }, record.resetNotice);
      const { resetNotice: _shown, ...rest } = record;
      save(rest);
    }
    if (record.state === 'HALTED') log.error({ state: record.state, trip: record.trip }, `trading is HALTED (kept from before the restart): ${haltReason()}`);
    else if (record.state === 'REDUCING') log.warn({ state: record.state }, `trading is REDUCING (kept from before the restart): ${record.reason ?? ''}`);

    /** Records the new state first (so a concurrent check sees it), then logs and announces it. */
    async function move(to: TradingState, reason: string, trip?: Trip): Promise<void> {
      const from = record.state;
      const next: BreakerRecord = { ...record, state: to, reason, ...(trip === undefined ? {} : { trip }) };
      save(to === 'HALTED' ? next : withoutTrip(next));
      if (from === to && trip === undefined) return;
      const level = to === 'HALTED' ? 'error' : to === 'REDUCING' ? 'warn' : 'info';
      log[level]({ from, to, reason, ...(trip === undefined ? {} : { trip: trip.kind }) }, `trading ${from === to ? 'stays' : 'is now'} ${to}: ${to === 'HALTED' ? haltReason() : reason}`);
      if (from !== to) await api.hooks.onTradingState.promise({ from, to, by: PLUGIN_NAME, reason });
    }

    async function trip(kind: TripKind, reason: string): Promise<void> {
      const t: Trip = { kind, reason, atMs: clock.nowMs() };
      tripsThisRun.push(t);
      trial = undefined;
      await move('HALTED', reason, t);
    }

    function haltReason(): string {
      const t = record.trip;
      if (t === undefined) return record.reason ?? 'no reason recorded';
      const until = isLatched(t) ? 'until someone runs robo breaker reset' : `until ${formatInstant(t.atMs + cooldownMs)}, when one trial order may pass`;
      return `halted since ${formatInstant(t.atMs)}: ${t.reason}; only cancels and protective exits are sent ${until}`;
    }

    // New York days turn on a whole minute, so the trade date is looked up once a minute, not per order.
    let day: { minute: number; date: string } | undefined;
    const tradeDate = (now: number): string => {
      const minute = Math.floor(now / 60_000);
      if (day?.minute !== minute) day = { minute, date: calendar.tradeDateOf(now) };
      return day.date;
    };

    /**
     * Measures the day's loss on the New York trade date and the fall from the peak, and trips on them.
     * Returns a promise only when the state moves: on every other bar it finishes at once.
     */
    function evaluate(): MaybePromise {
      const date = tradeDate(clock.nowMs());
      const valuation = portfolio.valuation();
      const today = session;
      if (today?.date === date) return judge(today, valuation);
      const opened = sessionLevels(date, (lastValuation !== undefined && lastDate !== undefined && lastDate < date ? lastValuation : valuation).exact());
      session = opened;
      save({ ...record, session: { date, startEquity: opened.start.toString() } });
      if (record.state === 'REDUCING') return move('ACTIVE', `a new New York trading day began (${date})`).then(() => judge(opened, valuation));
      return judge(opened, valuation);
    }

    function judge(today: SessionLevels, valuation: Valuation): MaybePromise {
      const { date, start } = today;
      lastDate = date;
      lastValuation = valuation;
      if (peak === undefined || valuation.above(peak.equity)) peak = peakLevel(valuation);
      if (record.state === 'HALTED' && isLatched(record.trip)) return undefined;

      if (today.lossTrip !== undefined && !valuation.above(today.lossTrip)) {
        const equity = valuation.exact();
        const limit = start.times(lossShare);
        return trip('daily-loss', `the day's loss of ${money(start.minus(equity))} reached the limit of ${money(limit)} (${options.dailyLossPercent}% of ${money(start)}, equity at the start of ${date})`);
      }
      if (peak.trip !== undefined && !valuation.above(peak.trip)) {
        const equity = valuation.exact();
        const high = peak.equity.value();
        const drawdown = high.gt(0) ? high.minus(equity).div(high).times(100) : ZERO;
        return trip('drawdown', `equity of ${money(equity)} is ${drawdown.toFixed(2)}% below its peak of ${money(high)}, at or over the limit of ${options.maxDrawdownPercent}%`);
      }
      if (record.state === 'ACTIVE' && today.reduceAt !== undefined && !valuation.above(today.reduceAt)) {
        const limit = start.times(lossShare);
        return move('REDUCING', `the day's loss of ${money(start.minus(valuation.exact()))} reached ${reduceShare.times(100).toString()}% of its limit of ${money(limit)}; only orders that reduce a position pass until the next trading day`);
      }
      return undefined;
    }

    /**
     * The day's baseline and the equity at or below which the day's loss reaches its limit (start − limit)
     * and the REDUCING share of it; none when the limit is not positive (equity at or below zero).
     */
    function sessionLevels(date: string, start: Decimal): SessionLevels {
      const limit = start.times(lossShare);
      if (!limit.gt(0)) return { date, start };
      return { date, start, lossTrip: levelOf(start.minus(limit)), ...(reduceShare.lt(1) ? { reduceAt: levelOf(start.minus(limit.times(reduceShare))) } : {}) };
    }

    /**
     * The peak and the equity at or below which the fall from it reaches the limit; none for a peak at or
     * below zero. A new peak comes often in a rising market, so both stay lazy: exact only when a bar nears them.
     */
    function peakLevel(equity: Level): PeakLevel {
      const positive = equity.approx - equity.error > 0 || (equity.approx + equity.error > 0 && equity.value().gt(0));
      return positive ? { equity, trip: scaledLevel(equity, keptAtMaxDrawdown, keptApprox) } : { equity };
    }

    async function failure(order: Order, reason: string): Promise<void> {
      if (failedOrders.has(order.id)) return; // the broker's refusal and its status event are one failure
      failedOrders.add(order.id);
      failures++;
      const wasTrial = trial !== undefined && trial.intent === order.intent;
      if (wasTrial) return trip('failures', `the trial order ${order.id} after the cooldown failed too: ${reason}`);
      if (record.state !== 'HALTED' && failures >= options.maxConsecutiveFailures) {
        return trip('failures', `${failures} orders in a row were rejected or failed at the broker (the last, order ${order.id}: ${reason})`);
      }
    }

    /**
     * An exit that protects a position passes in every state: a bracket's exit (its entry is judged, and
     * a refused entry refuses the bracket), or a stop that only reduces. Stopping new risk must never
     * leave the risk already taken unprotected.
     */
    function protects(intent: OrderIntent, except: OrderRequest | OrderIntent): boolean {
      if (intent.bracket !== undefined) return intent.bracket.role !== 'entry';
      return isProtective(intent) && exposure.reducesOnly(intent, except);
    }

    /**
     * REDUCING lets through only an order that, with the others on order on its side, does not pass through
     * flat — and no bracket: its entry could pass only by reducing, and its exits, on the other side, would
     * then take the position back out (they pass as protective, so they are refused here, at their entry).
     */
    function notReducing(intent: OrderIntent, except: OrderRequest | OrderIntent): Veto | undefined {
      if (intent.bracket?.role === 'entry') return veto('BREAKER_REDUCING', `trading is REDUCING (${record.reason ?? ''}): a bracket is not sent, since once its entry ${intent.side} ${intent.quantity.toString()} ${intent.symbol} reduced the position its exits would take it back out; reduce it with a plain order`);
      if (exposure.reducesOnly(intent, except)) return undefined;
      const position = portfolio.position(intent.symbol).quantity;
      const committed = exposure.onSide(intent.symbol, intent.side, except).quantity;
      return veto('BREAKER_REDUCING', `trading is REDUCING (${record.reason ?? ''}): ${intent.side} ${intent.quantity.toString()} ${intent.symbol} would not reduce the position of ${position.toString()}${committed.isZero() ? '' : ` (${committed.toString()} more already on order on that side)`}`);
    }

    /** Symbols whose stale price was announced, so each start and end of staleness is logged once. */
    const staleAnnounced = new Set<string>();

    /**
     * A held position whose price stopped moving has unknown risk — a crash in it would trip nothing — so
     * while any has, trading is REDUCING: only orders that reduce a position pass, until a fresh price comes.
     */
    function notStale(intent: OrderIntent, except: OrderRequest | OrderIntent): Veto | undefined {
      const stale = portfolio.positions().flatMap(({ symbol }) => api.prices.staleness(symbol) ?? []);
      for (const s of stale) {
        if (staleAnnounced.has(s.symbol)) continue;
        staleAnnounced.add(s.symbol);
        log.warn({ symbol: s.symbol, ageMs: s.ageMs, limitMs: s.limitMs }, `trading is REDUCING while ${describeStaleness(s)}: the position's risk is unknown; only orders that reduce a position pass until a fresh price arrives`);
      }
      for (const symbol of staleAnnounced) {
        if (stale.some((s) => s.symbol === symbol)) continue;
        staleAnnounced.delete(symbol);
        log.info({ symbol }, `${symbol} has a fresh price again`);
      }
      // A bracket's entry never passes here, as in REDUCING: its exits would take the position back out.
      if (stale.length === 0 || (intent.bracket?.role !== 'entry' && exposure.reducesOnly(intent, except))) return undefined;
      return veto('BREAKER_PRICE_STALE', `trading is REDUCING: ${stale.map(describeStaleness).join('; ')}, so the risk of the position is unknown; ${intent.side} ${intent.quantity.toString()} ${intent.symbol} would not reduce a position`);
    }

    const tap = { name: PLUGIN_NAME, stage: STAGE.SAFETY };
    api.hooks.beforeOrder.tapPromise(tap, async (request) => {
      await evaluate();
      const { intent } = request;
      let refusal: Veto | undefined;
      if (protects(intent, request)) {
        exposure.allow(request);
        return undefined;
      }
      if (record.state === 'HALTED') {
        const t = record.trip;
        const cooled = t !== undefined && !isLatched(t) && clock.nowMs() >= t.atMs + cooldownMs;
        if (!cooled) refusal = veto('BREAKER_HALTED', `trading is ${haltReason()}`);
        else if (trial !== undefined && trial !== request) refusal = veto('BREAKER_TRIAL_PENDING', 'trading is halted and half-open: one trial order is on its way, and no other order is sent until the broker has answered it');
        else {
          if (trial === undefined) log.warn({ symbol: intent.symbol }, `the cooldown is over: one trial order (${intent.side} ${intent.quantity.toString()} ${intent.symbol}) may pass`);
          trial = request;
        }
      } else if (record.state === 'REDUCING') {
        refusal = notReducing(intent, request);
      }
      refusal ??= notStale(intent, request);
      if (refusal === undefined) exposure.allow(request);
      else exposure.forget(request);
      return refusal;
    });

    // A last look as the order is sent, after the rate limiter's wait and the journal write: an order
    // allowed before a trip must not reach the broker after it. Cancels and data requests always pass.
    requireAtSend(api.atSend, PLUGIN_NAME)((intent) => {
      if (protects(intent, intent)) return undefined;
      if (record.state === 'HALTED' && trial?.intent !== intent) return veto('BREAKER_HALTED', `trading is ${haltReason()}`);
      if (record.state === 'REDUCING') return notReducing(intent, intent);
      return notStale(intent, intent);
    });

    // Observe-only taps return a promise only when the state moves (the host waits for nothing else).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    api.hooks.afterOrder.tap(tap, (outcome): MaybePromise => {
      if (outcome.kind === 'vetoed') {
        if (trial !== undefined && trial.intent === outcome.intent) trial = undefined; // refused by another guard: the next order may try
        return undefined;
      }
      if (outcome.kind === 'rejected') return failure(outcome.order, outcome.reason);
      // Sent into a dead link: no success (the count goes on, a trial stays open) until the broker's answer
      // reaches orderUpdate after the reconnect — acknowledged, filled, or not sent after all.
      if (outcome.kind === 'unknown') return undefined;
      failures = 0;
      failedOrders.clear();
      if (trial === undefined || trial.intent !== outcome.order.intent) return undefined;
      trial = undefined;
      return move('ACTIVE', `the trial order ${outcome.order.id} was accepted by the broker after the cooldown`).then(() => evaluate());
    });
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    api.hooks.orderUpdate.tap(tap, ({ order }): MaybePromise => {
      if (order.state.kind === 'rejected') return failure(order, order.state.reason);
      if (trial === undefined || trial.intent !== order.intent) return undefined;
      // The trial's answer came as a status rather than as the submit's result (its outcome was unknown).
      if (order.state.kind === 'cancelled') return failure(order, order.state.reason);
      trial = undefined;
      return move('ACTIVE', `the trial order ${order.id} was accepted by the broker after the cooldown`).then(() => evaluate());
    });
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    api.hooks.afterFill.tap(tap, () => evaluate());
    // A fill nobody could cost is a failed order; shares beyond the order mean the books and the intent
    // disagree: only reducing orders pass until the next trading day (or a reset).
    api.hooks.onAnomaly.tapPromise(tap, async (anomaly) => {
      if (anomaly.kind === 'overfill') {
        if (record.state !== 'HALTED') await move('REDUCING', `overfill: ${anomaly.message}; only orders that reduce a position pass`);
        return;
      }
      const order = api.orders.get(anomaly.orderId);
      if (order !== undefined) await failure(order, `the costs of execution ${anomaly.execId} are unknown: ${anomaly.message}`);
    });
    // Code that failed outside every hook may have left anything half done: a person looks before trading resumes.
    api.hooks.onFault.tapPromise(tap, ({ kind, owner, message }) => trip('fault', `an unhandled ${kind} in ${owner}: ${message}`));
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    api.hooks.onBar.tap(tap, () => evaluate());
    // The peak moves with every bar; it is written at the trips, at each new day and here, not at every bar.
    api.hooks.onShutdown.tap(PLUGIN_NAME, () => save(record));

    api.summary('circuitBreaker', () => ({
      state: record.state,
      ...(record.state === 'ACTIVE' ? {} : { reason: record.state === 'HALTED' ? haltReason() : record.reason }),
      trips: tripsThisRun.map((t) => ({ kind: t.kind, at: formatInstant(t.atMs), reason: t.reason })),
      ...(session === undefined ? {} : { session: session.date, sessionStartEquity: money(session.start) }),
      ...(peak === undefined ? {} : { peakEquity: money(peak.equity.value()) }),
    }));
  },
});

function withoutTrip(record: BreakerRecord): BreakerRecord {
  const { trip: _cleared, ...rest } = record;
  return rest;
}

interface SessionLevels {
  readonly date: string;
  readonly start: Decimal;
  readonly lossTrip?: Level;
  readonly reduceAt?: Level;
}

interface PeakLevel {
  readonly equity: Level;
  readonly trip?: Level;
}
