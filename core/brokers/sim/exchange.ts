/**
 * The simulated exchange's order book: what each working order is waiting for, and what a bar does to
 * it. Within one bar of a symbol, orders are worked in the order the bar's prices could reach them —
 * market orders at the open, then stops, then limits, then the closing auction — oldest first in each
 * step, sharing the bar's capacity. That order is the documented, conservative rule: when a bar touches
 * both a bracket's stop and its target, the stop fills first.
 *
 * Bracket exits are held until their entry fills and work only for what it filled; they and the
 * members of an OCA group of type 2 or 3 reduce each other as they fill, and type 1 members cancel each
 * other. DAY orders end at their session's close (early closes included), IOC after the first bar that
 * could fill them, OPG after the opening bar, MOC and LOC with the close; GTC orders stay.
 */
import { Dec, ZERO, decimalFromNumber, type Decimal } from '../../domain/money.js';
import { tifOf } from '../../domain/order-rules.js';
import type { Bar, OrderIntent } from '../../domain/types.js';
import type { ExchangeCalendar } from '../../market/calendar.js';
import { formatInstant } from '../../market/format.js';
import type { PlaceOrderRequest } from '../port.js';
import { barCapacity, limitFill, stopTrigger, trailExtreme, trailStop } from './matching.js';

export interface SimOrder {
  readonly orderId: number;
  readonly orderRef: string;
  intent: OrderIntent;
  /** A bracket's exit: its entry, which must fill first. */
  readonly parent?: SimOrder;
  /** Bars that open before this instant cannot fill the order. */
  activeFrom: number;
  filled: Decimal;
  fills: number;
  /** Sent with transmit false: held until a later leg transmits. */
  held: boolean;
  /** A stop that the market reached: a STP is now a market order, a STP LMT a limit order. */
  triggered: boolean;
  /** The close of its symbol's latest bar when it was placed: where a trailing stop without an entry starts. */
  readonly placedAt?: number;
  /** A trailing stop's best price since it started, and its stop now. */
  extreme?: Decimal;
  stop?: Decimal;
  /** What the other members of its group (a bracket's exits, an OCA group of type 2 or 3) filled: it works that much less. */
  siblingsFilled: Decimal;
  /** When a DAY order ends. */
  readonly expiresAt?: number;
  /** Filled in full or cancelled: gone from the book. */
  done: boolean;
}

export type ExchangeEvent =
  | { readonly kind: 'fill'; readonly order: SimOrder; readonly quantity: Decimal; readonly price: Decimal; /** 1 for the order's first fill. */ readonly number: number }
  | { readonly kind: 'cancelled'; readonly order: SimOrder; readonly reason: string };

type Phase = 'open' | 'stops' | 'limits' | 'close';

/** Where a bar falls: in the regular or the extended session, and whether it opens or closes the regular one. */
interface BarSession {
  readonly regular: boolean;
  readonly extended: boolean;
  readonly opening: boolean;
  readonly closing: boolean;
}

/** What a bar or a clock step did when no order works: nothing, without an array made for it. */
const NOTHING: readonly ExchangeEvent[] = Object.freeze([]);
/**
 * The steps of a bar. The stops are worked again after the limits: a bracket's stop whose limit entry
 * filled in that step works in the same bar, since the price that reached the entry went on to the bar's
 * low (a buy's) or high (a sell's) after it. Any other stop the first step left is left again.
 */
const PHASES: readonly Phase[] = ['open', 'stops', 'limits', 'stops', 'close'];

export class SimExchange {
  readonly #calendar: ExchangeCalendar;
  readonly #maxShareOfBarVolume: number;
  /** Working orders in arrival order (the oldest first within each step). */
  #orders: SimOrder[] = [];
  readonly #byId = new Map<number, SimOrder>();
  /**
   * The bars of the latest instant: a trailing stop placed now starts from its symbol's close there. Kept
   * as the group the replay delivers — one assignment per instant, nothing per bar — and searched only
   * when a trailing stop is placed, which is rare.
   */
  #latest: readonly Bar[] = [];
  /** Where the bars of the last minute asked about fall, for the bars of every symbol at that instant. */
  #session: { readonly time: number; readonly durationMs: number; readonly value: BarSession } | undefined;

  constructor(calendar: ExchangeCalendar, maxShareOfBarVolume: number) {
    this.#calendar = calendar;
    this.#maxShareOfBarVolume = maxShareOfBarVolume;
  }

  /** The working orders, oldest first. */
  working(): readonly SimOrder[] {
    return this.#orders;
  }

