/**
 * `robo breaker status|reset <config>`: shows the circuit breaker's persisted state, or lifts a halt —
 * the only way a daily-loss or drawdown halt ends. It edits the journal `robo start` keeps next to the
 * config, so run it while robo is stopped: a running robo keeps its own copy and would write it back.
 */
import { statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { RoboError, isRoboError } from '../../domain/errors.js';
import type { SqliteJournal } from '../../journal/journal.js';
import { SystemClock } from '../../market/clock.js';
import { BREAKER_NAME, describeRecord, formatInstant, parseBreakerRecord, resetRecord, type BreakerRecord } from '../../../plugins/circuit-breaker/state.js';
import { COST_ACCOUNTING, isReadableMonthVolume } from '../../../plugins/costs/month-volume.js';
import { asideName } from '../aside-name.js';
import { configJournalPath, openConfigJournal } from '../journal-file.js';

export async function breakerStatusCommand(path: string, options: { json?: boolean }): Promise<void> {
  await withJournal(path, undefined, (journal) => {
    let record: BreakerRecord;
    try {
      record = parseBreakerRecord(journal.store.read(BREAKER_NAME), journal.name);
    } catch (error) {
      throw isRoboError(error, 'ROBO_ERR_STATE_CORRUPT') ? withRepair(error, path) : error;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ journal: journal.name, ...record })}\n`);
      return;
    }
    process.stdout.write(`circuit breaker: ${describeRecord(record)}\n  journal: ${journal.name}\n`);
    if (record.state === 'HALTED') process.stdout.write(`  to lift the halt once you understand its cause: robo breaker reset ${path}\n`);
  });
}

/**
 * Lifts a halt. State that cannot be read — an old state file or the breaker's record in the journal — is
 * set aside (kept beside the journal, never deleted) and the breaker starts ACTIVE: reset is the one
 * deliberate way out of a state no one can read, as it is out of a halt.
 */
export async function breakerResetCommand(path: string): Promise<void> {
  const notes: string[] = [];
  await withJournal(path, 'robo breaker reset', (journal) => {
    let was: string;
    try {
      const record = parseBreakerRecord(journal.store.read(BREAKER_NAME), journal.name);
      // An old state file set aside may have held a halt: its state is unknown, not ACTIVE.
      was = notes.length > 0 ? 'UNREADABLE' : describeRecord(record);
      journal.store.write(BREAKER_NAME, resetRecord(record, new SystemClock().nowMs()));
    } catch (error) {
      if (!isRoboError(error, 'ROBO_ERR_STATE_CORRUPT')) throw error;
      const aside = asideName(`${journal.path}.circuit-breaker.json`, new SystemClock().nowMs());
      // Kept as it was stored, whether or not it is JSON at all.
      writeFileSync(aside, journal.stateText(BREAKER_NAME) ?? '', { mode: 0o600, flag: 'wx' });
      notes.push(`${error.message}; it is kept as ${journal.name === journal.path ? aside : basename(aside)} beside the journal`);
      was = 'UNREADABLE';
      const atMs = new SystemClock().nowMs();
      journal.store.write(BREAKER_NAME, { version: 1, state: 'ACTIVE', resetNotice: `the circuit breaker was reset by robo breaker reset at ${formatInstant(atMs)}; its record could not be read and was set aside` });
    }
    setAsideUnreadableMonthVolume(journal, notes);
    for (const note of notes) process.stdout.write(`set aside: ${note}\n`);
    process.stdout.write(`circuit breaker reset: it was ${was}\n  the next robo start begins ACTIVE, with a new daily-loss baseline and a new equity peak (${journal.name})\n`);
  }, (note) => notes.push(note));
}

/**
 * The cost accounting's Tiered month volume stops robo start when it cannot be read, like the breaker's own
 * record; reset is the one way out of both. Kept beside the journal as it was stored, never deleted.
 */
function setAsideUnreadableMonthVolume(journal: SqliteJournal, notes: string[]): void {
  const stored = journal.stateText(COST_ACCOUNTING);
  if (stored === undefined || isReadableMonthVolume(stored)) return;
  const aside = asideName(`${journal.path}.cost-accounting.json`, new SystemClock().nowMs());
  writeFileSync(aside, stored, { mode: 0o600, flag: 'wx' });
  journal.removeState(COST_ACCOUNTING);
  notes.push(`the month volume of ${COST_ACCOUNTING} could not be read; it is kept as ${journal.name === journal.path ? aside : basename(aside)} beside the journal, and the next robo start counts this month's Tiered volume from safety.costs.monthVolume`);
}

/** Status of state no one can read: UNREADABLE, as reset names it, what refuses meanwhile, and the way out. */
function withRepair(error: RoboError, configPath: string): RoboError {
  return new RoboError(error.code, `circuit breaker: UNREADABLE: ${error.message}`, {
    details: [
      ...error.details,
      '  robo start refuses to trade while the state cannot be read: it may record a halt',
      `  to repair it, once you have checked the account for that halt: robo breaker reset ${configPath} sets the unreadable state aside (kept, never deleted) and starts ACTIVE`,
    ],
  });
}

/**
 * The config's journal, closed afterwards whatever happens. A `writer` (reset) takes the journal's lock,
 * so it is refused while robo start runs on it, and may set an unreadable old state file aside; status only reads.
 */
async function withJournal(path: string, writer: string | undefined, use: (journal: SqliteJournal) => void, setAside?: (note: string) => void): Promise<void> {
  const file = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${path} does not exist or is not a file`);
  const now = (): number => new SystemClock().nowMs();
  const journalPath = await configJournalPath(file);
  let journal: SqliteJournal;
  try {
    journal = await openConfigJournal(file, journalPath.value, { now, writer, written: journalPath.written, ...(setAside ? { setAsideUnreadableState: setAside } : {}) });
  } catch (error) {
    throw isRoboError(error, 'ROBO_ERR_STATE_CORRUPT') && writer === undefined ? withRepair(error, path) : error;
  }
  try {
    use(journal);
  } finally {
    journal.close();
  }
}
