/**
 * The one order path: an intent goes through beforeOrder (the guards may veto or amend; an amended order
 * is judged again by every guard), validation, the broker-request gate (the rate limiter), an id, the
 * journal, and a last look at the moment of sending — and only then to the broker. Cancels take the same
 * gate, and wait for the link when it is down, never dropped. Every way an order can end is announced on
 * afterOrder.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { OrderIds } from '../domain/ids.js';
import { changedIntent, createOrder, isTerminal, reject, termsOf, withTerms, type Order, type OrderChanges } from '../domain/order.js';
import { describeOrder } from '../domain/order-rules.js';
import { bracketProblem, type BracketLegs } from './bracket-legs.js';
import type { OrderBook } from '../domain/order-book.js';
import type { OrderIntent, Veto } from '../domain/types.js';
import { BrokerOutcomeUnknown, type BrokerPort } from '../brokers/port.js';
import type { Logger } from '../log.js';
import type { ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import type { Books } from './books.js';
import { OrderRequest, type BrokerRequest, type OrderOutcome } from './events.js';
import type { Hooks } from './hooks.js';
import { HOST } from './host-name.js';
import type { InstalledPlugins } from './installed-plugins.js';
import type { RunStats } from './run-stats.js';
import { callBail, callSeries } from './series.js';
import type { TradingGate } from './trading-gate.js';
import { intentProblem, validateIntent } from './validate-intent.js';
import { orderTimingProblem } from './order-timing.js';

/** How many times the guards re-check an order that keeps being amended before the host gives up on it. */
const MAX_GUARD_PASSES = 3;

type GuardTap = (request: OrderRequest) => Veto | undefined | Promise<Veto | undefined>;

/** How submit ends: the outcome afterOrder announces, a veto without the intent it names there. */
export type { BracketLegs };

export type SubmitResult = Exclude<OrderOutcome, { readonly kind: 'vetoed' }> | { readonly kind: 'vetoed'; readonly veto: Veto };

/** What the order path needs of the host: its parts, whether it runs, and its one way to close or change an order. */
export interface OrderPathHost {
  readonly hooks: Hooks;
  readonly log: Logger;
  readonly stats: RunStats;
  readonly ids: OrderIds;
  readonly clock: Clock;
  readonly calendar: ExchangeCalendar;
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
  /** Why each cancel sent and not yet answered was asked for, so the order closes with the asker's reason, not only the broker's words. */
  readonly #cancelReasons = new Map<number, string>();
  /** Brackets made in this run: the second part of their names, so two made before either has an id differ. */
  #brackets = 0;

  constructor(host: OrderPathHost) {
    this.#host = host;
  }

  /** Why a cancel of the order was asked for, once: the broker's answer closes it with this reason. */
  takeCancelReason(orderId: number): string | undefined {
    const reason = this.#cancelReasons.get(orderId);
    this.#cancelReasons.delete(orderId);
    return reason;
  }

  /** Whether a cancel of this order is waiting for the link (at stop: the order may still be working). */
  cancelWaits(orderId: number): boolean {
    return this.#cancelLater.has(orderId);
  }

  /** The one order path. Resolves when the order is vetoed, acknowledged, or rejected. */
  async submit(intent: OrderIntent): Promise<SubmitResult> {
    const [result] = await this.#submitGroup([intent]);
    return result!;
  }

  /**
   * A bracket: the entry and its exits, judged leg by leg by every guard, journaled together, and sent
   * as IB sends one — the entry first, each exit naming it as its parent, every leg but the last held
   * back (`transmit: false`) so the broker works none of them until it has all. When any leg is refused,
   * none is sent. Resolves with one result per leg, in the order given: the entry first.
   */
  async submitBracket(legs: BracketLegs): Promise<SubmitResult[]> {
    const id = `robo:${legs.entry.strategyId}:b${this.#host.ids.peek()}.${++this.#brackets}`;
    const intents: OrderIntent[] = [{ ...legs.entry, bracket: { id, role: 'entry' } }];
    if (legs.takeProfit !== undefined) intents.push({ ...legs.takeProfit, bracket: { id, role: 'take-profit' } });
    if (legs.stopLoss !== undefined) intents.push({ ...legs.stopLoss, bracket: { id, role: 'stop-loss' } });
    const shape = bracketProblem(intents);
    if (shape !== undefined) {
      const veto: Veto = { by: HOST, code: 'ORDER_INVALID', reason: shape };
      return this.#announceVetoed(intents.map((intent, i) => ({ intent, veto, counted: i === 0 })));
    }
    return this.#submitGroup(intents);
  }

