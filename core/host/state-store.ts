/**
 * Durable plugin state (the circuit breaker's halt, for one): one JSON document per owner, written
 * atomically (temp file → fsync → rename, mode 0600), and a file that cannot be read refuses to start
 * rather than starting on empty state — corrupt data is worse than no data.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RoboError, messageOf } from '../domain/errors.js';

export interface StateStore {
  read(owner: string): unknown;
  write(owner: string, value: unknown): void;
}

/** For backtests and tests: state lives as long as the run, so one backtest's halt never blocks the next. */
export class MemoryStateStore implements StateStore {
  readonly #values = new Map<string, string>();

  read(owner: string): unknown {
    const text = this.#values.get(owner);
    return text === undefined ? undefined : JSON.parse(text);
  }

  write(owner: string, value: unknown): void {
    this.#values.set(owner, JSON.stringify(value));
  }
}

export class FileStateStore implements StateStore {
  readonly path: string;
  readonly #values: Record<string, unknown>;

  constructor(path: string) {
    this.path = path;
    this.#values = FileStateStore.#load(path);
  }

  read(owner: string): unknown {
    return this.#values[owner];
  }

  write(owner: string, value: unknown): void {
    this.#values[owner] = JSON.parse(JSON.stringify(value)) as unknown;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(this.#values, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }

  static #load(path: string): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Record<string, unknown>;
      throw new RoboError('ROBO_ERR_STATE_CORRUPT', `cannot read the state file ${path}: ${messageOf(error)}`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      return Object.assign(Object.create(null) as Record<string, unknown>, parsed);
    } catch (error) {
      throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the state file ${path} is not valid: ${messageOf(error)}`);
    }
  }
}
