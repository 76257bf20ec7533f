/**
 * The host's books on disk: every event journaled through one door (a write that fails stops all trading,
 * once, loudly), the books rebuilt from the journal at start, closed orders beyond a limit let go of from
 * memory and read back from the journal when the broker mentions them again.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import type { OrderIds } from '../domain/ids.js';
import type { Order } from '../domain/order.js';
import type { OrderBook } from '../domain/order-book.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { BookHistory, JournalEntry } from '../journal/entries.js';
import type { Journal } from '../journal/journal.js';
import { replayBook, replayOrder } from '../journal/replay.js';
import type { Logger } from '../log.js';
import { fileProblem } from '../file-problem.js';
import type { Fills } from './fills.js';

/** What the books need of the host: the state they rebuild and keep in step with the journal. */
export interface BooksHost {
  readonly orders: OrderBook;
  readonly portfolio: Portfolio;
  readonly ids: OrderIds;
  readonly fills: Fills;
  readonly log: Logger;
}

export class Books {
  readonly journal: Journal;
  readonly #host: BooksHost;
  readonly #keepClosed: number;
  #open = false;
  #failure: RoboError | undefined;
  #announceFailure: (failure: RoboError) => void = () => {};
  /** Settles with ROBO_ERR_JOURNAL_WRITE the first time the journal cannot be written: the session must end. */
  readonly failure: Promise<RoboError> = new Promise((resolve) => { this.#announceFailure = resolve; });

  constructor(journal: Journal, host: BooksHost, keepClosed: number) {
    this.journal = journal;
    this.#host = host;
    this.#keepClosed = keepClosed;
  }

  /** The journal's write failure, once there was one: no order is sent after it. */
  get failed(): RoboError | undefined {
    return this.#failure;
  }

  /**
   * Appends to the journal; false only when the entry was there already (an execution or commission
   * taken before). A journal that fails to write is reported loudly, but the event is still applied: the
   * money moved at the broker, and state recovery books it again from the broker after a restart.
   */
  record(entry: JournalEntry): boolean {
    try {
      return this.journal.record(entry);
    } catch (error) {
      this.#host.log.error({ kind: entry.kind, err: messageOf(error) }, `the journal could not record a ${entry.kind} event: ${messageOf(error)}`);
      this.broken(error);
      return true;
    }
  }

  /** Appends the entries as one write; a failing journal is reported as by record(). */
  recordTogether(entries: readonly JournalEntry[]): void {
    try {
      this.journal.recordTogether(entries);
    } catch (error) {
      this.#host.log.error({ kinds: entries.map((e) => e.kind).join(','), err: messageOf(error) }, `the journal could not record ${entries.map((e) => `a ${e.kind}`).join(' and ')} event: ${messageOf(error)}`);
      this.broken(error);
    }
  }

  /** Whether this commission report was taken before; a journal that cannot say (broken) is answered no. */
  hasCommission(entry: Extract<JournalEntry, { kind: 'commission' }>): boolean {
    try {
      return this.journal.hasCommission(entry.execId, entry.commission, entry.currency);
    } catch (error) {
      this.broken(error);
      return false;
    }
  }

  /**
   * The journal failed a write (a full disk, a read-only file): from now on no order is sent, and the
   * session is told to end (`failure`) — the books can no longer be kept, so trading must stop.
   */
  broken(error: unknown): void {
    if (this.#failure !== undefined) return;
    const failure = new RoboError('ROBO_ERR_JOURNAL_WRITE', `the journal ${this.journal.name} could not be written (${fileProblem(error)}); no order is sent after it, and the session ends`, { cause: error });
    this.#failure = failure;
    this.#host.log.error({ journal: this.journal.name }, failure.message);
    this.#announceFailure(failure);
  }

  /** Rebuilds the order book, the portfolio and the execution ledger from the journal, before the broker is asked anything. */
  restore(history: BookHistory): void {
    const { orders, portfolio, ids, fills, log } = this.#host;
    this.#open = true;
    const replayed = replayBook(history, portfolio);
    for (const order of replayed.orders.values()) orders.add(order);
    fills.restore(replayed.ledger);
    ids.observe(history.highWaterId + 1);
    const name = this.journal.name;
    if (!history.continued) {
      log.info({ journal: name, book: history.book }, `journal ${name}: a new book for the ${history.broker} broker`);
      return;
    }
    const open = orders.open().map((o) => o.id);
    this.retireClosed();
    const positions = portfolio.positions().map((p) => `${p.symbol} ${p.quantity.toString()}`);
    log.info(
      { journal: name, book: history.book, orders: replayed.orders.size, open, fills: replayed.fills, highWaterId: history.highWaterId, cash: portfolio.cash.toFixed(2), positions },
      `journal ${name}: rebuilt book ${history.book} — ${replayed.orders.size} orders (${open.length} open), ${replayed.fills} fills, cash ${portfolio.cash.toFixed(2)}, positions ${positions.join(', ') || 'none'}; order ids continue above ${history.highWaterId}`,
    );
  }

  /** Whether the open book journaled order `orderId` with this orderRef (an empty ref: the id alone). */
  journaled(orderId: number, orderRef: string): boolean {
    if (!this.#open) return false;
    try {
      const history = this.journal.orderHistory({ id: orderId });
      return history !== undefined && (orderRef === '' || history.order.ref === orderRef);
    } catch (error) {
      this.#host.log.error({ orderId, err: messageOf(error) }, `could not ask the journal about order ${orderId}: ${messageOf(error)}`);
      return false;
    }
  }

  /** Called between bars and after each broker event: no order is being handled then, so none is let go of under its handler. */
  retireIfOver(): void {
    if (this.#host.orders.closedInMemory > this.#keepClosed) this.retireClosed();
  }

  /** Lets go of the oldest closed orders beyond the limit, with their fills: the journal keeps them all. */
  retireClosed(): void {
    const { orders, fills } = this.#host;
    for (const order of orders.retire(this.#keepClosed)) fills.ledger.forget(order.executionIds);
  }

  /** An order the book let go of, rebuilt from its journaled events; its fills are booked in the ledger again. */
  recall(key: { readonly id: number } | { readonly ref: string }): Order | undefined {
    if (!this.#open) return undefined; // nothing was journaled in a book not opened yet
    const history = this.journal.orderHistory(key);
    if (history === undefined) return undefined;
    const order = replayOrder(history, this.#host.fills.ledger);
    this.#host.log.debug({ orderId: order.id, state: order.state.kind }, `order ${order.id} read back from the journal: the broker mentioned it again`);
    return order;
  }
}
