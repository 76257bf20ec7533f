/**
 * What one symbol already commits on one side, counted the way a guard must: the open orders, plus the
 * orders this guard allowed that are still on their way (waiting at the rate limiter, say) and not yet
 * in the order book. Without those, a burst of concurrent orders would each pass a limit that together
 * they break. They are kept per symbol and side and summed when a guard asks: no more are ever in flight
 * on one side than the guards allow open there, so the sum is short.
 */
import { ZERO, type Decimal } from '../core/domain/money.js';
import { remainingQuantity } from '../core/domain/order.js';
import type { OrderIntent, Side } from '../core/domain/types.js';
import { OrderRequest, type OrderOutcome } from '../core/host/events.js';
import type { PluginApi } from '../core/host/plugin-api.js';

export interface SideExposure {
  /** Open orders on the side, and allowed ones not yet booked. */
  readonly orders: number;
  /** Their quantity still to fill. */
  readonly quantity: Decimal;
}

interface Allowed {
  readonly request: OrderRequest;
  readonly intent: OrderIntent;
}

export class Exposure {
  readonly #api: PluginApi;
  readonly #byRequest = new Map<OrderRequest, Allowed>();
  /** By the intent that was allowed: a booked order carries that same intent object. */
  readonly #byIntent = new Map<OrderIntent, Allowed>();
  /**
   * The allowed orders not yet settled, by symbol and side — the few of a burst still on their way —
   * rather than running Decimal totals, which cost two Decimal operations per order in each guard.
   */
  readonly #inFlight = new Map<string, Set<Allowed>>();

  constructor(api: PluginApi) {
    this.#api = api;
    api.hooks.afterOrder.tap(api.name, (outcome) => this.#settle(outcome));
  }

  /** Counts the request's current intent; a request judged again (after an amendment) replaces its earlier count. */
  allow(request: OrderRequest): void {
    this.forget(request);
    const entry = { request, intent: request.intent };
    this.#byRequest.set(request, entry);
    this.#byIntent.set(entry.intent, entry);
    const k = key(entry.intent.symbol, entry.intent.side);
    let entries = this.#inFlight.get(k);
    if (entries === undefined) this.#inFlight.set(k, entries = new Set());
    entries.add(entry);
  }

  forget(request: OrderRequest): void {
    const entry = this.#byRequest.get(request);
    if (entry === undefined) return;
    this.#byRequest.delete(request);
    this.#byIntent.delete(entry.intent);
    this.#inFlight.get(key(entry.intent.symbol, entry.intent.side))?.delete(entry);
  }

  /**
   * Everything committed on `side` of `symbol`, leaving out `except` (the order being judged, or its
   * intent); with `strategyId`, only that strategy's orders; with `including`, that order counted in (grouped with its OCA group or bracket).
   */
  onSide(symbol: string, side: Side, except?: OrderRequest | OrderIntent, strategyId?: string, including?: OrderIntent): SideExposure {
    const own = except === undefined ? undefined : this.#byRequest.get(except as OrderRequest) ?? this.#byIntent.get(except as OrderIntent);
    // A modify is judged in the place of the order it changes: that order's old terms are not counted.
    const replaced = except instanceof OrderRequest ? except.replaces?.id : undefined;
    let orders = 0;
    let quantity = ZERO;
    // Orders of one OCA group, or one bracket's exits, can never all fill: together they commit what the largest does.
    let groups: Map<string, Decimal> | undefined;
    const add = (intent: OrderIntent, remaining: Decimal): void => {
      const group = groupOf(intent);
      if (group === undefined) {
        orders++;
        quantity = quantity.plus(remaining);
        return;
      }
      groups ??= new Map();
      const seen = groups.get(group);
      if (seen === undefined) orders++;
      if (seen === undefined || remaining.gt(seen)) groups.set(group, remaining);
    };
    for (const entry of this.#inFlight.get(key(symbol, side)) ?? []) {
      if (entry === own || (strategyId !== undefined && entry.intent.strategyId !== strategyId)) continue;
      add(entry.intent, entry.intent.quantity);
    }
    for (const order of this.#api.orders.open(strategyId === undefined ? { symbol, side } : { symbol, side, strategyId })) {
      // Booked but its outcome not yet in: it is counted already, as an allowed order.
      if (this.#byIntent.has(order.intent) || order.id === replaced) continue;
      add(order.intent, remainingQuantity(order));
    }
    if (including !== undefined) add(including, including.quantity);
    if (groups !== undefined) for (const largest of groups.values()) quantity = quantity.plus(largest);
    return { orders, quantity };
  }

  /**
   * Whether `intent`, with everything already committed on its side, only shrinks the position toward
   * flat and never passes through it: the one order every restrictive guard must still let through.
   */
  reducesOnly(intent: OrderIntent, except: OrderRequest | OrderIntent): boolean {
    const position = this.#api.portfolio.position(intent.symbol).quantity;
    const opposite = intent.side === 'SELL' ? position.gt(0) : position.lt(0);
    return opposite && this.onSide(intent.symbol, intent.side, except, undefined, intent).quantity.lte(position.abs());
  }

  #settle(outcome: OrderOutcome): void {
    // The outcome carries the request's final (sealed) intent.
    const intent = outcome.kind === 'vetoed' ? outcome.intent : outcome.order.intent;
    const entry = this.#byIntent.get(intent) ?? [...this.#byRequest.values()].find((e) => e.request.intent === intent);
    if (entry !== undefined) this.forget(entry.request);
  }
}

/** The group whose members can never all fill: a bracket's exits, or an OCA group. */
function groupOf(intent: OrderIntent): string | undefined {
  if (intent.bracket !== undefined && intent.bracket.role !== 'entry') return `bracket\u0000${intent.bracket.id}`;
  return intent.oca === undefined ? undefined : `oca\u0000${intent.oca.group}`;
}

function key(symbol: string, side: Side): string {
  return `${symbol}\u0000${side}`;
}
