/**
 * The plugin state earlier versions kept in `.robo/state.json`, carried into a journal that holds none
 * yet — a new one, or one a writer refused by the lock left empty — so it is never skipped. It is read
 * the one safe way: a regular file, at most MAX_LEGACY_STATE_BYTES, never waiting on a FIFO or reading a
 * device without end. What cannot be read refuses (ROBO_ERR_STATE_CORRUPT), or for `robo breaker reset`
 * is set aside whole.
 */
import { renameSync } from 'node:fs';
import { RoboError, isRoboError, messageOf } from '../domain/errors.js';
import { readSmallText } from '../config/read-text.js';
import type { SqliteJournal } from '../journal/journal.js';
import { asideName } from './aside-name.js';

/** Every plugin's state of an old install fits in far less; a larger file is damage, not state. */
export const MAX_LEGACY_STATE_BYTES = 16 * 1024 * 1024;

export interface CarryOptions {
  readonly now: () => number;
  /** Given (by reset, holding the lock), a file that cannot be read is renamed aside instead of refused, and this is told what was done. */
  readonly setAside?: (note: string) => void;
}

export async function carryLegacyState(journal: SqliteJournal, stateFile: string, options: CarryOptions): Promise<void> {
  if (journal.holdsPluginState()) return;
  let legacy: Record<string, unknown> | undefined;
  try {
    legacy = await readLegacyState(stateFile);
  } catch (error) {
    if (options.setAside === undefined || !isRoboError(error, 'ROBO_ERR_STATE_CORRUPT')) throw error;
    const aside = asideName(stateFile, options.now());
    renameSync(stateFile, aside);
    options.setAside(`${error.message}; everything in it (every plugin's state, not only the circuit breaker's) is kept as ${aside}, and none of it was carried into the journal`);
    return;
  }
  for (const [owner, value] of Object.entries(legacy ?? {})) journal.store.write(owner, value);
}

/** The owners' state in the file; undefined when there is no file. Throws ROBO_ERR_STATE_CORRUPT when it cannot be read as a JSON object. */
async function readLegacyState(file: string): Promise<Record<string, unknown> | undefined> {
  const read = await readSmallText(file, MAX_LEGACY_STATE_BYTES);
  if (!read.ok) {
    if (read.problem === 'missing') return undefined;
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${file} ${read.reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (error) {
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${file} is not valid: ${messageOf(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${file} is not valid: expected a JSON object`);
  return parsed as Record<string, unknown>;
}
