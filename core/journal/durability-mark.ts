/**
 * A small record kept beside a journal file, `<journal>.mark`: the highest order id and the number of
 * executions the journal has committed. SQLite keeps committed writes in its `-wal` file until a
 * checkpoint; if that file is lost after a crash (deleted by hand, a copy made without it), the journal
 * opens cleanly on older books and Robo would trade on positions it forgot. At open the journal is
 * compared with the mark, and a journal behind its own mark is refused.
 *
 * The mark is written after each commit (never before), without waiting for the disk: after a power
 * loss it can only be older than the journal, which is never mistaken for lost data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { RoboError } from '../domain/errors.js';

interface Mark {
  highestOrderId: number;
  executions: number;
}

export class DurabilityMark {
  readonly #path: string;
  readonly #mark: Mark;

  private constructor(path: string, mark: Mark) {
    this.#path = path;
    this.#mark = mark;
  }

  /** Compares the journal at `journalPath` with its mark; throws ROBO_ERR_JOURNAL_CORRUPT when the journal lost committed data. */
  /** `name` is how messages name the journal (journal.path as the config writes it). */
  static check(journalPath: string, db: Database, name = journalPath): DurabilityMark {
    const path = `${journalPath}.mark`;
    const now: Mark = {
      highestOrderId: (db.prepare('SELECT coalesce(max(id), 0) FROM orders').pluck().get() as number),
      executions: (db.prepare("SELECT count(*) FROM events WHERE kind IN ('execution', 'correction')").pluck().get() as number),
    };
    const saved = readMark(path);
    if (saved !== undefined && (saved.highestOrderId > now.highestOrderId || saved.executions > now.executions)) {
      throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `the journal ${name} lost committed data: it holds orders up to ${now.highestOrderId} and ${now.executions} executions, but had committed orders up to ${saved.highestOrderId} and ${saved.executions} executions (${name}.mark)`, {
        details: [
          '  its -wal file was probably deleted or not copied with it after a crash; Robo refuses to trade on books it knows are incomplete',
          `  restore the journal together with its ${name}-wal file; only if you accept the loss, delete ${name}.mark to start from what the journal holds`,
        ],
      });
    }
    return new DurabilityMark(path, { highestOrderId: Math.max(now.highestOrderId, saved?.highestOrderId ?? 0), executions: now.executions });
  }

  orderCommitted(id: number): void {
    if (id <= this.#mark.highestOrderId) return;
    this.#mark.highestOrderId = id;
    this.#write();
  }

  executionCommitted(): void {
    this.#mark.executions++;
    this.#write();
  }

  #write(): void {
    try {
      writeFileSync(this.#path, `${JSON.stringify(this.#mark)}\n`, { mode: 0o600 });
    } catch {
      // A mark that cannot be written only weakens the check at the next open; the journal itself is what counts.
    }
  }
}

function readMark(path: string): Mark | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<Mark>;
    if (Number.isSafeInteger(value.highestOrderId) && Number.isSafeInteger(value.executions)) return { highestOrderId: value.highestOrderId as number, executions: value.executions as number };
  } catch {
    // unreadable: treated as absent, as an older journal without a mark
  }
  return undefined;
}
