/**
 * The one order path: an intent goes through beforeOrder (the guards may veto or amend; an amended order
 * is judged again by every guard), validation, the broker-request gate (the rate limiter), an id, the
 * journal, and a last look at the moment of sending — and only then to the broker. Cancels take the same
 * gate, and wait for the link when it is down, never dropped. Every way an order can end is announced on
 * afterOrder.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { OrderIds } from '../domain/ids.js';
import { createOrder, isTerminal, reject, type Order } from '../domain/order.js';
import type { OrderBook } from '../domain/order-book.js';
import type { OrderIntent, Veto } from '../domain/types.js';
import { BrokerOutcomeUnknown, type BrokerPort } from '../brokers/port.js';
import type { Logger } from '../log.js';
import type { Clock } from '../market/clock.js';
import type { Books } from './books.js';
import { OrderRequest, type BrokerRequest, type OrderOutcome } from './events.js';
import type { Hooks } from './hooks.js';
import { HOST } from './host-name.js';
import type { InstalledPlugins } from './installed-plugins.js';
import type { RunStats } from './run-stats.js';
import { callBail, callSeries } from './series.js';
import type { TradingGate } from './trading-gate.js';
import { validateIntent } from './validate-intent.js';

/** How many times the guards re-check an order that keeps being amended before the host gives up on it. */
const MAX_GUARD_PASSES = 3;

type GuardTap = (request: OrderRequest) => Veto | undefined | Promise<Veto | undefined>;

/** How submit ends: the outcome afterOrder announces, a veto without the intent it names there. */
export type SubmitResult = Exclude<OrderOutcome, { readonly kind: 'vetoed' }> | { readonly kind: 'vetoed'; readonly veto: Veto };

/** What the order path needs of the host: its parts, whether it runs, and its one way to close or change an order. */
export interface OrderPathHost {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly stats: RunStats;
  readonly ids: OrderIds;
  readonly clock: Clock;
  readonly orders: OrderBook;
  readonly broker: BrokerPort;
  readonly books: Books;
  readonly trading: TradingGate;
  readonly plugins: InstalledPlugins;
  state(): string;
  /** The refusal every new order meets once a fault or a failed journal write stopped trading. */
  faultVeto(): Veto | undefined;
  closeOrder(orderId: number, kind: 'not-sent' | 'cancelled', reason: string): Promise<void>;
  setOrder(next: Order, previous: Order): Promise<void>;
}

export class OrderPath {
  readonly #host: OrderPathHost;
  /** Cancels asked for while the link could not carry them, sent once it is back and reconciled. */
  readonly #cancelLater = new Map<number, string>();

  constructor(host: OrderPathHost) {
    this.#host = host;
  }

  /** Whether a cancel of this order is waiting for the link (at stop: the order may still be working). */
  cancelWaits(orderId: number): boolean {
    return this.#cancelLater.has(orderId);
  }

