/**
 * The durable journal: every order intent is committed (and synced) before its order is sent, every
 * broker event after it is appended in order, each execution and commission is taken once (a unique
 * index, not a convention), and the order-id high-water mark only rises — so a restarted host rebuilds
 * exactly the books it had. It also holds the plugins' durable state.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { RoboError, messageOf } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import type { Decimal } from '../domain/money.js';
import type { StateStore } from '../host/state-store.js';
import type { BookAccount, BookHistory, FillEntry, JournalEntry, OrderHistory } from './entries.js';
import { DurabilityMark } from './durability-mark.js';
import { MEMORY, SCRATCH, openDatabase } from './open.js';
import { splitExecId } from '../domain/execution-ledger.js';
import { encodeDecimal } from './codec.js';
import { entryToRow, orderToRow, rowToEntry, rowToOrder, type EventRow, type OrderRow } from './rows.js';

/** What the host needs from a journal; the SQLite one below is the only real one, tests may wrap it. */
export interface Journal {
  /** The file, ':memory:', or '(scratch)' for a temporary file deleted at close. */
  readonly path: string;
  /** How logs and messages name it: journal.path as the config writes it (never a value the environment put there), else the path. */
  readonly name: string;
  /** Durable plugin state, kept in the journal. */
  readonly store: StateStore;
  /** Continues the book of this broker account, or opens a new one; returns what it holds. */
  openBook(account: BookAccount): BookHistory;
  /** Commits the intent before its order is sent; rejects when it could not be written. */
  recordIntent(order: Order): Promise<void>;
  /** Appends an event; false when it was already there (an execution booked, or the same commission report taken, before). */
  record(entry: JournalEntry): boolean;
  /** Appends the events as one write: after a crash the journal holds all of them or none. */
  recordTogether(entries: readonly JournalEntry[]): void;
  /** Whether this commission report (the same execution, amount and currency) was taken before. */
  hasCommission(execId: string, commission: Decimal, currency: string): boolean;
  /** The broker time of the last execution booked in the open book. */
  lastExecutionTime(): number | undefined;
  /** One order of the open book with its events, by id or by our reference; undefined when it was never journaled. */
  orderHistory(key: { readonly id: number } | { readonly ref: string }): OrderHistory | undefined;
  /** The executions and corrections journaled in the open book for the fill `base` names (an execution id without its revision). */
  fillHistory(base: string): readonly FillEntry[];
  close(): void;
}

interface BookRow {
  id: number;
  broker: string;
  account: string;
  opened_at: number;
  high_water_id: number;
}

type OrderValues = [book: number, id: number, ref: string, strategy: string, symbol: string, side: string, quantity: string, type: string, limitPrice: string | null, tag: string | null, createdAt: number, spec: string | null];
type EventValues = [book: number, at: number, kind: string, orderId: number | null, execId: string | null, replaces: string | null, symbol: string | null, side: string | null, quantity: string | null, price: string | null, amount: string | null, currency: string | null, time: number | null, text: string | null];

/** Writes a scratch journal commits together. */
const SCRATCH_BATCH = 1000;

/** How a scratch journal names itself in logs: SQLite's name for it is the empty string. */
const SCRATCH_NAME = '(scratch)';

export class SqliteJournal implements Journal {
  readonly path: string;
  readonly name: string;
  readonly store: StateStore;
  readonly #db: Database;
  readonly #now: () => number;
  readonly #insertOrder: Statement<OrderValues>;
  readonly #raiseHighWater: Statement<[{ book: number; id: number }]>;
  readonly #insertEvent: Statement<EventValues>;
  readonly #commissionTaken: Statement<[number, string, string, string]>;
  readonly #writeIntent: Transaction<(row: OrderRow & { book: number }) => void>;
  readonly #orderById: Statement<[number, number], OrderRow>;
  readonly #orderByRef: Statement<[number, string], OrderRow>;
  readonly #eventsOfOrder: Statement<[number, number], EventRow>;
  readonly #eventsOfFill: Statement<[number, string, string], EventRow>;
  #book: number | undefined;
  /** A scratch journal commits every SCRATCH_BATCH writes instead of each one: nothing in it must survive the run. */
  readonly #batched: boolean;
  readonly #readState: Statement<[string], string>;
  readonly #removeState: Statement<[string]>;
  readonly #begin: Statement;
  readonly #commit: Statement;
  #pending = 0;
  /** The record beside a journal file that tells, at the next open, whether committed data was lost. */
  #mark: DurabilityMark | undefined;
  /** Run once the database is closed: the writer's lock is released then. */
  #onClose: (() => void) | undefined;

