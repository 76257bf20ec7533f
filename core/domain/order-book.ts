/**
 * The orders of the run, by id and by our own reference, with the open ones at hand. Closed orders are
 * kept only until they are the oldest beyond a limit (`retire`): a long run or a long replay must not hold
 * every order it ever made. One the broker mentions again is read back from the journal (`recall`) — so
 * memory is bounded by the orders still in play, and nothing the journal holds is ever unknown.
 */
import { isOpen, type Order, type OrderStateKind } from './order.js';
import type { Side } from './types.js';

/** An order the book let go of, read back from where it was kept; undefined when there never was one. */
export type OrderRecall = (key: { readonly id: number } | { readonly ref: string }) => Order | undefined;

export type OrderCounts = Readonly<Record<OrderStateKind, number>>;

export class OrderBook {
  readonly #byId = new Map<number, Order>();
  readonly #byRef = new Map<string, number>();
  /** The open orders only, in creation order: strategies and guards ask for them on every signal, and a long run holds many closed ones. */
  readonly #open = new Map<number, Order>();
  /** The closed orders in memory. */
  readonly #closed = new Map<number, Order>();
  /**
   * Their ids, oldest closed first, from #head on: the order `retire` lets go of them in. A queue, because
   * iterating #closed from its start would step over every entry deleted before, a cost that grows with it.
   */
  #closing: number[] = [];
  #head = 0;
  /** Every order added, by its current state — retired ones included, so the run's summary counts them all. */
  readonly #counts: Record<OrderStateKind, number> = { pending: 0, submitted: 0, partially_filled: 0, filled: 0, cancelled: 0, rejected: 0 };
  readonly #recall: OrderRecall | undefined;

  constructor(options: { readonly recall?: OrderRecall } = {}) {
    this.#recall = options.recall;
  }

  add(order: Order): void {
    if (this.#byId.has(order.id)) throw new Error(`order id ${order.id} is already in the book`);
    this.#admit(order);
    this.#counts[order.state.kind]++;
  }

  replace(order: Order): void {
    const previous = this.#byId.get(order.id);
    if (previous === undefined) throw new Error(`order id ${order.id} is not in the book`);
    this.#byId.set(order.id, order);
    this.#counts[previous.state.kind]--;
    this.#counts[order.state.kind]++;
    this.#index(order);
  }

  /** The order with this id, read back from the journal when the book had let go of it. */
  get(id: number): Order | undefined {
    return this.#byId.get(id) ?? this.#readmit(this.#recall?.({ id }));
  }

  /** The order with this reference, read back from the journal when the book had let go of it. */
  byRef(ref: string): Order | undefined {
    const id = this.#byRef.get(ref);
    return id === undefined ? this.#readmit(this.#recall?.({ ref })) : this.#byId.get(id);
  }

  /** The orders in memory: every open one and the most recently closed. */
  all(): readonly Order[] {
    return [...this.#byId.values()];
  }

  open(filter: { symbol?: string; side?: Side; strategyId?: string } = {}): readonly Order[] {
    const result: Order[] = [];
    for (const order of this.#open.values()) {
      if (filter.symbol !== undefined && order.intent.symbol !== filter.symbol) continue;
      if (filter.side !== undefined && order.intent.side !== filter.side) continue;
      if (filter.strategyId !== undefined && order.intent.strategyId !== filter.strategyId) continue;
      result.push(order);
    }
    return result;
  }

  /** Orders added to this book by state, retired ones included. */
  counts(): OrderCounts {
    return { ...this.#counts };
  }

  /** How many closed orders are in memory. */
  get closedInMemory(): number {
    return this.#closed.size;
  }

  /** Lets go of the oldest closed orders until at most `keep` remain in memory; returns them, oldest first. */
  retire(keep: number): Order[] {
    const retired: Order[] = [];
    while (this.#closed.size > keep && this.#head < this.#closing.length) {
      const id = this.#closing[this.#head++]!;
      const order = this.#closed.get(id);
      if (order === undefined) continue;
      this.#closed.delete(id);
      this.#byId.delete(id);
      this.#byRef.delete(order.ref);
      retired.push(order);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#closing.length) {
      this.#closing = this.#closing.slice(this.#head);
      this.#head = 0;
    }
    return retired;
  }

  /** Back in memory, as the most recently closed (or open) order; not counted again. */
  #readmit(order: Order | undefined): Order | undefined {
    if (order !== undefined && !this.#byId.has(order.id)) this.#admit(order);
    return order;
  }

  #admit(order: Order): void {
    this.#byId.set(order.id, order);
    this.#byRef.set(order.ref, order.id);
    this.#index(order);
  }

  /** An order keeps its place among the open (or closed) ones while it changes state, and moves when it closes. */
  #index(order: Order): void {
    if (isOpen(order)) {
      this.#open.set(order.id, order);
      return;
    }
    this.#open.delete(order.id);
    if (!this.#closed.has(order.id)) this.#closing.push(order.id);
    this.#closed.set(order.id, order);
  }
}
