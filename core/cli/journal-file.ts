/**
 * Where a config's journal lives (`journal.path`, relative to the config; `.robo/journal.sqlite` by
 * default), opened so that plugin state kept by earlier versions in `.robo/state.json` — a circuit-breaker
 * halt, above all — is carried into a new journal, never forgotten.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RoboError, messageOf } from '../domain/errors.js';
import { configSchema } from '../config/schema.js';
import { parseYaml } from '../config/parse-yaml.js';
import { SqliteJournal } from '../journal/journal.js';

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
 * lift a halt while the config is being fixed; the default when the file does not say (or says it oddly).
 */
export function configJournalPath(configFile: string): string {
  let parsed: ReturnType<typeof parseYaml>;
  try {
    parsed = parseYaml(readFileSync(configFile, 'utf8'));
  } catch {
    return DEFAULT_JOURNAL;
  }
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return DEFAULT_JOURNAL;
  const journal = (parsed.value as Record<string, unknown>)['journal'];
  const path = typeof journal === 'object' && journal !== null ? (journal as Record<string, unknown>)['path'] : undefined;
  return typeof path === 'string' && path !== '' && !path.includes('${') ? path : DEFAULT_JOURNAL;
}

/** Opens (creating if needed) the journal of a config; throws ROBO_ERR_JOURNAL_CORRUPT when it cannot be trusted. */
export function openConfigJournal(configFile: string, journalPath: string, now: () => number): SqliteJournal {
  const path = journalFilePath(configFile, journalPath);
  // Read (and check) the old state before the new journal exists: if it is bad, nothing is created and nothing forgotten.
  const legacy = existsSync(path) ? undefined : readLegacyState(stateFilePath(configFile));
  const journal = SqliteJournal.open(path, { now });
  for (const [owner, value] of Object.entries(legacy ?? {})) journal.store.write(owner, value);
  return journal;
}

function readLegacyState(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${file} is not valid: ${messageOf(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${file} is not valid: expected a JSON object`);
  return parsed as Record<string, unknown>;
}
