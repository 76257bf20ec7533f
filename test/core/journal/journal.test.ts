/** The journal as a file: durable, private, versioned, checked at open, and taking each execution and commission once. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../core/domain/errors.js';
import { dec } from '../../../core/domain/money.js';
import { createOrder } from '../../../core/domain/order.js';
import type { Execution, OrderIntent } from '../../../core/domain/types.js';
import { SqliteJournal } from '../../../core/journal/journal.js';
import { SCHEMA_VERSION } from '../../../core/journal/migrations.js';
import { journalPath } from '../../support/journal.js';
import { T0, limitIntent } from '../../support/market.js';

const IB = { broker: 'ib', account: 'DU1234567', fresh: false } as const;

function execution(execId: string, quantity = '10', price = '100.25'): Execution {
  return { execId, orderId: 1, symbol: 'AAPL', side: 'BUY', quantity: dec(quantity), price: dec(price), time: T0 };
}

function opened(path = journalPath()): SqliteJournal {
  const journal = SqliteJournal.open(path, { now: () => T0 });
  journal.openBook(IB);
  return journal;
}

function openError(path: string): unknown {
  try {
    SqliteJournal.open(path, { now: () => T0 }).close();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('SqliteJournal on disk', () => {
  it('when created then the file is private (0600, in a 0700 folder), in WAL mode with full sync, at the current schema version', () => {
    const path = journalPath();
    const journal = opened(path);
    journal.close();

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('when an intent is recorded then it is committed in the file before the call returns, with decimals as fixed-scale text', async () => {
    const path = journalPath();
    const journal = opened(path);

    await journal.recordIntent(createOrder(7, 'robo:test:7', limitIntent('BUY', '12.5', '100.1', 'AAPL'), T0));
    // A second connection sees it at once: nothing waits in a buffer of this process.
    const db = new BetterSqlite3(path, { readonly: true });
    const row = db.prepare('SELECT id, ref, quantity, limit_price FROM orders').get();
    db.close();
    journal.close();

    expect(row).toEqual({ id: 7, ref: 'robo:test:7', quantity: '12.500000000000', limit_price: '100.100000000000' });
  });

  it('when the same execution or the same commission report is recorded twice then the second is refused, and a corrected report is taken', () => {
    const journal = opened();

    const first = journal.record({ kind: 'execution', at: T0, execution: execution('e.01'), late: false });
    const again = journal.record({ kind: 'execution', at: T0, execution: execution('e.01'), late: false });
    const commission = journal.record({ kind: 'commission', at: T0, execId: 'e.01', commission: dec('1.00'), currency: 'USD' });
    const commissionAgain = journal.record({ kind: 'commission', at: T0, execId: 'e.01', commission: dec('1'), currency: 'USD' });
    const corrected = journal.record({ kind: 'commission', at: T0, execId: 'e.01', commission: dec('0.90'), currency: 'USD' });
    journal.close();

    expect([first, again, commission, commissionAgain, corrected]).toEqual([true, false, true, false, true]);
  });

  it('when a commission report and its charge are recorded together then the report is known as taken; a report never written is not', () => {
    const journal = opened();
    journal.record({ kind: 'execution', at: T0, execution: execution('e.01'), late: false });

    const before = journal.hasCommission('e.01', dec('1.00'), 'USD');
    journal.recordTogether([
      { kind: 'commission', at: T0, execId: 'e.01', commission: dec('1.00'), currency: 'USD' },
      { kind: 'charge', at: T0, amount: dec('0.35'), what: 'broker adjustment of execution e.01' },
    ]);
    const after = journal.hasCommission('e.01', dec('1'), 'USD');
    const other = journal.hasCommission('e.01', dec('0.90'), 'USD');
    journal.close();

    expect([before, after, other]).toEqual([false, true, false]);
  });

  it('when reopened for the same broker account then the book goes on, with its orders, events and high-water mark; another account or a fresh broker gets a new book', async () => {
    const path = journalPath();
    const journal = opened(path);
    await journal.recordIntent(createOrder(41, 'robo:test:41', limitIntent('BUY', '10', '100'), T0));
    journal.record({ kind: 'ack', at: T0, orderId: 41 });
    journal.record({ kind: 'execution', at: T0, execution: { ...execution('e.01'), orderId: 41 }, late: false });
    journal.close();

    const again = SqliteJournal.open(path, { now: () => T0 });
    const history = again.openBook(IB);
    const lastTime = again.lastExecutionTime();
    const other = again.openBook({ broker: 'ib', account: 'DU7654321', fresh: false });
    const fresh = again.openBook({ broker: 'sim', account: 'SIM000001', fresh: true });
    again.close();

    expect(history).toMatchObject({ continued: true, highWaterId: 41, orders: [{ id: 41, ref: 'robo:test:41' }] });
    expect(history.events.map((e) => e.kind)).toEqual(['ack', 'execution']);
    expect(lastTime).toBe(T0);
    expect(other).toMatchObject({ continued: false, highWaterId: 0, orders: [] });
    expect(fresh.book).not.toBe(other.book);
  });

  it('when a plugin writes its state then it is read back after a reopen, as JSON', () => {
    const path = journalPath();
    const journal = SqliteJournal.open(path, { now: () => T0 });
    journal.store.write('robo:circuit-breaker', { version: 1, state: 'HALTED' });
    journal.close();

    const again = SqliteJournal.open(path, { now: () => T0 });
    const read = again.store.read('robo:circuit-breaker');
    again.close();

    expect(read).toEqual({ version: 1, state: 'HALTED' });
  });

  it('when the file is not an SQLite database then opening it fails with ROBO_ERR_JOURNAL_CORRUPT', () => {
    const path = journalPath();
    opened(path).close();
    writeFileSync(path, 'this is not a journal at all, only text that replaced it'.repeat(200));

    const error = openError(path);

    expect(isRoboError(error, 'ROBO_ERR_JOURNAL_CORRUPT')).toBe(true);
    expect(String(error)).toContain(`the journal ${path} cannot be trusted`);
  });

  it('when a page of the file is damaged then the integrity check refuses it with ROBO_ERR_JOURNAL_CORRUPT', async () => {
    const path = journalPath();
    const journal = opened(path);
    for (let i = 1; i <= 300; i++) await journal.recordIntent(createOrder(i, `robo:test:${i}`, limitIntent('BUY', '10', '100'), T0));
    journal.close();
    const bytes = readFileSync(path);
    // Scribble over the middle of the file, past the header: table pages the check reads.
    bytes.fill(0xa5, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096);
    writeFileSync(path, bytes);

    const error = openError(path);

    expect(isRoboError(error, 'ROBO_ERR_JOURNAL_CORRUPT')).toBe(true);
  });

  it('when the journal was written by a newer Robo then it is refused rather than misread', () => {
    const path = journalPath();
    opened(path).close();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    const error = openError(path);

    expect(isRoboError(error, 'ROBO_ERR_JOURNAL_CORRUPT')).toBe(true);
    expect(String(error)).toContain('written by a newer Robo');
  });

  it('when the file is some other SQLite database then it is refused, not migrated into', () => {
    const path = journalPath();
    opened(path).close();
    writeFileSync(path, '');
    const db = new BetterSqlite3(path);
    db.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    db.close();

    const error = openError(path);

    expect(isRoboError(error, 'ROBO_ERR_JOURNAL_CORRUPT')).toBe(true);
    expect(String(error)).toContain('not a Robo journal');
  });

  it('when npm ci installed the project then the native SQLite binding was built under npm\'s install-script policy', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { allowScripts?: Record<string, boolean> };

    expect(manifest.allowScripts?.['better-sqlite3']).toBe(true);
    expect(new BetterSqlite3(':memory:').prepare('SELECT sqlite_version() AS v').get()).toMatchObject({ v: expect.any(String) });
  });

  it('when an order is read back then its intent and its events come in order, by id or by reference, and nothing for an order never journaled', async () => {
    const journal = opened();
    await journal.recordIntent(createOrder(1, 'robo:s:1', limitIntent('BUY', '10', '100.25'), T0));
    await journal.recordIntent(createOrder(2, 'robo:s:2', limitIntent('BUY', '10', '100.25'), T0));
    journal.record({ kind: 'ack', at: T0, orderId: 1 });
    journal.record({ kind: 'ack', at: T0, orderId: 2 });
    journal.record({ kind: 'execution', at: T0 + 1, execution: execution('0000e0d5.1.01'), late: false });
    journal.record({ kind: 'commission', at: T0 + 2, execId: '0000e0d5.1.01', commission: dec('1'), currency: 'USD' });

    const byId = journal.orderHistory({ id: 1 });
    const byRef = journal.orderHistory({ ref: 'robo:s:1' });

    expect(byId?.order).toMatchObject({ id: 1, ref: 'robo:s:1' });
    expect(byId?.events.map((e) => e.kind)).toEqual(['ack', 'execution']);
    expect(byRef).toEqual(byId);
    expect(journal.orderHistory({ id: 3 })).toBeUndefined();
    expect(journal.orderHistory({ ref: 'robo:s:3' })).toBeUndefined();
    journal.close();
  });

  it('when a fill is read back then every revision of its execution id comes in order, and no other fill whose id merely starts the same', () => {
    const journal = opened();
    journal.record({ kind: 'execution', at: T0, execution: execution('0000e0d5.1.01'), late: false });
    journal.record({ kind: 'execution', at: T0, execution: execution('0000e0d5.1.01.01'), late: false });
    journal.record({ kind: 'execution', at: T0, execution: execution('0000e0d5.10.01'), late: false });
    journal.record({ kind: 'correction', at: T0 + 1, execution: execution('0000e0d5.1.02', '10', '100.05'), replaces: '0000e0d5.1.01' });

    expect(journal.fillHistory('0000e0d5.1').map((e) => [e.kind, e.execution.execId])).toEqual([['execution', '0000e0d5.1.01'], ['correction', '0000e0d5.1.02']]);
    expect(journal.fillHistory('0000e0d5.1.01').map((e) => e.execution.execId)).toEqual(['0000e0d5.1.01.01']);
    expect(journal.fillHistory('0000e0d5.2')).toEqual([]);
    journal.close();
  });

  it('when a journal of the first schema version is opened then it is migrated: its books stay, and orders are found by id through the new index', () => {
    const path = journalPath();
    opened(path).close();
    const db = new BetterSqlite3(path);
    db.exec('DROP INDEX events_by_order');
    db.pragma('user_version = 1');
    db.close();

    const journal = SqliteJournal.open(path, { now: () => T0 });
    const history = journal.openBook(IB);
    const plan = new BetterSqlite3(path, { readonly: true });
    const used = plan.prepare('EXPLAIN QUERY PLAN SELECT * FROM events WHERE book = 1 AND order_id = 1 ORDER BY seq').all() as { detail: string }[];
    plan.close();
    journal.close();

    expect(history.continued).toBe(true);
    expect(used.map((row) => row.detail).join(' ')).toContain('events_by_order');
  });
});

describe('SqliteJournal and the order types', () => {
  const base = { strategyId: 's', symbol: 'AAPL', side: 'SELL', quantity: dec('100') } as const;
  const intents: readonly OrderIntent[] = [
    { ...base, type: 'STP', stopPrice: dec('95.5'), tif: 'GTC' },
    { ...base, type: 'STP LMT', stopPrice: dec('95.5'), limitPrice: dec('95'), outsideRth: true },
    { ...base, type: 'TRAIL', trail: { percent: dec('1.5') }, initialStop: dec('97') },
    { ...base, type: 'TRAIL', trail: { amount: dec('2') } },
    { ...base, type: 'MOC' },
    { ...base, type: 'LOC', limitPrice: dec('101') },
    { ...base, type: 'LMT', limitPrice: dec('101'), tif: 'OPG' },
    { ...base, type: 'MKT', tif: 'IOC', oca: { group: 'exits', type: 2 } },
    { ...base, type: 'LMT', limitPrice: dec('110'), tif: 'GTC', bracket: { id: 'robo:s:b1.1', role: 'take-profit' } },
  ];

  it('when an order of any type is journaled then it reads back with every detail, its bracket parent included', async () => {
    const path = journalPath();
    const journal = opened(path);
    for (const [i, intent] of intents.entries()) await journal.recordIntent(createOrder(i + 1, `robo:s:${i + 1}`, intent, T0, i === intents.length - 1 ? 1 : undefined));
    journal.close();

    const history = opened(path).openBook(IB);

    expect(history.orders.map((o) => o.intent)).toEqual(intents);
    expect(history.orders.at(-1)?.parentId).toBe(1);
  });

  it('when a modify is journaled then replay works the order on its new terms', async () => {
    const path = journalPath();
    const journal = opened(path);
    await journal.recordIntent(createOrder(1, 'robo:s:1', intents[2]!, T0));
    journal.record({ kind: 'ack', at: T0, orderId: 1 });
    journal.record({ kind: 'modified', at: T0 + 1, orderId: 1, changes: { quantity: dec('50'), trail: { amount: dec('1.25') }, initialStop: dec('98') } });
    journal.close();

    const history = opened(path).openBook(IB);

    expect(history.events.at(-1)).toEqual({ kind: 'modified', at: T0 + 1, orderId: 1, changes: { quantity: dec('50'), trail: { amount: dec('1.25') }, initialStop: dec('98') } });
  });

  it('when a journal of schema version 3 is opened then its orders are kept and it takes every order type', async () => {
    const path = journalPath();
    const journal = opened(path);
    await journal.recordIntent(createOrder(1, 'robo:s:1', limitIntent('BUY', '10', '100.25'), T0));
    journal.close();
    const db = new BetterSqlite3(path);
    db.exec(`CREATE TABLE orders_v3 AS SELECT book, id, ref, strategy, symbol, side, quantity, type, limit_price, tag, created_at FROM orders;
      DROP TABLE orders; ALTER TABLE orders_v3 RENAME TO orders;`);
    db.pragma('user_version = 3');
    db.close();

    const reopened = opened(path);
    await reopened.recordIntent(createOrder(2, 'robo:s:2', intents[0]!, T0));
    reopened.close();
    const history = opened(path).openBook(IB);

    expect(history.orders.map((o) => o.intent.type)).toEqual(['LMT', 'STP']);
    expect(history.orders[0]?.intent).toEqual(limitIntent('BUY', '10', '100.25'));
  });

  it('when an order row\'s details do not read back then the journal is refused, naming the order', async () => {
    const path = journalPath();
    const journal = opened(path);
    await journal.recordIntent(createOrder(1, 'robo:s:1', intents[0]!, T0));
    journal.close();
    const db = new BetterSqlite3(path);
    db.prepare('UPDATE orders SET spec = ? WHERE id = 1').run('{"stop":"95.5","tif":"FOREVER"}');
    db.close();

    expect(() => opened(path).openBook(IB)).toThrow(/order 1 has time in force "FOREVER"/);
  });
});

describe('SqliteJournal.scratch', () => {
  it('when a backtest journals then it works like any journal, in a temporary file that is gone at close', async () => {
    const journal = SqliteJournal.scratch(() => T0);
    journal.openBook({ broker: 'sim', account: 'SIM', fresh: true });
    await journal.recordIntent(createOrder(1, 'robo:s:1', limitIntent('BUY', '10', '100.25'), T0));

    expect(journal.path).toBe('(scratch)');
    expect(journal.record({ kind: 'execution', at: T0, execution: execution('sim-1-1.01'), late: false })).toBe(true);
    expect(journal.record({ kind: 'execution', at: T0, execution: execution('sim-1-1.01'), late: false })).toBe(false);
    expect(journal.orderHistory({ id: 1 })?.events).toHaveLength(1);
    journal.close();
  });

  it('when it takes thousands of writes, committed in batches, then every row reads back and each execution is still taken once across batches', async () => {
    const journal = SqliteJournal.scratch(() => T0);
    journal.openBook({ broker: 'sim', account: 'SIM', fresh: true });
    await journal.recordIntent(createOrder(1, 'robo:s:1', limitIntent('BUY', '10', '100.25'), T0));

    for (let i = 0; i < 2_500; i++) journal.record({ kind: 'ack', at: T0 + i, orderId: 1 });
    const first = journal.record({ kind: 'execution', at: T0, execution: execution('sim-1-1.01'), late: false });
    for (let i = 0; i < 1_500; i++) journal.record({ kind: 'link', at: T0 + i, text: 'noise' });
    const again = journal.record({ kind: 'execution', at: T0, execution: execution('sim-1-1.01'), late: false });

    expect([first, again]).toEqual([true, false]);
    expect(journal.orderHistory({ id: 1 })?.events).toHaveLength(2_501);
    journal.close();
  });
});