  /** Opens the journal at `path` (':memory:' for a journal in memory; a backtest's is `scratch()`); throws ROBO_ERR_JOURNAL_CORRUPT when it cannot be trusted. */
  static open(path: string, options: { now: () => number; create?: boolean; onClose?: () => void; keepMode?: boolean; name?: string }): SqliteJournal {
    const name = options.name ?? path;
    const db = openDatabase(path, { create: options.create ?? true, keepMode: options.keepMode ?? false, name });
    let mark: DurabilityMark | undefined;
    if (path !== MEMORY) {
      try {
        mark = DurabilityMark.check(path, db, name);
      } catch (error) {
        db.close();
        throw error;
      }
    }
    const journal = new SqliteJournal(path, db, options.now, false, name);
    journal.#onClose = options.onClose;
    journal.#mark = mark;
    return journal;
  }

  static memory(now: () => number = () => 0): SqliteJournal {
    return SqliteJournal.open(MEMORY, { now });
  }

  /** A backtest's journal: kept in a temporary file SQLite deletes at close, so its size costs no memory. */
  static scratch(now: () => number = () => 0): SqliteJournal {
    return new SqliteJournal(SCRATCH_NAME, openDatabase(SCRATCH, { create: true }), now, true);
  }

  private constructor(path: string, db: Database, now: () => number, batched = false, name = path) {
    this.path = path;
    this.name = name;
    this.#db = db;
    this.#batched = batched;
    this.#begin = db.prepare('BEGIN');
    this.#commit = db.prepare('COMMIT');
    this.#now = now;
    // Positional parameters: binding 11 or 14 named ones from an object cost a quarter of each insert.
    this.#insertOrder = db.prepare('INSERT INTO orders (book, id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#raiseHighWater = db.prepare('UPDATE books SET high_water_id = max(high_water_id, @id) WHERE id = @book');
    // Made once: better-sqlite3 builds a transaction's BEGIN/COMMIT wrappers each time transaction() is called.
    this.#writeIntent = db.transaction((row: OrderRow & { book: number }) => {
      this.#insertOrder.run(row.book, row.id, row.ref, row.strategy, row.symbol, row.side, row.quantity, row.type, row.limit_price, row.tag, row.created_at, row.spec);
      this.#raiseHighWater.run({ book: row.book, id: row.id });
    });
    const orderColumns = 'SELECT id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at, spec FROM orders';
    this.#orderById = db.prepare(`${orderColumns} WHERE book = ? AND id = ?`);
    this.#orderByRef = db.prepare(`${orderColumns} WHERE book = ? AND ref = ?`);
    this.#eventsOfOrder = db.prepare('SELECT * FROM events WHERE book = ? AND order_id = ? ORDER BY seq');
    // A range on the execution index: every id that starts with the base; the caller keeps the exact revisions of it.
    this.#eventsOfFill = db.prepare("SELECT * FROM events WHERE book = ? AND kind IN ('execution', 'correction') AND exec_id >= ? AND exec_id < ? ORDER BY seq");
    this.#commissionTaken = db.prepare<[number, string, string, string]>("SELECT 1 FROM events WHERE book = ? AND kind = 'commission' AND exec_id = ? AND amount = ? AND currency = ?");
    this.#insertEvent = db.prepare('INSERT OR IGNORE INTO events (book, at, kind, order_id, exec_id, replaces, symbol, side, quantity, price, amount, currency, time, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const read = db.prepare<[string], string>('SELECT value FROM plugin_state WHERE owner = ?').pluck();
    const write = db.prepare('INSERT INTO plugin_state (owner, value) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET value = excluded.value');
    this.#readState = read;
    this.#removeState = db.prepare<[string]>('DELETE FROM plugin_state WHERE owner = ?');
    this.store = {
      read: (owner) => {
        const text = read.get(owner);
        if (text === undefined) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          // Damaged state is a refusal to start, never a crash and never empty state: it may record a halt.
          throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state of ${owner} in the journal ${this.name} is not JSON: ${messageOf(error)}`, { cause: error });
        }
      },
      write: (owner, value) => {
        this.#willWrite();
        write.run(owner, JSON.stringify(value));
      },
    };
  }

  /** A plugin's saved state as it is stored, for `robo breaker reset` to keep a copy of state no one can read. */
  stateText(owner: string): string | undefined {
    return this.#readState.get(owner);
  }

  /** Forgets a plugin's saved state (after `robo breaker reset` set it aside): the plugin starts from its configuration. */
  removeState(owner: string): void {
    this.#willWrite();
    this.#removeState.run(owner);
  }

  openBook(account: BookAccount): BookHistory {
    const previous = account.fresh ? undefined : this.#db
      .prepare<[string, string], BookRow>('SELECT * FROM books WHERE broker = ? AND account = ? ORDER BY id DESC LIMIT 1')
      .get(account.broker, account.account);
    const row = previous ?? this.#newBook(account);
    this.#book = row.id;
    return this.#history(row, previous !== undefined);
  }

  /** The latest book, for `robo journal`; undefined when nothing was ever journaled. */
  latestBook(): BookHistory | undefined {
    const row = this.#db.prepare<[], BookRow>('SELECT * FROM books ORDER BY id DESC LIMIT 1').get();
    return row === undefined ? undefined : this.#history(row, true);
  }

  async recordIntent(order: Order): Promise<void> {
    const book = this.#requireBook();
    this.#willWrite();
    this.#writeIntent.immediate({ book, ...orderToRow({ id: order.id, ref: order.ref, intent: order.intent, createdAt: order.createdAt, ...(order.parentId === undefined ? {} : { parentId: order.parentId }) }) });
    this.#mark?.orderCommitted(order.id);
  }

  record(entry: JournalEntry): boolean {
    const book = this.#requireBook();
    this.#willWrite();
    return this.#insert(book, entry);
  }

  recordTogether(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const book = this.#requireBook();
    this.#willWrite();
    // A transaction function: its writes commit together (inside a scratch journal's batch, as a savepoint).
    this.#db.transaction(() => {
      for (const entry of entries) this.#insert(book, entry);
    }).immediate();
  }

  #insert(book: number, entry: JournalEntry): boolean {
    const r = entryToRow(book, entry);
    const added = this.#insertEvent.run(r.book, r.at, r.kind, r.order_id, r.exec_id, r.replaces, r.symbol, r.side, r.quantity, r.price, r.amount, r.currency, r.time, r.text).changes > 0;
    if (added && (entry.kind === 'execution' || entry.kind === 'correction')) this.#mark?.executionCommitted();
    return added;
  }

  hasCommission(execId: string, commission: Decimal, currency: string): boolean {
    return this.#commissionTaken.get(this.#requireBook(), execId, encodeDecimal(commission), currency) !== undefined;
  }

  lastExecutionTime(): number | undefined {
    const time = this.#db.prepare("SELECT max(time) FROM events WHERE book = ? AND kind IN ('execution', 'correction')").pluck().get(this.#requireBook()) as number | null;
    return time ?? undefined;
  }

  orderHistory(key: { readonly id: number } | { readonly ref: string }): OrderHistory | undefined {
    const book = this.#requireBook();
    const row = 'id' in key ? this.#orderById.get(book, key.id) : this.#orderByRef.get(book, key.ref);
    if (row === undefined) return undefined;
    return { order: rowToOrder(row), events: this.#eventsOfOrder.all(book, row.id).map(rowToEntry) };
  }

  fillHistory(base: string): readonly FillEntry[] {
    // Execution ids are ASCII, and '/' follows '.' (the revision's separator): [base, base + '/') holds base and base.NN.
    const rows = this.#eventsOfFill.all(this.#requireBook(), base, `${base}/`);
    return rows.map(rowToEntry).filter((e): e is FillEntry => (e.kind === 'execution' || e.kind === 'correction') && splitExecId(e.execution.execId).base === base);
  }

  /** Whether any plugin has kept state here: an old state file is carried only into a journal that holds none. */
  holdsPluginState(): boolean {
    return this.#db.prepare('SELECT 1 FROM plugin_state LIMIT 1').get() !== undefined;
  }

  /** Moves the WAL into the main file and closes; the journal is complete on disk when this returns. */
  close(): void {
    if (!this.#db.open) return;
    try {
      if (this.#db.inTransaction) this.#commit.run();
      if (this.path !== MEMORY && this.path !== SCRATCH_NAME) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.#db.close();
      this.#onClose?.();
    }
  }

  /**
   * Before each write: a scratch journal keeps one transaction open and commits it every SCRATCH_BATCH
   * writes (and at close) — each commit writes its pages to the temporary file. Reads on this connection
   * see the uncommitted rows; a write in a transaction function nests as a savepoint. Files commit each write.
   */
  #willWrite(): void {
    if (!this.#batched) return;
    if (this.#db.inTransaction) {
      if (++this.#pending < SCRATCH_BATCH) return;
      this.#commit.run();
    }
    this.#begin.run();
    this.#pending = 0;
  }

  /**
   * A new book starts its order ids above every id an earlier book of the same broker and account used:
   * a broker that starts empty on every connect (the simulated one) opens a book per run, and order ids
   * still rise across runs.
   */
  #newBook(account: BookAccount): BookRow {
    const openedAt = this.#now();
    const highWater = this.#db
      .prepare<[string, string, string, string], number>('SELECT max(coalesce((SELECT max(high_water_id) FROM books WHERE broker = ? AND account = ?), 0), coalesce((SELECT max(o.id) FROM orders o JOIN books b ON o.book = b.id WHERE b.broker = ? AND b.account = ?), 0))')
      .pluck()
      .get(account.broker, account.account, account.broker, account.account) ?? 0;
    const id = Number(this.#db.prepare('INSERT INTO books (broker, account, opened_at, high_water_id) VALUES (?, ?, ?, ?)').run(account.broker, account.account, openedAt, highWater).lastInsertRowid);
    return { id, broker: account.broker, account: account.account, opened_at: openedAt, high_water_id: highWater };
  }

  #history(row: BookRow, continued: boolean): BookHistory {
    try {
      const orders = this.#db.prepare<[number], OrderRow>('SELECT id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at, spec FROM orders WHERE book = ? ORDER BY id').all(row.id).map(rowToOrder);
      const events = this.#db.prepare<[number], EventRow>('SELECT * FROM events WHERE book = ? ORDER BY seq').all(row.id).map(rowToEntry);
      const highest = orders.reduce((max, o) => Math.max(max, o.id), 0);
      return { book: row.id, broker: row.broker, account: row.account, openedAt: row.opened_at, continued, highWaterId: Math.max(row.high_water_id, highest), orders, events };
    } catch (error) {
      throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `the journal ${this.name} cannot be trusted: book ${row.id} does not read back: ${messageOf(error)}`, {
        details: ['  Robo refuses to trade rather than start on an empty or wrong state'],
      });
    }
  }

  #requireBook(): number {
    if (this.#book === undefined) throw new RoboError('ROBO_ERR_INTERNAL', 'the journal has no open book yet: the host writes to it only after the broker connected');
    return this.#book;
  }
}
