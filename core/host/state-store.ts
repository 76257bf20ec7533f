/**
 * Durable plugin state (the circuit breaker's halt, for one): one JSON document per owner. `robo start`
 * keeps it in the journal (core/journal), where a store that cannot be read refuses to start rather
 * than start on empty state; the in-memory store here serves tests and benchmarks.
 */
export interface StateStore {
  read(owner: string): unknown;
  write(owner: string, value: unknown): void;
}

/** For tests: state lives as long as the run, so one run's halt never blocks the next. */
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
