/**
 * `robo breaker status|reset <config>`: shows the circuit breaker's persisted state, or lifts a halt —
 * the only way a daily-loss or drawdown halt ends. It edits the journal `robo start` keeps next to the
 * config, so run it while robo is stopped: a running robo keeps its own copy and would write it back.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RoboError } from '../../domain/errors.js';
import type { SqliteJournal } from '../../journal/journal.js';
import { SystemClock } from '../../market/clock.js';
import { BREAKER_NAME, describeRecord, parseBreakerRecord, resetRecord, type BreakerRecord } from '../../../plugins/circuit-breaker-state.js';
import { configJournalPath, openConfigJournal } from '../journal-file.js';

export async function breakerStatusCommand(path: string, options: { json?: boolean }): Promise<void> {
  withBreaker(path, undefined, (journal, record) => {
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ journal: journal.name, ...record })}\n`);
      return;
    }
    process.stdout.write(`circuit breaker: ${describeRecord(record)}\n  journal: ${journal.name}\n`);
    if (record.state === 'HALTED') process.stdout.write(`  to lift the halt once you understand its cause: robo breaker reset ${path}\n`);
  });
}

export async function breakerResetCommand(path: string): Promise<void> {
  withBreaker(path, 'robo breaker reset', (journal, record) => {
    journal.store.write(BREAKER_NAME, resetRecord(record, new SystemClock().nowMs()));
    process.stdout.write(`circuit breaker reset: it was ${describeRecord(record)}\n  the next robo start begins ACTIVE, with a new daily-loss baseline and a new equity peak (${journal.name})\n`);
  });
}

/**
 * The breaker's record in the config's journal, which is closed afterwards whatever happens. A `writer`
 * (reset) takes the journal's lock, so it is refused while robo start runs on it; status only reads.
 */
function withBreaker(path: string, writer: string | undefined, use: (journal: SqliteJournal, record: BreakerRecord) => void): void {
  const file = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${path} does not exist or is not a file`);
  const now = (): number => new SystemClock().nowMs();
  const journalPath = configJournalPath(file);
  const journal = openConfigJournal(file, journalPath.value, now, writer, journalPath.written);
  try {
    use(journal, parseBreakerRecord(journal.store.read(BREAKER_NAME), journal.name));
  } finally {
    journal.close();
  }
}