  /** The one order path. Resolves when the order is vetoed, acknowledged, or rejected. */
  async submit(intent: OrderIntent): Promise<SubmitResult> {
    const request = new OrderRequest(intent);
    const state = this.#host.state();
    let veto: Veto | undefined = state !== 'running'
      ? { by: HOST, code: 'HOST_NOT_RUNNING', reason: `the host is ${state}, not running, so no order can be sent` }
      : this.#host.faultVeto() ?? this.#host.trading.veto() ?? await callBail(this.#host.hooks.beforeOrder, request);
    veto ??= await this.#guardFinalIntent(request);
    request.seal();
    const final = request.intent;
    const gate: BrokerRequest = { kind: 'placeOrder', lane: 'order', intent: final };
    const refusal = veto ?? validateIntent(final, intent) ?? (await this.gate(gate)) ?? this.#lastLook(gate);
    if (refusal) {
      this.#host.stats.recordVeto(refusal);
      this.#host.log.warn({ strategy: final.strategyId, symbol: final.symbol, side: final.side, quantity: final.quantity.toString(), by: refusal.by, ...(refusal.code === undefined ? {} : { code: refusal.code }) }, `order vetoed by ${refusal.by}: ${refusal.reason}`);
      await callSeries(this.#host.hooks.afterOrder, { kind: 'vetoed', intent: final, veto: refusal });
      return { kind: 'vetoed', veto: refusal };
    }

    const id = this.#host.ids.next();
    const order = createOrder(id, `robo:${final.strategyId}:${id}`, final, this.#host.clock.nowMs());
    try {
      await this.#host.books.journal.recordIntent(order);
    } catch (error) {
      // An order the journal could not record is never sent, and never enters the book as a ghost open order.
      this.#host.books.broken(error);
      this.#host.hooks.afterBrokerRequest.call({ request: gate, sent: false });
      const veto: Veto = { by: HOST, code: 'JOURNAL_FAILED', reason: `the journal could not record order ${id} (${messageOf(error)}), so it was not sent` };
      this.#host.stats.recordVeto(veto);
      this.#host.log.error({ orderId: id, by: HOST }, veto.reason);
      await callSeries(this.#host.hooks.afterOrder, { kind: 'vetoed', intent: final, veto });
      return { kind: 'vetoed', veto };
    }
    this.#host.orders.add(order);
    // The journal write took time too: what time changes is judged once more, in the step that sends.
    const late = this.#host.trading.veto() ?? this.#host.faultVeto() ?? this.#host.plugins.sendVeto(final);
    if (late) {
      this.#host.hooks.afterBrokerRequest.call({ request: gate, sent: false });
      this.#host.stats.recordVeto(late);
      await this.#host.closeOrder(id, 'not-sent', `refused by ${late.by} as it was sent: ${late.reason}`);
      await callSeries(this.#host.hooks.afterOrder, { kind: 'vetoed', intent: final, veto: late });
      return { kind: 'vetoed', veto: late };
    }
    this.#host.log.info(orderFields(order), `order ${id} ${final.side} ${final.quantity.toString()} ${final.symbol} ${final.type === 'LMT' ? `limit ${final.limitPrice.toString()}` : 'market'}`);
    try {
      this.#host.hooks.afterBrokerRequest.call({ request: gate, sent: true });
      await this.#host.broker.placeOrder({ orderId: id, orderRef: order.ref, intent: final });
    } catch (error) {
      if (error instanceof BrokerOutcomeUnknown) {
        // Sent, but the link died before any answer: the order stays open — never rejected, never resent —
        // until state recovery finds it at the broker by its orderRef, or finds no trace and marks it not sent.
        this.#host.log.warn({ orderId: id }, `order ${id}: ${error.message}`);
        this.#host.stats.ordersSent++;
        const unknown = this.#host.orders.get(id) ?? order;
        await callSeries(this.#host.hooks.afterOrder, { kind: 'unknown', order: unknown, reason: error.message });
        return { kind: 'unknown', order: unknown, reason: error.message };
      }
      // No wait for the event queue here: submit may run inside an event tap (a strategy's onFill), and
      // waiting for the queue from inside it would wait for itself. A rejection event still queued finds
      // the order terminal and changes nothing.
      const reason = messageOf(error);
      const current = this.#host.orders.get(id) ?? order;
      if (!isTerminal(current)) await this.#host.setOrder(reject(current, reason), current);
      this.#host.stats.ordersRejected++;
      const rejected = this.#host.orders.get(id) ?? current;
      await callSeries(this.#host.hooks.afterOrder, { kind: 'rejected', order: rejected, reason });
      return { kind: 'rejected', order: rejected, reason };
    }
    this.#host.stats.ordersSent++;
    const sent = this.#host.orders.get(id) ?? order;
    await callSeries(this.#host.hooks.afterOrder, { kind: 'sent', order: sent });
    return { kind: 'sent', order: sent };
  }

  /**
   * The guards must judge the intent that is sent. Their taps run first in beforeOrder, so any later
   * amendment — by a third-party tap, or by a plugin that kept the request and amends it afterwards —
   * happened after they looked: then the mandatory taps run again, alone, on the amended intent, until a
   * whole pass sees it unchanged. The request is sealed in the same synchronous step as that check, so
   * nothing can slip in between the last guard and the broker.
   */
  #guardFinalIntent(request: OrderRequest): Promise<Veto | undefined> | undefined {
    if (request.amendments.length === 0) {
      request.seal();
      return undefined;
    }
    return this.#recheck(request);
  }

  async #recheck(request: OrderRequest): Promise<Veto | undefined> {
    for (let pass = 1; pass <= MAX_GUARD_PASSES; pass++) {
      const seen = request.amendments.length;
      for (const tap of this.#host.hooks.beforeOrder.taps) {
        if (!this.#host.plugins.isMandatory(tap.name)) continue;
        // The stored fn is the contained one: a guard that throws or hangs here vetoes, as in the hook.
        const veto = await (tap.fn as GuardTap)(request);
        if (veto !== undefined) return veto;
      }
      if (request.amendments.length === seen) {
        request.seal();
        return undefined;
      }
    }
    const last = request.amendments.at(-1);
    return { by: HOST, code: 'ORDER_UNSTABLE', reason: `the order was amended again while the guards re-checked it (${MAX_GUARD_PASSES} passes, last by ${last?.by ?? 'an unknown plugin'}), so it was refused` };
  }

  /** Asks the broker to cancel; resolves with the veto when a guard refused to send the cancel. */
  async cancel(orderId: number, reason: string): Promise<Veto | undefined> {
    const order = this.#host.orders.get(orderId);
    if (!order || isTerminal(order)) return undefined;
    if (!this.#host.trading.cancelsPass) {
      // Never dropped: it goes out as soon as the link is back and the books are reconciled.
      this.#cancelLater.set(orderId, reason);
      this.#host.log.warn({ orderId, reason }, `cancel of order ${orderId} (${reason}) waits for the link: ${this.#host.trading.reason}`);
      return undefined;
    }
    const request: BrokerRequest = { kind: 'cancelOrder', lane: 'cancel', orderId };
    const veto = await this.gate(request);
    if (veto) {
      this.#host.log.warn({ orderId, by: veto.by }, `cancel of order ${orderId} refused by ${veto.by}: ${veto.reason}`);
      return veto;
    }
    this.#host.log.info({ orderId, reason }, `cancelling order ${orderId}: ${reason}`);
    this.#host.hooks.afterBrokerRequest.call({ request, sent: true });
    try {
      await this.#host.broker.cancelOrder(orderId);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the state may have changed during the await above
      if (this.#host.trading.cancelsPass) throw error;
      // The link went down under it: ask again once it is back.
      this.#cancelLater.set(orderId, reason);
      this.#host.log.warn({ orderId, reason }, `cancel of order ${orderId} was not confirmed (${messageOf(error)}); it is sent again when the link is back`);
    }
    return undefined;
  }

  /** Asks the broker for its time — the heartbeat's probe, waiting up to `timeoutMs` — through the same gate as every other request. */
  async probeBroker(timeoutMs?: number): Promise<number> {
    const request: BrokerRequest = { kind: 'currentTime', lane: 'data' };
    const veto = await this.gate(request);
    if (veto) throw new RoboError('ROBO_ERR_BROKER', `the time probe was refused by ${veto.by}: ${veto.reason}`);
    this.#host.hooks.afterBrokerRequest.call({ request, sent: true });
    return this.#host.broker.currentTime(timeoutMs);
  }

  /**
   * Every request to the broker passes this gate. A refusal is announced on afterBrokerRequest here; a
   * request that passes is announced by the caller in the same step as its broker call, so whatever
   * the host does in between (the journal's write) cannot bunch messages up behind the rate limiter.
   */
  async gate(request: BrokerRequest): Promise<Veto | undefined> {
    const veto = await callBail(this.#host.hooks.beforeBrokerRequest, request);
    if (veto) this.#host.hooks.afterBrokerRequest.call({ request, sent: false });
    return veto;
  }

  /** The cancels asked for while the link was down, sent now that it is back and reconciled. */
  async sendDeferredCancels(): Promise<void> {
    const waiting = [...this.#cancelLater];
    this.#cancelLater.clear();
    const results = await Promise.allSettled(waiting.map(([orderId, why]) => this.cancel(orderId, `${why} (asked while the link was down)`)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.#host.log.error({ orderId: waiting[i]?.[0] }, `cancel of order ${String(waiting[i]?.[0])} failed after the reconnect: ${messageOf(r.reason)}`);
    });
  }

  /** The gate again after the rate limiter's wait, before the journal: the link, a fault, and the guards' send-time checks. */
  #lastLook(request: BrokerRequest): Veto | undefined {
    const veto = this.#host.trading.veto() ?? this.#host.faultVeto() ?? (request.kind === 'placeOrder' ? this.#host.plugins.sendVeto(request.intent) : undefined);
    if (veto) this.#host.hooks.afterBrokerRequest.call({ request, sent: false });
    return veto;
  }
}

function orderFields(order: Order): Record<string, string | number> {
  return { orderId: order.id, ref: order.ref, strategy: order.intent.strategyId, symbol: order.intent.symbol, side: order.intent.side, quantity: order.intent.quantity.toString() };
}