  /** Takes an order; the refusal in words when it cannot be worked. */
  place(request: PlaceOrderRequest, now: number): string | undefined {
    const { intent } = request;
    let parent: SimOrder | undefined;
    if (request.parentId !== undefined) {
      parent = this.#byId.get(request.parentId);
      if (parent === undefined || (parent.done && parent.filled.isZero())) return `the bracket's entry, order ${request.parentId}, is not working`;
    }
    const tif = tifOf(intent);
    const hours = intent.outsideRth === true ? 'extended' : 'regular';
    if (tif === 'IOC' && !this.#openAt(now, hours)) return `an IOC order trades at once, and the ${hours} session is closed`;
    const placedAt = intent.type === 'TRAIL' ? this.#latest.find((b) => b.symbol === intent.symbol)?.close : undefined;
    const order: SimOrder = {
      orderId: request.orderId,
      orderRef: request.orderRef,
      intent,
      ...(parent === undefined ? {} : { parent }),
      ...(placedAt === undefined ? {} : { placedAt }),
      activeFrom: now,
      filled: ZERO,
      fills: 0,
      held: request.transmit === false,
      triggered: false,
      siblingsFilled: ZERO,
      ...(tif === 'DAY' ? { expiresAt: this.#dayEnd(now, intent.outsideRth === true) } : {}),
      done: false,
    };
    // A leg sent with transmit releases its own bracket's held legs — its entry and the exits already sent — and no other order.
    if (request.transmit !== false && parent !== undefined) for (const o of this.#orders) if (o === parent || o.parent === parent) o.held = false;
    this.#orders.push(order);
    this.#byId.set(order.orderId, order);
    return undefined;
  }

  /** Cancels a working order (and the exits of an entry that filled nothing); nothing when it is not working. */
  cancel(orderId: number, reason: string): ExchangeEvent[] {
    const order = this.#byId.get(orderId);
    if (order === undefined || order.done) return [];
    const events = [this.#close(order, reason)];
    if (order.filled.isZero()) {
      for (const child of this.#children(order)) events.push(this.#close(child, `its bracket's entry, order ${orderId}, was cancelled before it filled`));
    } else {
      events.push(...this.#settleChildren(order));
    }
    this.#sweep();
    return events;
  }

  /** A new price or quantity for a working order; the refusal in words when it cannot take it. */
  modify(orderId: number, intent: OrderIntent): string | undefined {
    const order = this.#byId.get(orderId);
    if (order === undefined || order.done) return `order ${orderId} is not working`;
    if (intent.quantity.lt(order.filled)) return `order ${orderId} has filled ${order.filled.toString()} already, more than the new quantity ${intent.quantity.toString()}`;
    order.intent = intent;
    if (intent.type === 'TRAIL' && order.extreme !== undefined) order.stop = this.#tighter(intent, order.stop, trailStop(intent.side, intent.trail, order.extreme));
    return undefined;
  }

  /** Ends the DAY orders whose session closed by `now`. */
  expire(now: number): readonly ExchangeEvent[] {
    if (this.#orders.length === 0) return NOTHING;
    const events: ExchangeEvent[] = [];
    for (const order of this.#orders) {
      if (order.done || order.expiresAt === undefined || order.expiresAt > now) continue;
      events.push(this.#close(order, `a DAY order ends with its session (${formatInstant(order.expiresAt)})`));
      if (order.filled.isZero()) for (const child of this.#children(order)) events.push(this.#close(child, `its bracket's entry, order ${order.orderId}, ended unfilled`));
      else events.push(...this.#settleChildren(order));
    }
    this.#sweep();
    return events;
  }

  /** The bars of an instant, once they are worked: the latest prices a trailing stop may start from. */
  observe(bars: readonly Bar[]): void {
    this.#latest = bars;
  }

  /** Works the orders of the bar's symbol against it. */
  onBar(bar: Bar): readonly ExchangeEvent[] {
    if (this.#orders.length === 0) return NOTHING;
    const events: ExchangeEvent[] = [];
    const mine = this.#orders.filter((o) => o.intent.symbol === bar.symbol);
    if (mine.length > 0) {
      const { regular, extended, opening, closing } = this.#sessionOf(bar);
      let capacity = barCapacity(bar, this.#maxShareOfBarVolume);
      const seen = new Set<SimOrder>();
      for (const phase of PHASES) {
        for (const order of mine) {
          if (order.done || order.held || bar.time < order.activeFrom) continue;
          if (order.parent !== undefined && order.parent.filled.isZero()) continue;
          if (!(order.intent.outsideRth === true ? extended : regular)) continue;
          if (phaseOf(order) !== phase) continue;
          if (phase === 'stops') this.#start(order, bar);
          seen.add(order);
          const price = this.#price(order, bar, opening, closing);
          if (price === undefined) continue;
          const quantity = Dec.min(this.#remaining(order), capacity);
          if (quantity.lte(0)) continue;
          capacity = capacity.minus(quantity);
          events.push(...this.#fill(order, quantity, price, bar));
        }
      }
      for (const order of seen) {
        if (order.done) continue;
        const tif = tifOf(order.intent);
        if (tif === 'IOC' || (tif === 'OPG' && opening)) events.push(this.#close(order, `${tif}: the rest not filled in the ${tif === 'IOC' ? 'first bar it could trade in' : 'opening auction'} is cancelled`));
        else if ((order.intent.type === 'MOC' || order.intent.type === 'LOC') && closing) events.push(this.#close(order, 'not filled in the closing auction'));
        else if (order.intent.type === 'TRAIL' && !order.triggered && order.extreme !== undefined) {
          order.extreme = trailExtreme(order.intent.side, bar, order.extreme);
          order.stop = this.#tighter(order.intent, order.stop, trailStop(order.intent.side, order.intent.trail, order.extreme));
        }
      }
      this.#sweep();
    }
    return events;
  }

  #price(order: SimOrder, bar: Bar, opening: boolean, closing: boolean): Decimal | undefined {
    const { intent } = order;
    const tif = tifOf(intent);
    if (tif === 'OPG') {
      if (!opening) return undefined;
      const open = decimalFromNumber(bar.open);
      return intent.type === 'LMT' && (intent.side === 'BUY' ? open.gt(intent.limitPrice) : open.lt(intent.limitPrice)) ? undefined : open;
    }
    switch (intent.type) {
      case 'MKT':
        return decimalFromNumber(bar.open);
      case 'LMT':
        return limitFill(intent.side, intent.limitPrice, bar);
      case 'MOC':
      case 'LOC': {
        if (!closing) return undefined;
        const close = decimalFromNumber(bar.close);
        if (intent.type === 'LOC' && (intent.side === 'BUY' ? close.gt(intent.limitPrice) : close.lt(intent.limitPrice))) return undefined;
        return close;
      }
      case 'STP':
      case 'TRAIL': {
        if (order.triggered) return decimalFromNumber(bar.open);
        const stop = intent.type === 'STP' ? intent.stopPrice : order.stop;
        const price = stop === undefined ? undefined : stopTrigger(intent.side, stop, bar);
        if (price !== undefined) order.triggered = true;
        return price;
      }
      case 'STP LMT': {
        if (order.triggered) return limitFill(intent.side, intent.limitPrice, bar);
        const trigger = stopTrigger(intent.side, intent.stopPrice, bar);
        if (trigger === undefined) return undefined;
        order.triggered = true;
        // Triggered at a price beyond its limit (a gap at the open): it works as a limit order from here, in the limits step of this bar too.
        return (intent.side === 'BUY' ? trigger.lte(intent.limitPrice) : trigger.gte(intent.limitPrice)) ? trigger : undefined;
      }
    }
  }

  /** A trailing stop starts from the last price it knows (its entry's fill, for a bracket's exit) the first time it works. */
  #start(order: SimOrder, bar: Bar): void {
    const { intent } = order;
    if (intent.type !== 'TRAIL' || order.extreme !== undefined) return;
    const entryPrice = order.parent !== undefined && order.parent.fills > 0 ? this.#lastFill.get(order.parent) : undefined;
    order.extreme = entryPrice ?? decimalFromNumber(order.placedAt ?? bar.open);
    order.stop = intent.initialStop ?? trailStop(intent.side, intent.trail, order.extreme);
  }

  readonly #lastFill = new WeakMap<SimOrder, Decimal>();

  #fill(order: SimOrder, quantity: Decimal, price: Decimal, bar: Bar): ExchangeEvent[] {
    order.filled = order.filled.plus(quantity);
    order.fills++;
    this.#lastFill.set(order, price);
    const events: ExchangeEvent[] = [{ kind: 'fill', order, quantity, price, number: order.fills }];
    if (order.filled.gte(order.intent.quantity)) order.done = true;
    // A bracket's exits start working with the bar after their entry fills — a stop in the same bar, as the worse case.
    if (order.fills === 1) {
      for (const child of this.#children(order)) if (child.intent.type === 'LMT') child.activeFrom = Math.max(child.activeFrom, bar.time + 1);
    }
    for (const sibling of this.#siblings(order)) {
      if (sibling.done) continue;
      if (sibling.intent.oca?.type === 1) {
        events.push(this.#close(sibling, `cancelled by its OCA group ${sibling.intent.oca.group}: order ${order.orderId} filled`));
        continue;
      }
      sibling.siblingsFilled = sibling.siblingsFilled.plus(quantity);
      if (this.#remaining(sibling).lte(0) && this.#final(sibling)) events.push(this.#close(sibling, `reduced to nothing: order ${order.orderId}, in its ${sibling.parent === undefined ? 'OCA group' : 'bracket'}, filled ${sibling.siblingsFilled.toString()}`));
    }
    if (!order.done && this.#remaining(order).lte(0) && this.#final(order)) events.push(this.#close(order, 'its bracket\'s other exit filled the rest'));
    if (order.done) events.push(...this.#settleChildren(order));
    return events;
  }

  /** Exits with nothing left to protect once their entry is done: closed. */
  #settleChildren(parent: SimOrder): ExchangeEvent[] {
    const events: ExchangeEvent[] = [];
    for (const child of this.#children(parent)) {
      if (!child.done && this.#remaining(child).lte(0)) events.push(this.#close(child, `reduced to nothing: its bracket's position of ${parent.filled.toString()} is closed`));
    }
    return events;
  }

  /** What the order may still fill: its quantity, at most what its entry filled, less what its group filled and what it filled itself. */
  #remaining(order: SimOrder): Decimal {
    const cap = order.parent === undefined ? order.intent.quantity : Dec.min(order.intent.quantity, order.parent.filled);
    return cap.minus(order.siblingsFilled).minus(order.filled);
  }

  /** Whether the order can get no more to work: it has no entry, or its entry is done. */
  #final(order: SimOrder): boolean {
    return order.parent === undefined || order.parent.done;
  }

  #children(parent: SimOrder): SimOrder[] {
    return this.#orders.filter((o) => o.parent === parent && !o.done);
  }

  #siblings(order: SimOrder): SimOrder[] {
    if (order.parent !== undefined) return this.#orders.filter((o) => o !== order && o.parent === order.parent);
    const group = order.intent.oca?.group;
    return group === undefined ? [] : this.#orders.filter((o) => o !== order && o.intent.oca?.group === group);
  }

  #close(order: SimOrder, reason: string): ExchangeEvent {
    order.done = true;
    return { kind: 'cancelled', order, reason };
  }

  #sweep(): void {
    if (!this.#orders.some((o) => o.done)) return;
    this.#orders = this.#orders.filter((o) => {
      if (!o.done) return true;
      // An entry stays known while its exits work: they read what it filled.
      if (!this.#orders.some((c) => c.parent === o && !c.done)) this.#byId.delete(o.orderId);
      return false;
    });
  }

  #tighter(intent: OrderIntent, current: Decimal | undefined, next: Decimal): Decimal {
    if (current === undefined) return next;
    return intent.side === 'SELL' ? Dec.max(current, next) : Dec.min(current, next);
  }

  #dayEnd(now: number, outsideRth: boolean): number | undefined {
    try {
      return this.#calendar.dayOrderEnd(now, outsideRth ? 'extended' : 'regular');
    } catch {
      return undefined; // beyond the calendar's years: the order works until cancelled
    }
  }

  /** Where the bar falls: in the regular or the extended session, and whether it opens or closes the regular one. */
  #openAt(now: number, hours: 'regular' | 'extended'): boolean {
    try {
      return this.#calendar.isOpen(now, hours);
    } catch {
      return true; // beyond the calendar's years: every instant the data has is a trading one
    }
  }

  #sessionOf(bar: Bar): BarSession {
    const known = this.#session;
    if (known !== undefined && known.time === bar.time && known.durationMs === bar.durationMs) return known.value;
    const value = this.#sessionAt(bar);
    this.#session = { time: bar.time, durationMs: bar.durationMs, value };
    return value;
  }

  #sessionAt(bar: Bar): BarSession {
    try {
      const regular = this.#calendar.isOpen(bar.time, 'regular');
      const extended = regular || this.#calendar.isOpen(bar.time, 'extended');
      const session = regular ? this.#calendar.session(this.#calendar.tradeDateOf(bar.time)) : null;
      return { regular, extended, opening: session !== null && bar.time === session.openMs, closing: session !== null && bar.time + bar.durationMs >= session.closeMs };
    } catch {
      // Beyond the calendar's years: every bar the data has is a trading bar, and none is an auction's.
      return { regular: true, extended: true, opening: false, closing: false };
    }
  }
}

function phaseOf(order: SimOrder): Phase {
  const { intent } = order;
  if (tifOf(intent) === 'OPG') return 'open';
  switch (intent.type) {
    case 'MKT':
      return 'open';
    case 'LMT':
      return 'limits';
    case 'MOC':
    case 'LOC':
      return 'close';
    case 'STP':
    case 'TRAIL':
      return order.triggered ? 'open' : 'stops';
    case 'STP LMT':
      return order.triggered ? 'limits' : 'stops';
  }
}
