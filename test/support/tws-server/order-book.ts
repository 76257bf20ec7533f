/**
 * The test server's book of orders that work against the market, as IB works them:
 * - an order sent with transmit=0 is held, unanswered, until an order of its group (its bracket: the
 *   entry and the exits naming it as parent) arrives with transmit=1; then the group is accepted together;
 * - a bracket's exits stay PreSubmitted until their entry fills, then are Submitted, working for what the
 *   entry filled; when an exit fills, the others are reduced by as much (cancelled at nothing left);
 * - in an OCA group, a fill cancels the other members (type 1) or reduces them by its quantity (2 and 3);
 * - cancelling an entry that filled nothing cancels its exits;
 * - trades (`trade`) and the closing auction (`close`) fill what they reach (see price-rules.ts).
 * The book decides; the server says it on the wire through `BookOutput`, whose `fill` updates the
 * order's filled quantity and status before the book reads them again.
 */
import { Dec, ZERO, dec, type Decimal } from '../../../core/domain/money.js';
import { parentOf, type PlacedOrder } from './place-order.js';
import { fillsAt, fillsInClose, initialState, type PriceState } from './price-rules.js';

export interface OrderRecord {
  placed: PlacedOrder;
  readonly permId: number;
  readonly clientId: number;
  /** Its quantity now: as placed (or modified), less what the other members of its group filled. */
  quantity: string;
  filled: string;
  /** IB's status, or 'Held' for a leg TWS keeps untransmitted (never sent to the client). */
  status: string;
  avgValue: string;
  /** Present for an order worked against trades and the close rather than by a script. */
  market?: PriceState;
}

export interface BookOutput {
  /** The order is accepted: openOrder and orderStatus with its status now. */
  acknowledge(order: OrderRecord): void;
  /** An execution, its orderStatus and commission; the order's filled quantity and status are updated. */
  fill(order: OrderRecord, quantity: Decimal, price: Decimal): void;
  /** orderStatus Cancelled, then error 202 with IB's reason. */
  cancel(order: OrderRecord, reason: string): void;
  /** The order changed (activated, reduced): openOrder and orderStatus as it is now. */
  update(order: OrderRecord): void;
}

export interface BookOptions {
  /**
   * Whether a market or limit order without a parent fills in full as soon as it is accepted (at its
   * limit, or 100.00), as every order at the server did before it had a market: true unless the
   * server was started with `market: true`.
   */
  readonly fillAtOnce: boolean;
}

const DONE = new Set(['Filled', 'Cancelled', 'Inactive']);
const DEFAULT_PRICE = dec('100.00');

export function isDone(order: OrderRecord): boolean {
  return DONE.has(order.status);
}

export class OrderBook {
  readonly #orders: ReadonlyMap<number, OrderRecord>;
  readonly #out: BookOutput;
  readonly #options: BookOptions;
  readonly #lastPrice = new Map<string, Decimal>();

  constructor(orders: ReadonlyMap<number, OrderRecord>, out: BookOutput, options: BookOptions) {
    this.#orders = orders;
    this.#out = out;
    this.#options = options;
  }

  lastPrice(symbol: string): Decimal | undefined {
    return this.#lastPrice.get(symbol);
  }

  /** A new order to work: held when untransmitted, else accepted with every held leg of its group. */
  accept(order: OrderRecord): void {
    order.market = initialState(order.placed);
    if (order.placed.transmit === '0') {
      order.status = 'Held';
      return;
    }
    this.#release(order);
  }

  /** A modified order: its new prices start over, a held one transmits with its group, and what is now marketable fills. */
  modified(order: OrderRecord): void {
    const previous = order.market;
    order.market = { ...initialState(order.placed), triggered: previous?.triggered ?? false, ...(previous?.extreme === undefined ? {} : { extreme: previous.extreme }) };
    if (order.status === 'Held') {
      if (order.placed.transmit !== '0') this.#release(order);
      return;
    }
    this.#out.update(order);
    const last = this.#lastPrice.get(order.placed.symbol);
    if (last !== undefined && order.placed.orderType !== 'TRAIL') this.#work(order, last);
  }

