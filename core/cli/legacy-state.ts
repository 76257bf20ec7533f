/**
 * The plugin state earlier versions kept in `.robo/state.json`, read the one safe way: a regular file,
 * at most MAX_LEGACY_STATE_BYTES, never waiting on a FIFO or reading a device without end — so a broken
 * or hostile file there is refused as unreadable state at once, and `robo breaker reset` can set it aside.
 */
import { RoboError, messageOf } from '../domain/errors.js';
import { readSmallText } from '../config/read-text.js';

/** Every plugin's state of an old install fits in far less; a larger file is damage, not state. */
export const MAX_LEGACY_STATE_BYTES = 16 * 1024 * 1024;

/** The owners' state in the file; undefined when there is no file. Throws ROBO_ERR_STATE_CORRUPT when it cannot be read as a JSON object. */
export async function readLegacyState(file: string): Promise<Record<string, unknown> | undefined> {
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
