/**
 * `robo breaker status|reset <config>`: shows the circuit breaker's persisted state, or lifts a halt —
 * the only way a daily-loss or drawdown halt ends. It edits the state file `robo start` keeps next to
 * the config, so run it while robo is stopped: a running robo keeps its own copy and would write it back.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RoboError } from '../../domain/errors.js';
import { FileStateStore } from '../../host/state-store.js';
import { SystemClock } from '../../market/clock.js';
import { BREAKER_NAME, describeRecord, parseBreakerRecord, resetRecord } from '../../../plugins/circuit-breaker-state.js';
import { stateFilePath } from '../compose.js';

export async function breakerStatusCommand(path: string, options: { json?: boolean }): Promise<void> {
  const { store, record } = open(path);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ stateFile: store.path, ...record })}\n`);
    return;
  }
  process.stdout.write(`circuit breaker: ${describeRecord(record)}\n  state file: ${store.path}\n`);
  if (record.state === 'HALTED') process.stdout.write(`  to lift the halt once you understand its cause: robo breaker reset ${path}\n`);
}

export async function breakerResetCommand(path: string): Promise<void> {
  const { store, record } = open(path);
  const next = resetRecord(record, new SystemClock().nowMs());
  store.write(BREAKER_NAME, next);
  process.stdout.write(`circuit breaker reset: it was ${describeRecord(record)}\n  the next robo start begins ACTIVE, with a new daily-loss baseline and a new equity peak (${store.path})\n`);
}

/** The state file of a config; the config itself need not be valid, so a halt can be lifted while the file is being fixed. */
function open(path: string): { store: FileStateStore; record: ReturnType<typeof parseBreakerRecord> } {
  const file = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new RoboError('ROBO_ERR_CONFIG_NOT_FOUND', `config file ${path} does not exist or is not a file`);
  const store = new FileStateStore(stateFilePath(file));
  return { store, record: parseBreakerRecord(store.read(BREAKER_NAME), store.path) };
}