  /**
   * A last trade: every working order of the symbol it reaches fills there, oldest first. Only the
   * orders working before it: a bracket exit that an entry's fill at this trade released starts with
   * the next one, as the trade that filled the entry happened before the exit existed at the exchange.
   */
  trade(symbol: string, price: Decimal): void {
    this.#lastPrice.set(symbol, price);
    for (const order of this.#working(symbol).filter((o) => o.status === 'Submitted')) this.#work(order, price);
  }

  /**
   * The closing auction at `price`: market-on-close orders fill, limit-on-close ones when the price is
   * at their limit or better; what the auction did not fill is cancelled, as its only chance is gone.
   */
  close(symbol: string, price: Decimal): void {
    this.#lastPrice.set(symbol, price);
    for (const order of this.#working(symbol)) {
      const onClose = order.placed.orderType === 'MOC' || order.placed.orderType === 'LOC';
      if (fillsInClose(order.placed, price)) this.#fill(order, this.#workable(order), price);
      else if (onClose && order.status === 'Submitted') this.#out.cancel(order, `the closing auction at ${price.toString()} did not reach its limit`);
    }
  }

  /** A cancelled entry that filled nothing takes its exits with it; after a fill, they protect what it filled. */
  cancelled(order: OrderRecord): void {
    if (!dec(order.filled).isZero()) return;
    for (const child of this.#children(order)) this.#out.cancel(child, `its parent order ${order.placed.orderId} was cancelled`);
  }

  /** A fill made outside the book (a script, `TwsServer.fill`): its group reacts as to any other. */
  filled(order: OrderRecord, quantity: Decimal): void {
    this.#afterFill(order, quantity);
  }

  #release(order: OrderRecord): void {
    const group = parentOf(order.placed) ?? order.placed.orderId;
    const legs = [...this.#orders.values()].filter((o) => o === order || (o.status === 'Held' && (parentOf(o.placed) ?? o.placed.orderId) === group));
    legs.sort((a, b) => a.placed.orderId - b.placed.orderId);
    for (const leg of legs) {
      const parent = this.#parent(leg);
      leg.status = parent !== undefined && dec(parent.filled).isZero() ? 'PreSubmitted' : 'Submitted';
      this.#out.acknowledge(leg);
    }
    for (const leg of legs) this.#start(leg);
  }

  /** What an accepted order does at once: fill as the server always did, or meet the last trade. */
  #start(order: OrderRecord): void {
    if (isDone(order) || order.status !== 'Submitted') return;
    const type = order.placed.orderType;
    if (this.#options.fillAtOnce && parentOf(order.placed) === undefined && (type === 'MKT' || type === 'LMT')) {
      this.#fill(order, this.#workable(order), order.placed.lmtPrice === '' ? this.#lastPrice.get(order.placed.symbol) ?? DEFAULT_PRICE : dec(order.placed.lmtPrice));
      return;
    }
    const last = this.#lastPrice.get(order.placed.symbol);
    // Stops wait for the next trade: the last one happened before they were placed.
    if (last !== undefined && (type === 'MKT' || type === 'LMT')) this.#work(order, last);
  }

  #work(order: OrderRecord, price: Decimal): void {
    if (order.status !== 'Submitted' || order.market === undefined) return;
    const workable = this.#workable(order);
    if (workable.lte(0)) return;
    if (fillsAt(order.placed, order.market, price)) this.#fill(order, workable, price);
  }

  #fill(order: OrderRecord, quantity: Decimal, price: Decimal): void {
    if (quantity.lte(0)) return;
    this.#out.fill(order, quantity, price);
    this.#afterFill(order, quantity);
  }

  #afterFill(order: OrderRecord, quantity: Decimal): void {
    for (const child of this.#children(order)) {
      if (child.status !== 'PreSubmitted') continue;
      child.status = 'Submitted';
      this.#out.update(child);
    }
    const parent = parentOf(order.placed);
    if (parent !== undefined) {
      for (const sibling of this.#children(this.#orders.get(parent))) if (sibling !== order) this.#reduce(sibling, quantity, `its bracket's other exit, order ${order.placed.orderId}, filled`);
    }
    const group = order.placed.ocaGroup;
    if (group === '') return;
    for (const member of this.#open()) {
      if (member === order || member.placed.ocaGroup !== group) continue;
      if (order.placed.ocaType === '1') this.#out.cancel(member, `OCA group ${group}: order ${order.placed.orderId} filled`);
      else this.#reduce(member, quantity, `OCA group ${group}: order ${order.placed.orderId} filled`);
    }
  }

  /** Takes `quantity` off an order's size; with nothing left to work, it is cancelled. */
  #reduce(order: OrderRecord, quantity: Decimal, reason: string): void {
    const left = Dec.max(dec(order.quantity).minus(quantity), dec(order.filled));
    order.quantity = left.toString();
    if (left.minus(order.filled).lte(0)) this.#out.cancel(order, reason);
    else this.#out.update(order);
  }

  /** What the order may fill now: its size, and for an exit no more than its entry filled, less what it filled. */
  #workable(order: OrderRecord): Decimal {
    const parent = this.#parent(order);
    const size = parent === undefined ? dec(order.quantity) : Dec.min(dec(order.quantity), dec(parent.filled));
    return Dec.max(size.minus(order.filled), ZERO);
  }

  #parent(order: OrderRecord): OrderRecord | undefined {
    const id = parentOf(order.placed);
    return id === undefined ? undefined : this.#orders.get(id);
  }

  #children(order: OrderRecord | undefined): OrderRecord[] {
    if (order === undefined) return [];
    return [...this.#orders.values()].filter((o) => !isDone(o) && parentOf(o.placed) === order.placed.orderId);
  }

  /** Orders neither done nor held, oldest first. */
  #open(): OrderRecord[] {
    return [...this.#orders.values()].filter((o) => !isDone(o) && o.status !== 'Held').sort((a, b) => a.placed.orderId - b.placed.orderId);
  }

  #working(symbol: string): OrderRecord[] {
    return this.#open().filter((o) => o.placed.symbol === symbol && o.market !== undefined);
  }
}
