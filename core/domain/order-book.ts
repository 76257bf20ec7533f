/** Every order the host created in this run, by id and by our own reference, with the open ones at hand. */
import { isOpen, type Order } from './order.js';
import type { Side } from './types.js';

export class OrderBook {
  readonly #byId = new Map<number, Order>();
  readonly #byRef = new Map<string, number>();
  /** The open orders only, in creation order: strategies and guards ask for them on every signal, and a long run holds many closed ones. */
  readonly #open = new Map<number, Order>();

  add(order: Order): void {
    if (this.#byId.has(order.id)) throw new Error(`order id ${order.id} is already in the book`);
    this.#byId.set(order.id, order);
    this.#byRef.set(order.ref, order.id);
    this.#index(order);
  }

  replace(order: Order): void {
    if (!this.#byId.has(order.id)) throw new Error(`order id ${order.id} is not in the book`);
    this.#byId.set(order.id, order);
    this.#index(order);
  }

  get(id: number): Order | undefined {
    return this.#byId.get(id);
  }

  byRef(ref: string): Order | undefined {
    const id = this.#byRef.get(ref);
    return id === undefined ? undefined : this.#byId.get(id);
  }

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

  /** An order keeps its place among the open ones while it changes state (Map.set on a present key), and leaves when it closes. */
  #index(order: Order): void {
    if (isOpen(order)) this.#open.set(order.id, order);
    else this.#open.delete(order.id);
  }
}
