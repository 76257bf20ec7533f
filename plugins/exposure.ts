/**
 * What one symbol already commits on one side, counted the way a guard must: the open orders, plus the
 * orders this guard allowed that are still on their way (waiting at the rate limiter, say) and not yet
 * in the order book. Without those, a burst of concurrent orders would each pass a limit that together
 * they break. Totals are kept per symbol and side, so a burst of n orders costs n steps, not n².
 */
import { ZERO, type Decimal } from '../core/domain/money.js';
import { remainingQuantity } from '../core/domain/order.js';
import type { OrderIntent, Side } from '../core/domain/types.js';
import type { OrderOutcome, OrderRequest } from '../core/host/events.js';
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
  readonly #totals = new Map<string, { orders: number; quantity: Decimal }>();

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
    this.#add(entry.intent, 1);
  }

  forget(request: OrderRequest): void {
    const entry = this.#byRequest.get(request);
    if (entry === undefined) return;
    this.#byRequest.delete(request);
    this.#byIntent.delete(entry.intent);
    this.#add(entry.intent, -1);
  }

  /** Everything committed on `side` of `symbol`, leaving out `except` (the order being judged, or its intent). */
  onSide(symbol: string, side: Side, except?: OrderRequest | OrderIntent): SideExposure {
    const total = this.#totals.get(key(symbol, side)) ?? { orders: 0, quantity: ZERO };
    let orders = total.orders;
    let quantity = total.quantity;
    for (const order of this.#api.orders.open({ symbol, side })) {
      // Booked but its outcome not yet in: it is counted already, as an allowed order.
      if (this.#byIntent.has(order.intent)) continue;
      orders++;
      quantity = quantity.plus(remainingQuantity(order));
    }
    const own = except === undefined ? undefined : this.#byRequest.get(except as OrderRequest) ?? this.#byIntent.get(except as OrderIntent);
    if (own !== undefined && own.intent.symbol === symbol && own.intent.side === side) {
      orders--;
      quantity = quantity.minus(own.intent.quantity);
    }
    return { orders, quantity };
  }

  #add(intent: OrderIntent, sign: 1 | -1): void {
    const k = key(intent.symbol, intent.side);
    const total = this.#totals.get(k) ?? { orders: 0, quantity: ZERO };
    const next = { orders: total.orders + sign, quantity: sign === 1 ? total.quantity.plus(intent.quantity) : total.quantity.minus(intent.quantity) };
    if (next.orders === 0) this.#totals.delete(k);
    else this.#totals.set(k, next);
  }

  #settle(outcome: OrderOutcome): void {
    // The outcome carries the request's final (sealed) intent.
    const intent = outcome.kind === 'vetoed' ? outcome.intent : outcome.order.intent;
    const entry = this.#byIntent.get(intent) ?? [...this.#byRequest.values()].find((e) => e.request.intent === intent);
    if (entry !== undefined) this.forget(entry.request);
  }
}

function key(symbol: string, side: Side): string {
  return `${symbol}\u0000${side}`;
}
