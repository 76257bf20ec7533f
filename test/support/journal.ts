/** Journals for tests: an in-memory one with a step replaced (a failing write, a trace), or a file in a fresh temporary directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntentJournal } from '../../core/host/host.js';
import { SqliteJournal, type Journal } from '../../core/journal/journal.js';

/** An in-memory journal whose `recordIntent` is the given one (which may fail, or trace the order path). */
export function journalWith(intents: IntentJournal): Journal {
  const inner = SqliteJournal.memory();
  return {
    path: inner.path,
    name: inner.name,
    store: inner.store,
    openBook: (account) => inner.openBook(account),
    recordIntent: async (order) => {
      await intents.recordIntent(order);
      await inner.recordIntent(order);
    },
    record: (entry) => inner.record(entry),
    recordTogether: (entries) => inner.recordTogether(entries),
    hasCommission: (execId, commission, currency) => inner.hasCommission(execId, commission, currency),
    lastExecutionTime: () => inner.lastExecutionTime(),
    orderHistory: (key) => inner.orderHistory(key),
    fillHistory: (base) => inner.fillHistory(base),
    close: () => inner.close(),
  };
}

export function isJournal(journal: IntentJournal | Journal): journal is Journal {
  return 'openBook' in journal;
}

/** A path for a journal file in a new temporary directory (not created yet). */
export function journalPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'robo-journal-')), '.robo', 'journal.sqlite');
}
