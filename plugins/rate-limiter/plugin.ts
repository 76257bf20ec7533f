/**
 * Guarantees that the broker never gets more than `messagesPerSecond` + `burst` messages in any second,
 * nor more new orders per interval than configured (overall and per symbol); that cancels go before
 * orders and orders before data requests; and that a request which cannot go within `maxWaitMs` is
 * vetoed — never sent late, and never after the broker link was lost.
 *
 * A message is counted when it leaves (afterBrokerRequest), not when it was allowed: allowances still
 * on their way hold their token, so host latency after the gate (the journal, a busy event loop) can
 * delay messages but never bunch them up at the broker.
 *
 * Time is the host clock: the system clock live, market time in a replay, so a backtest's vetoes do
 * not depend on the machine's speed. A replay's clock stands still while a bar is handled, so when a
 * wait ends and the clock has not moved, the limiter counts the wait itself as time that passed.
 */
import { messageOf } from '../../core/domain/errors.js';
import type { Veto } from '../../core/domain/types.js';
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { rateLimiterOptionsSchema } from './options.js';
import type { BrokerLane, BrokerRequest } from '../../core/host/events.js';
import { STAGE } from '../../core/host/hooks.js';
import { definePlugin } from '../../core/host/plugin.js';

export const PLUGIN_NAME = 'robo:rate-limiter';

export type RateLimiterOptions = ResolvedConfig['safety']['rateLimiter'];

const PRIORITY: Readonly<Record<BrokerLane, number>> = { cancel: 0, order: 1, data: 2 };

/** A grant the host never reported as sent or refused (a bug) stops holding its token after this long. */
const FORGET_GRANT_MS = 60_000;

interface Waiting {
  readonly request: BrokerRequest;
  readonly since: number;
  readonly deadline: number;
  readonly resolve: (veto: Veto | undefined) => void;
}