  /**
   * Orders sent together: each judged in turn (a refusal of one refuses all), then journaled, then sent
   * in order. A group of more than one is a bracket: its exits name the entry's id as their parent.
   */
  async #submitGroup(intents: readonly OrderIntent[]): Promise<SubmitResult[]> {
    const judged: Judged[] = [];
    for (const intent of intents) {
      const leg = await this.#judge(intent);
      judged.push(leg);
      if (leg.veto !== undefined) break;
    }
    const refusedAt = judged.findIndex((leg) => leg.veto !== undefined);
    const refusal = judged[refusedAt]?.veto;
    if (refusal !== undefined) {
      // The legs the guards had already let through learn that they were not sent, as one refused alone would.
      for (const leg of judged) if (leg.veto === undefined) this.#host.hooks.afterBrokerRequest.call({ request: leg.gate, sent: false });
      const others: Veto = { by: refusal.by, code: refusal.code ?? 'BRACKET_LEG_REFUSED', reason: '' };
      return this.#announceVetoed(intents.map((intent, i) => {
        if (i === refusedAt) return { intent: judged[i]!.final, veto: refusal, counted: true };
        const reason = `another leg of the bracket was refused, so its ${intent.bracket?.role ?? 'order'} was not sent either: ${refusal.reason}`;
        // A leg the guards never saw is not announced: no guard counted it.
        return { intent: judged[i]?.final ?? intent, veto: { ...others, reason }, counted: false, announced: i < judged.length };
      }));
    }

    const orders: Order[] = [];
    for (const leg of judged) {
      const id = this.#host.ids.next();
      const order = createOrder(id, `robo:${leg.final.strategyId}:${id}`, leg.final, this.#host.clock.nowMs(), orders[0]?.id);
      try {
        await this.#host.books.journal.recordIntent(order);
      } catch (error) {
        // An order the journal could not record is never sent, and never enters the book as a ghost open order.
        this.#host.books.broken(error);
        const veto: Veto = { by: HOST, code: 'JOURNAL_FAILED', reason: `the journal could not record order ${id} (${messageOf(error)}), so it was not sent` };
        this.#host.log.error({ orderId: id, by: HOST }, veto.reason);
        return this.#unsent(judged, orders, veto);
      }
      this.#host.orders.add(order);
      orders.push(order);
    }
    // The journal write took time too: what time changes is judged once more, in the step that sends.
    for (const order of orders) {
      const late = this.#host.trading.veto() ?? this.#host.faultVeto() ?? this.#host.plugins.sendVeto(order.intent);
      if (late) return this.#unsent(judged, orders, { ...late, reason: `refused by ${late.by} as it was sent: ${late.reason}` }, late);
    }

    const results: SubmitResult[] = [];
    const entryId = orders[0]!.id;
    for (const [i, order] of orders.entries()) {
      const placed = await this.#place(order, judged[i]!.gate, {
        ...(i > 0 ? { parentId: entryId } : {}),
        ...(orders.length > 1 ? { transmit: i === orders.length - 1 } : {}),
      });
      results.push(placed);
      if (placed.kind !== 'sent' && orders.length > 1) {
        // A bracket cut short — its last leg refused too: the legs already sent are cancelled (cancelling the
        // entry cancels its exits), and the rest are never sent, so nothing half-made is left working or held.
        if (i > 0) await this.cancel(entryId, `the bracket's ${order.intent.bracket?.role ?? 'leg'} could not be placed (${placed.kind})`);
        for (const [j, rest] of orders.entries()) {
          if (j <= i) continue;
          this.#host.hooks.afterBrokerRequest.call({ request: judged[j]!.gate, sent: false });
          const reason = `not sent: the bracket's ${order.intent.bracket?.role ?? 'leg'}, order ${order.id}, was ${placed.kind}`;
          await this.#host.closeOrder(rest.id, 'not-sent', reason);
          const closed = this.#host.orders.get(rest.id) ?? rest;
          await callSeries(this.#host.hooks.afterOrder, { kind: 'rejected', order: closed, reason });
          results.push({ kind: 'rejected', order: closed, reason });
        }
        break;
      }
    }
    return results;
  }

  /** Everything the host and the guards decide before an order may have an id: a veto, or the sealed intent to send. */
  async #judge(intent: OrderIntent, replaces?: Order): Promise<Judged> {
    const state = this.#host.state();
    const invalid = state === 'running' ? this.#invalid(intent) : undefined;
    const request = new OrderRequest(intent, replaces);
    let veto: Veto | undefined = state !== 'running'
      ? { by: HOST, code: 'HOST_NOT_RUNNING', reason: `the host is ${state}, not running, so no order can be sent` }
      : invalid ?? this.#host.faultVeto() ?? this.#host.trading.veto() ?? await callBail(this.#host.hooks.beforeOrder, request);
    if (invalid === undefined) veto ??= await this.#guardFinalIntent(request);
    request.seal();
    const final = request.intent;
    const gate: BrokerRequest = { kind: 'placeOrder', lane: 'order', intent: final };
    const refusal = veto ?? validateIntent(final, intent) ?? (await this.gate(gate)) ?? this.#lastLook(gate);
    return refusal === undefined ? { final, gate } : { final, gate, veto: refusal };
  }

  /** An order that is not legal, or not at this time of the exchange's day: refused before any guard sees it. */
  #invalid(intent: OrderIntent): Veto | undefined {
    let problem = intentProblem(intent, { onTick: false });
    if (problem === undefined) {
      try {
        problem = orderTimingProblem(intent, this.#host.clock.nowMs(), this.#host.calendar);
      } catch (error) {
        problem = `cannot tell when the exchange trades now (${messageOf(error)})`;
      }
    }
    return problem === undefined ? undefined : { by: HOST, code: 'ORDER_INVALID', reason: problem };
  }

  /** Announces a refusal; `counted` for the one refusal of a group that is logged and counted in the run's vetoes. */
  async #vetoed(final: OrderIntent, veto: Veto, counted: boolean): Promise<SubmitResult> {
    if (counted) {
      this.#host.stats.recordVeto(veto);
      this.#host.log.warn({ strategy: final.strategyId, symbol: final.symbol, side: final.side, quantity: final.quantity.toString(), by: veto.by, ...(veto.code === undefined ? {} : { code: veto.code }) }, `order vetoed by ${veto.by}: ${veto.reason}`);
    }
    await callSeries(this.#host.hooks.afterOrder, { kind: 'vetoed', intent: final, veto });
    return { kind: 'vetoed', veto };
  }

  /** A group that will not be sent after all: the legs journaled are closed as not sent, and every leg is announced as vetoed. */
  async #unsent(judged: readonly Judged[], orders: readonly Order[], veto: Veto, closing?: Veto): Promise<SubmitResult[]> {
    for (const leg of judged) this.#host.hooks.afterBrokerRequest.call({ request: leg.gate, sent: false });
    this.#host.stats.recordVeto(closing ?? veto);
    for (const order of orders) await this.#host.closeOrder(order.id, 'not-sent', veto.reason);
    return this.#announceVetoed(judged.map((leg) => ({ intent: leg.final, veto: closing ?? veto, counted: false })));
  }

  /**
   * Announces refused legs one after the other, in the order they were asked for, so every guard sees
   * each refusal in turn and one failing announcement can never hide the others'.
   */
  async #announceVetoed(legs: readonly { readonly intent: OrderIntent; readonly veto: Veto; readonly counted: boolean; readonly announced?: boolean }[]): Promise<SubmitResult[]> {
    const results: SubmitResult[] = [];
    for (const leg of legs) results.push(leg.announced === false ? { kind: 'vetoed', veto: leg.veto } : await this.#vetoed(leg.intent, leg.veto, leg.counted));
    return results;
  }

  /** Sends one journaled order to the broker and announces how that ended. */
  async #place(order: Order, gate: BrokerRequest, link: { readonly parentId?: number; readonly transmit?: boolean }): Promise<SubmitResult> {
    const id = order.id;
    this.#host.log.info(orderFields(order), `order ${id} ${describeOrder(order.intent)}`);
    try {
      this.#host.hooks.afterBrokerRequest.call({ request: gate, sent: true });
      await this.#host.broker.placeOrder({ orderId: id, orderRef: order.ref, intent: order.intent, ...link });
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

  /**
   * New terms for a working order — its quantity, its prices — judged by every guard as the order they
   * make, sent under the same id, and journaled once the broker accepted them. The order keeps its old
   * terms when a guard or the broker refuses.
   */
  async modify(orderId: number, changes: OrderChanges): Promise<ModifyResult> {
    const order = this.#host.orders.get(orderId);
    if (order === undefined || isTerminal(order)) return { kind: 'vetoed', veto: { by: HOST, code: 'ORDER_INVALID', reason: `order ${orderId} is not working, so it cannot be modified` } };
    const invalid = (reason: string): ModifyResult => ({ kind: 'vetoed', veto: { by: HOST, code: 'ORDER_INVALID', reason } });
    const next = changedIntent(order, changes);
    if (typeof next === 'string') return invalid(next);
    const shape = this.#bracketQuantityProblem(order, next);
    if (shape !== undefined) return invalid(shape);
    const judged = await this.#judge(next, order);
    if (judged.veto !== undefined) {
      const result = await this.#vetoed(judged.final, judged.veto, true);
      return result as ModifyResult;
    }
    const final = judged.final;
    this.#host.log.info(orderFields(order), `modifying order ${orderId}: ${describeOrder(order.intent)} → ${describeOrder(final)}`);
    try {
      this.#host.hooks.afterBrokerRequest.call({ request: judged.gate, sent: true });
      await this.#host.broker.modifyOrder({ orderId, orderRef: order.ref, intent: final, ...(order.parentId === undefined ? {} : { parentId: order.parentId }) });
    } catch (error) {
      const veto: Veto = { by: this.#host.broker.kind === 'sim' ? 'robo:sim-broker' : 'robo:ib', code: 'MODIFY_REFUSED', reason: `the broker refused the modify of order ${orderId}, which keeps its terms: ${messageOf(error)}` };
      this.#host.log.warn({ orderId }, veto.reason);
      await callSeries(this.#host.hooks.afterOrder, { kind: 'vetoed', intent: final, veto });
      return { kind: 'vetoed', veto };
    }
    const current = this.#host.orders.get(orderId) ?? order;
    const modified = withTerms(current, final);
    // Terms change what the order commits, not what it filled: the journal records what the broker accepted.
    this.#host.books.record({ kind: 'modified', at: this.#host.clock.nowMs(), orderId, changes: termsOf(final) });
    this.#host.orders.replace(modified);
    await callSeries(this.#host.hooks.afterOrder, { kind: 'modified', order: modified, previous: order.intent });
    return { kind: 'modified', order: modified };
  }

  /**
   * What a bracket refuses at submit, refused on a modify too: an exit larger than its entry, or an entry
   * smaller than an exit still working. The guards judge a bracket's exits as closing only what the entry
   * opens, and the broker works each leg for its own quantity, so an exit larger than its entry would open
   * a position on the other side that no guard judged.
   */
  #bracketQuantityProblem(order: Order, next: OrderIntent): string | undefined {
    const role = order.intent.bracket?.role;
    if (role === undefined) return undefined;
    if (role !== 'entry') {
      const entry = order.parentId === undefined ? undefined : this.#host.orders.get(order.parentId);
      if (entry === undefined || !next.quantity.gt(entry.intent.quantity)) return undefined;
      return `a bracket's ${role} of ${next.quantity.toString()} shares would be larger than its entry of ${entry.intent.quantity.toString()}`;
    }
    const { symbol, strategyId } = order.intent;
    for (const exit of this.#host.orders.open({ symbol, strategyId })) {
      if (exit.parentId !== order.id || !exit.intent.quantity.gt(next.quantity)) continue;
      return `a bracket's entry of ${next.quantity.toString()} shares would be smaller than its ${exit.intent.bracket?.role ?? 'exit'} of ${exit.intent.quantity.toString()}; make the exits smaller first`;
    }
    return undefined;
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
    this.#cancelReasons.set(orderId, reason);
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

/** How a modify ends: the order on its new terms, or the refusal (by a guard, or by the broker) and the old terms kept. */
export type ModifyResult = { readonly kind: 'modified'; readonly order: Order } | { readonly kind: 'vetoed'; readonly veto: Veto };

interface Judged {
  readonly final: OrderIntent;
  readonly gate: BrokerRequest;
  readonly veto?: Veto;
}

function orderFields(order: Order): Record<string, string | number> {
  return { orderId: order.id, ref: order.ref, strategy: order.intent.strategyId, symbol: order.intent.symbol, side: order.intent.side, quantity: order.intent.quantity.toString() };
}
