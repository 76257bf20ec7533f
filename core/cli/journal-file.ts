/**
 * Where a config's journal lives (`journal.path`, relative to the config; `.robo/journal.sqlite` by
 * default), opened so that plugin state kept by earlier versions in `.robo/state.json` — a circuit-breaker
 * halt, above all — is carried into a journal that holds none yet, never forgotten (legacy-state.ts).
 */
import { dirname, join, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { configSchema } from '../config/schema.js';
import { configError, readConfigFile } from '../config/load.js';
import { pathKey, type YamlPath } from '../config/problem.js';
import { SqliteJournal } from '../journal/journal.js';
import { WriterLock } from '../journal/writer-lock.js';
import { carryLegacyState } from './legacy-state.js';

const DEFAULT_JOURNAL = configSchema.properties.journal.properties.path.default;

/** Where earlier versions kept durable plugin state, next to the config. */
export function stateFilePath(configFile: string): string {
  return join(dirname(configFile), '.robo', 'state.json');
}

export function journalFilePath(configFile: string, journalPath: string): string {
  return resolve(dirname(configFile), journalPath);
}

/**
 * The journal path a config names, read without validating the rest of it, so `robo breaker reset` can
 * lift a halt while the config is being fixed; the default when the file has no `journal.path`. The file
 * must still be one Robo can read — text, not too large, YAML — and `journal.path` a path: otherwise
 * which journal is meant cannot be known, and acting on the default one would report or reset the wrong
 * halt. `${VAR}`s are expanded from the environment as robo start expands them, so both act on the same
 * file; one that is not set is an error, never a guess.
 */
export async function configJournalPath(configFile: string): Promise<ConfigJournalPath> {
  const { parsed, substituted } = await readConfigFile(configFile, process.env);
  const root = parsed.value;
  const journal = isMapping(root) ? root['journal'] : undefined;
  if (journal === undefined || journal === null) return { value: DEFAULT_JOURNAL };
  const odd = (at: YamlPath, expected: string): RoboError =>
    configError(configFile, [{ ...parsed.locator.value(at), path: at, message: `expected ${expected} (robo breaker reads only journal.path of the config, and cannot tell which journal is meant)`, source: 'config' }]);
  if (!isMapping(journal)) throw odd(['journal'], 'a mapping with the key path');
  const path = journal['path'];
  if (path === undefined) return { value: DEFAULT_JOURNAL };
  const at: YamlPath = ['journal', 'path'];
  if (typeof path !== 'string' || path === '') throw odd(at, 'the path of the journal file');
  const missing = substituted.problems.find((problem) => pathKey(problem.path) === pathKey(at));
  if (missing !== undefined) {
    throw new RoboError('ROBO_ERR_CONFIG_ENV_MISSING', `${configFile}:${missing.line}:${missing.col} journal.path: ${missing.message}; robo start would refuse it too, and no other journal is the right one`);
  }
  const value = ((substituted.value as { journal: { path: unknown } }).journal.path);
  if (typeof value !== 'string' || value === '') return { value: DEFAULT_JOURNAL };
  const written = substituted.written.get(pathKey(at));
  return written === undefined ? { value } : { value, written };
}

/** journal.path as robo start reads it: the value, and its text as written when the environment built it (what messages print). */
export interface ConfigJournalPath {
  readonly value: string;
  readonly written?: string;
}

export interface OpenJournalOptions {
  readonly now: () => number;
  /** The command that will write the journal: it takes the writer lock first. Absent, the journal is only read. */
  readonly writer?: string;
  /** journal.path as the config writes it when the environment built it: how messages and logs name the journal. */
  readonly written?: string | undefined;
  /**
   * For `robo breaker reset` only: an old state file that cannot be read is renamed aside (kept, never
   * deleted) once the lock is held, instead of refusing; each such step is passed to this to be told.
   */
  readonly setAsideUnreadableState?: (note: string) => void;
}

/**
 * Opens (creating if needed) the journal of a config; throws ROBO_ERR_JOURNAL_CORRUPT when it cannot be
 * trusted. A `writer` — the command that will write it — takes the journal's writer lock first
 * (ROBO_ERR_JOURNAL_LOCKED when another process holds it), released when the journal closes; a reader
 * (no `writer`) opens it as it is, so it works while robo start runs.
 */
export async function openConfigJournal(configFile: string, journalPath: string, options: OpenJournalOptions): Promise<SqliteJournal> {
  const { now, writer, written, setAsideUnreadableState } = options;
  const path = journalFilePath(configFile, journalPath);
  // How messages and logs name it: as the config writes journal.path when the environment built it.
  const name = written ?? path;
  // Opened first (it makes the folder and says clearly what is wrong with a bad path); nothing is written
  // before the lock is ours. A journal created here and then refused the lock holds no plugin state, so
  // the next open still carries the old state file into it: a refusal never forgets a halt.
  let lock: WriterLock | undefined;
  const journal = SqliteJournal.open(path, { now, onClose: () => lock?.release(), keepMode: writer === undefined, name });
  if (writer !== undefined) {
    try {
      // When by this machine's clock, for a person looking for the process: a replay's clock tells market time.
      lock = WriterLock.acquire(path, writer, new Date().toISOString(), name);
    } catch (error) {
      journal.close();
      throw error;
    }
    const was = lock.tookOverFrom;
    if (was !== undefined) process.stderr.write(`robo: took over the journal's lock from ${was.command} (pid ${was.pid} on ${was.host}, since ${was.since}), which is no longer running\n`);
  }
  try {
    await carryLegacyState(journal, stateFilePath(configFile), { now, ...(setAsideUnreadableState ? { setAside: setAsideUnreadableState } : {}) });
  } catch (error) {
    journal.close();
    throw error;
  }
  return journal;
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