export const rateLimiter = definePlugin<RateLimiterOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: rateLimiterOptionsSchema,
  apply(api, options) {
    const perMs = options.messagesPerSecond / 1000;
    const intervalMs = options.orders.intervalSeconds * 1000;
    const queue: Waiting[] = [];
    const sentOrders: number[] = [];
    const sentBySymbol = new Map<string, number[]>();
    /** Allowed and not yet sent (or refused after the limiter), with when: each holds a token and, for an order, a place in its windows. */
    const outstanding = new Map<BrokerRequest, number>();
    const stats = { sent: { cancel: 0, order: 0, data: 0 }, waited: 0, longestWaitMs: 0, vetoed: 0 };
    // The limiter's own time: it moves with the clock's forward steps and never back, so a clock set
    // back (the IB broker's clock is corrected to TWS's time once, at connect) cannot freeze the refill
    // until the clock catches up; and it moves on when a wait ends on a clock that did not (a replay).
    let clockSeen = api.clock.nowMs();
    let limiterMs = clockSeen;
    let tokens = options.burst;
    let updatedAt = limiterMs;
    let linkUp = true;
    let stopping = false;
    let wake: { readonly at: number; readonly cancel: () => void } | undefined;

    const now = (): number => {
      const clock = api.clock.nowMs();
      if (clock > clockSeen) limiterMs += clock - clockSeen;
      clockSeen = clock;
      return limiterMs;
    };
    const refill = (t: number): void => {
      tokens = Math.min(options.burst, tokens + Math.max(0, t - updatedAt) * perMs);
      updatedAt = t;
    };
    const veto = (code: string, reason: string): Veto => {
      stats.vetoed++;
      return { by: PLUGIN_NAME, code, reason };
    };
    const limits = `${options.messagesPerSecond} messages a second, bursts of ${options.burst}; ${options.orders.max} orders (${options.orders.maxPerSymbol} per symbol) in ${options.orders.intervalSeconds} s`;

    /** When the order after `ahead` queued ones may go, so that no window holds more than `max` orders. */
    const windowAt = (times: readonly number[], max: number, ahead: number, t: number): number => {
      const planned = times.filter((x) => x > t - intervalMs);
      let at = t;
      for (let i = 0; i <= ahead; i++) {
        at = planned.length >= max ? Math.max(t, planned[planned.length - max]! + intervalMs) : t;
        planned.push(at);
      }
      return at;
    };
    const free = (): number => tokens - outstanding.size;
    const orderAt = (symbol: string, t: number, ahead = 0, aheadSymbol = 0): number => {
      const onTheWay = [...outstanding.keys()].filter((r) => r.kind === 'placeOrder');
      const sameSymbol = onTheWay.filter((r) => r.intent.symbol === symbol).length;
      return Math.max(
        windowAt(sentOrders, options.orders.max, ahead + onTheWay.length, t),
        windowAt(sentBySymbol.get(symbol) ?? [], options.orders.maxPerSymbol, aheadSymbol + sameSymbol, t),
      );
    };
    const readyAt = (w: Waiting, t: number): number => {
      const tokenAt = free() >= 1 ? t : t + (1 - free()) / perMs;
      return w.request.kind === 'placeOrder' ? Math.max(tokenAt, orderAt(w.request.intent.symbol, t)) : tokenAt;
    };

    const grant = (w: Waiting, t: number): void => {
      outstanding.set(w.request, t);
      if (t > w.since) stats.waited++;
      stats.longestWaitMs = Math.max(stats.longestWaitMs, t - w.since);
      w.resolve(undefined);
    };
    /** The message left: its token is spent now, and an order takes its place in the windows now. */
    const sent = (request: BrokerRequest): void => {
      const t = now();
      refill(t);
      tokens -= 1;
      stats.sent[request.lane]++;
      if (request.kind !== 'placeOrder') return;
      const symbol = request.intent.symbol;
      sentOrders.push(t);
      sentBySymbol.set(symbol, [...(sentBySymbol.get(symbol) ?? []).filter((x) => x > t - intervalMs), t]);
      while (sentOrders.length > 0 && sentOrders[0]! <= t - intervalMs) sentOrders.shift();
    };

    const drain = (code: string, because: string, keep: (w: Waiting) => boolean = () => false): number => {
      const dropped = queue.filter((w) => !keep(w));
      for (const w of dropped) {
        queue.splice(queue.indexOf(w), 1);
        w.resolve(veto(code, `${describe(w.request)} was dropped while it waited for its turn, never sent: ${because}`));
      }
      return dropped.length;
    };

    /** Sends whatever may go now, in lane order; drops what waited past its deadline; sleeps until the next turn. */
    const pump = (): void => {
      const t = now();
      refill(t);
      for (const [request, at] of outstanding) {
        if (t - at < FORGET_GRANT_MS) continue;
        outstanding.delete(request);
        api.log.warn({ lane: request.lane }, `${describe(request)} was allowed ${t - at} ms ago and never reported sent or refused; its turn is given back`);
      }
      for (const w of queue.filter((x) => t > x.deadline)) {
        queue.splice(queue.indexOf(w), 1);
        w.resolve(veto('RATE_WAIT_EXPIRED', `${describe(w.request)} waited ${t - w.since} ms without a turn (cancels and earlier requests went first; ${limits}), so it was refused rather than sent late`));
      }
      while (free() >= 1) {
        const next = queue.find((w) => w.request.kind !== 'placeOrder' || orderAt(w.request.intent.symbol, t) <= t);
        if (next === undefined) break;
        queue.splice(queue.indexOf(next), 1);
        grant(next, t);
      }
      if (queue.length === 0) return;
      const at = Math.min(...queue.map((w) => readyAt(w, t)), ...queue.map((w) => w.deadline + 1));
      const delay = Math.max(1, Math.ceil(at - t));
      if (wake !== undefined && wake.at <= t + delay) return;
      cancelWake();
      const clockAt = api.clock.nowMs();
      try {
        const cancel = api.tasks.timeout('next turn', delay, () => {
          wake = undefined;
          if (api.clock.nowMs() === clockAt) limiterMs = Math.max(limiterMs, t + delay);
          pump();
        });
        wake = { at: t + delay, cancel };
      } catch (error) {
        drain('RATE_STOPPING', `the host is stopping (${messageOf(error)})`);
      }
    };
    const cancelWake = (): void => {
      wake?.cancel();
      wake = undefined;
    };

    api.hooks.beforeBrokerRequest.tapPromise({ name: PLUGIN_NAME, stage: STAGE.THROTTLE }, (request) => {
      if (!linkUp) return Promise.resolve(veto('RATE_LINK_DOWN', `${describe(request)} was refused: the broker link is down`));
      // An order that was already past beforeOrder when shutdown began must not reach the broker during it.
      if (stopping && request.lane !== 'cancel') return Promise.resolve(veto('RATE_STOPPING', `${describe(request)} was refused: the host is stopping`));
      pump();
      const t = now();
      if (queue.length >= options.maxQueue) {
        return Promise.resolve(veto('RATE_QUEUE_FULL', `${describe(request)} was refused: ${queue.length} requests are already waiting for the broker, the most allowed (${limits})`));
      }
      const ahead = queue.filter((w) => PRIORITY[w.request.lane] <= PRIORITY[request.lane]);
      let at = t + Math.max(0, ahead.length + 1 - free()) / perMs;
      if (request.kind === 'placeOrder') {
        const orders = ahead.filter((w) => w.request.kind === 'placeOrder');
        const sameSymbol = orders.filter((w) => w.request.kind === 'placeOrder' && w.request.intent.symbol === request.intent.symbol);
        at = Math.max(at, orderAt(request.intent.symbol, t, orders.length, sameSymbol.length));
      }
      const wait = Math.ceil(at - t);
      if (wait > options.maxWaitMs) {
        return Promise.resolve(veto('RATE_LIMIT_EXCEEDED', `${describe(request)} would wait about ${wait} ms for its turn (${ahead.length} ahead of it; ${limits}), more than the ${options.maxWaitMs} ms allowed, so it was refused rather than sent late`));
      }
      return new Promise<Veto | undefined>((resolve) => {
        const w: Waiting = { request, since: t, deadline: t + options.maxWaitMs, resolve };
        const index = queue.findIndex((x) => PRIORITY[x.request.lane] > PRIORITY[request.lane]);
        queue.splice(index === -1 ? queue.length : index, 0, w);
        pump();
      });
    });

    api.hooks.afterBrokerRequest.tap(PLUGIN_NAME, ({ request, sent: left }) => {
      if (!outstanding.delete(request)) return;
      if (left) sent(request);
      else pump(); // refused after the limiter allowed it: its turn is free for the next one
    });
    api.hooks.onDisconnect.tap(PLUGIN_NAME, (info) => {
      linkUp = false;
      cancelWake();
      const dropped = drain('RATE_LINK_DOWN', `the broker link was lost (${info.reason})`);
      if (dropped > 0) api.log.warn({ dropped }, `dropped ${dropped} requests that were waiting for the broker: the link was lost`);
    });
    api.hooks.onConnect.tap(PLUGIN_NAME, () => { linkUp = true; });
    api.hooks.onReconnect.tap(PLUGIN_NAME, () => { linkUp = true; });
    // New orders stop at shutdown; the host's own cancels still go through, in their lane.
    api.hooks.onShutdown.tap(PLUGIN_NAME, () => {
      stopping = true;
      drain('RATE_STOPPING', 'the host is stopping', (w) => w.request.lane === 'cancel');
    });

    api.summary('rateLimiter', () => ({ ...stats, sent: { ...stats.sent }, queued: queue.length, limits }));
  },
});

function describe(request: BrokerRequest): string {
  switch (request.kind) {
    case 'placeOrder': return `the order ${request.intent.side} ${request.intent.quantity.toString()} ${request.intent.symbol}`;
    case 'cancelOrder': return `the cancel of order ${request.orderId}`;
    case 'subscribeBars': return `the bar subscription for ${request.symbols.join(',')}`;
    case 'currentTime': return 'the time request';
  }
}
