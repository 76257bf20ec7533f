/**
 * Opens a journal file so that it is either trustworthy or refused: mode 0600 in a 0700 directory, WAL
 * with full sync (a commit is on disk before the call returns), an integrity check, and a schema at a
 * version this Robo knows. Anything else stops the host with ROBO_ERR_JOURNAL_CORRUPT — corrupt data is
 * worse than no data, and an empty journal would let the host trade on a state it does not have.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { RoboError, messageOf } from '../domain/errors.js';
import { fileProblem } from '../file-problem.js';
import { makeJournalFolder, requireJournalFile, requireWritableJournal, statIfAny } from './journal-folder.js';
import { EXPECTED_TABLES, SCHEMA_VERSION, migrate } from './migrations.js';

export const MEMORY = ':memory:';
/**
 * A backtest's journal: SQLite's anonymous database, a private temporary file deleted when it is closed.
 * Unlike ':memory:' it pages out to that file, so a replay's memory stays flat however many orders it
 * journals; nothing in it outlives the run, so it is neither synced nor kept.
 */
export const SCRATCH = '';

/** Pages of a scratch journal SQLite keeps in memory (KiB when negative): the rest waits in its file. */
const SCRATCH_CACHE_KIB = 2048;

/**
 * Opens (creating if asked) and checks a journal; `path` may be ':memory:' or SCRATCH for a backtest.
 * `name` is how messages name it (journal.path as the config writes it); absent, the path.
 */
export function openDatabase(path: string, options: { create: boolean; keepMode?: boolean; name?: string }): Database {
  const name = options.name ?? path;
  const file = path !== MEMORY && path !== SCRATCH;
  // A reader leaves the files as it found them; a writer needs them writable, and makes sure no one else can read them.
  const writer = options.keepMode !== true;
  if (file) prepareFile(path, options.create, name, writer);
  let db: Database;
  try {
    db = new BetterSqlite3(path, { fileMustExist: file });
  } catch (error) {
    throw corrupt(name, `it cannot be opened: ${fileProblem(error)}`);
  }
  try {
    if (file) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`SQLite would not switch it to WAL mode (it stayed ${String(mode)})`);
      // FULL: every commit is synced to disk before it returns, so an intent is durable before its order is sent.
      db.pragma('synchronous = FULL');
    } else if (path === SCRATCH) {
      // The rollback journal stays in memory (a transaction still rolls back whole); nothing is synced.
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
      db.pragma(`cache_size = -${SCRATCH_CACHE_KIB}`);
    }
    db.pragma('foreign_keys = ON');
    check(db);
    migrate(db);
    const missing = EXPECTED_TABLES.filter((name) => !hasTable(db, name));
    if (missing.length > 0) throw new Error(`it lacks the tables ${missing.join(', ')}`);
  } catch (error) {
    db.close();
    throw error instanceof RoboError ? error : corrupt(name, messageOf(error));
  }
  if (file && writer) tighten(path);
  return db;
}

function prepareFile(path: string, create: boolean, name: string, writer: boolean): void {
  const stat = statIfAny(path);
  if (stat !== undefined) {
    requireJournalFile(path, stat, name);
    if (writer) requireWritableJournal(path, stat, name);
    return;
  }
  if (!create) throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `there is no journal at ${name}`);
  makeJournalFolder(path, name);
  // Created empty with mode 0600; SQLite gives its -wal and -shm files the same mode.
  closeSync(openSync(path, 'wx', 0o600));
}

/** The journal must read back whole and be ours, at a version this Robo knows. */
function check(db: Database): void {
  const result = db.pragma('quick_check') as { quick_check: string }[];
  const problems = result.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) throw new Error(`it fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`it was written by a newer Robo (schema version ${version}; this Robo knows up to ${SCHEMA_VERSION})`);
  if (version === 0) {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    if (tables.length > 0) throw new Error(`it is an SQLite database but not a Robo journal (it has the tables ${tables.slice(0, 5).join(', ')})`);
  }
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** A journal holds account activity: only its owner may read it, whatever the umask made of it. */
function tighten(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

function corrupt(path: string, why: string): RoboError {
  return new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `the journal ${path} cannot be trusted: ${why}`, {
    details: ['  Robo refuses to trade rather than start on an empty or wrong state'],
  });
}
