/**
 * The journal's schema, as numbered migrations applied in order inside one transaction each, so a
 * journal is always at exactly one known version (`PRAGMA user_version`); a journal written by a newer
 * Robo is refused rather than misread.
 */
import type { Database } from 'better-sqlite3';

/** Each entry takes the schema from version `index` to `index + 1`. Never edit a shipped migration: add one. */
export const MIGRATIONS: readonly string[] = [
  `
  -- One book per broker account: orders, events and the order-id high-water mark belong to a book.
  -- A broker whose account starts empty on every connect (the simulated one) opens a new book each run.
  CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    broker TEXT NOT NULL,
    account TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    high_water_id INTEGER NOT NULL DEFAULT 0
  );
  -- Every order intent, written (and synced) before the order is sent.
  CREATE TABLE orders (
    book INTEGER NOT NULL REFERENCES books(id),
    id INTEGER NOT NULL,
    ref TEXT NOT NULL,
    strategy TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('MKT', 'LMT')),
    limit_price TEXT,
    tag TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (book, id),
    UNIQUE (book, ref)
  ) WITHOUT ROWID;
  -- Everything that happened after, in order: acknowledgements, states, executions, corrections,
  -- commissions, charges, adoptions, link changes. Replaying it rebuilds the order book and the portfolio.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    book INTEGER NOT NULL REFERENCES books(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    order_id INTEGER,
    exec_id TEXT,
    replaces TEXT,
    symbol TEXT,
    side TEXT,
    quantity TEXT,
    price TEXT,
    amount TEXT,
    currency TEXT,
    time INTEGER,
    text TEXT
  );
  -- Each execution id is booked once, and each commission report taken once (a corrected report, with
  -- another amount, is a new one), whatever the broker replays.
  CREATE UNIQUE INDEX events_execution_once ON events (book, exec_id) WHERE kind IN ('execution', 'correction');
  CREATE UNIQUE INDEX events_commission_once ON events (book, exec_id, amount, currency) WHERE kind = 'commission';
  CREATE INDEX events_by_book ON events (book, seq);
  -- Durable plugin state (the circuit breaker's halt, the month's traded volume), one JSON document per plugin.
  CREATE TABLE plugin_state (
    owner TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- An order the host no longer keeps in memory (closed long ago) is read back by its id when the broker
  -- mentions it again: a late execution, a correction, a commission report.
  CREATE INDEX events_by_order ON events (book, order_id, seq) WHERE order_id IS NOT NULL;
  `,
  `
  -- Events of kind 'anomaly' (an overfill, a fill whose costs are unknown): the anomaly's kind in
  -- currency, its message in text. No table changes: the version rises so an older Robo, which does not
  -- know the kind, refuses the journal instead of failing on the first such event.
  SELECT 1;
  `,
  `
  -- Stops, trailing stops, orders on the close, times in force and brackets: the type's CHECK grows to
  -- every order type (SQLite changes a CHECK only by rebuilding the table), and each order gains its
  -- details beyond a DAY market or limit order as JSON (core/journal/order-spec.ts), null when it has none.
  CREATE TABLE orders_v4 (
    book INTEGER NOT NULL REFERENCES books(id),
    id INTEGER NOT NULL,
    ref TEXT NOT NULL,
    strategy TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL', 'MOC', 'LOC')),
    limit_price TEXT,
    tag TEXT,
    created_at INTEGER NOT NULL,
    spec TEXT,
    PRIMARY KEY (book, id),
    UNIQUE (book, ref)
  ) WITHOUT ROWID;
  INSERT INTO orders_v4 (book, id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at)
    SELECT book, id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at FROM orders;
  DROP TABLE orders;
  ALTER TABLE orders_v4 RENAME TO orders;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The tables a journal at SCHEMA_VERSION must have; anything missing means it is not one of ours. */
export const EXPECTED_TABLES: readonly string[] = ['books', 'events', 'orders', 'plugin_state'];

/** Applies the missing migrations; returns the version the journal was at before. */
export function migrate(db: Database): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return from;
}
