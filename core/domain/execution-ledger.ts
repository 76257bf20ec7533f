/**
 * Books each execution once across replays, restarts and corrections. Brokers number a fill's
 * revisions in its id (`0000e0d5.….01`, then `.02` for a correction): the part before the last dot names
 * the fill, so a replay of the same id is a duplicate, an older revision is superseded, and a newer one
 * with another quantity or price corrects the booked fill — it is never booked as a second fill.
 */
import type { Execution } from './types.js';

export type ExecutionVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate' }
  /** An older revision arriving after a newer one (reordered or replayed messages). */
  | { readonly kind: 'superseded' }
  /** A newer revision with the same side, quantity and price: nothing to change. */
  | { readonly kind: 'restated'; readonly booked: Execution }
  /** A newer revision that changes the fill. */
  | { readonly kind: 'correction'; readonly booked: Execution };

/** `base.NN` → base and revision NN (the last dot, followed by digits only); any other id is its own base at revision 0. */
export function splitExecId(execId: string): { readonly base: string; readonly revision: number } {
  // A scan rather than /^(.+)\.(\d+)$/: it runs several times for every execution and commission report.
  const dot = execId.lastIndexOf('.');
  if (dot <= 0 || dot === execId.length - 1) return { base: execId, revision: 0 };
  for (let i = dot + 1; i < execId.length; i++) {
    const code = execId.charCodeAt(i);
    if (code < 48 || code > 57) return { base: execId, revision: 0 };
  }
  return { base: execId.slice(0, dot), revision: Number(execId.slice(dot + 1)) };
}

interface Entry {
  booked: Execution;
  revision: number;
  /** The id the fill was first booked under — the one afterFill announced it with — whatever revision it is at now. */
  readonly announced: string;
}

export class ExecutionLedger {
  readonly #fills = new Map<string, Entry>();

  classify(execution: Execution): ExecutionVerdict {
    const { base, revision } = splitExecId(execution.execId);
    const entry = this.#fills.get(base);
    if (!entry) return { kind: 'new' };
    if (revision === entry.revision) return { kind: 'duplicate' };
    if (revision < entry.revision) return { kind: 'superseded' };
    const same = execution.side === entry.booked.side && execution.quantity.eq(entry.booked.quantity) && execution.price.eq(entry.booked.price);
    return same ? { kind: 'restated', booked: entry.booked } : { kind: 'correction', booked: entry.booked };
  }

  /** Records the execution as the fill's current revision (a new fill, a restatement or a correction). */
  book(execution: Execution): void {
    const { base, revision } = splitExecId(execution.execId);
    const entry = this.#fills.get(base);
    // A restatement only moves the revision on: the quantity and price booked stay what cash and position saw.
    if (entry && entry.booked.quantity.eq(execution.quantity) && entry.booked.price.eq(execution.price)) entry.revision = revision;
    else this.#fills.set(base, { booked: execution, revision, announced: entry?.announced ?? execution.execId });
  }

  /** The id the fill `execId` names was first booked under; undefined when it is not booked here. */
  announced(execId: string): string | undefined {
    return this.#fills.get(splitExecId(execId).base)?.announced;
  }

  /**
   * Lets go of the fills these ids name (an order the host no longer keeps in memory). The journal still
   * holds them: the host books them here again from it if the broker ever mentions the order again.
   */
  forget(execIds: Iterable<string>): void {
    for (const execId of execIds) this.#fills.delete(splitExecId(execId).base);
  }

  /** How many fills are booked here: bounded by the orders the host keeps. */
  get size(): number {
    return this.#fills.size;
  }

  /** The booked execution with this id, whatever revision it is at now. */
  booked(execId: string): Execution | undefined {
    return this.#fills.get(splitExecId(execId).base)?.booked;
  }
}
