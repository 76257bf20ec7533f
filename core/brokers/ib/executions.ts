/**
 * Recognises each IB execution in this session. IB replays executions (after a reconnect, for
 * reqExecutions) with the same execId, and corrects a fill by sending it again with the last part raised
 * (`….01` → `….02`). A duplicate or an older revision is dropped here; a newer revision is recognised so
 * it reaches the host as what it is — the host applies a correction by its difference, across restarts
 * too — and never as a second fill. Commission reports are passed on once per fill, after the fill,
 * whichever arrives first.
 */
import { splitExecId } from '../../domain/execution-ledger.js';
import type { Execution } from '../../domain/types.js';
import type { WireCommission, WireExecution } from './wire.js';

export type ExecutionVerdict =
  | { readonly kind: 'new'; readonly execution: Execution }
  | { readonly kind: 'duplicate' }
  /** A later revision with the same quantity and price: nothing to change. */
  | { readonly kind: 'restated'; readonly booked: Execution }
  /** A later revision that changes the fill. Not applied: the host books fills, it cannot amend them yet. */
  | { readonly kind: 'correction'; readonly booked: Execution; readonly corrected: WireExecution }
  /** An older revision arriving after a newer one (reordered messages). */
  | { readonly kind: 'superseded' };

export type CommissionVerdict =
  | { readonly kind: 'emit'; readonly execId: string; readonly commission: WireCommission }
  | { readonly kind: 'wait' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'ignored' };

interface Entry {
  readonly booked: Execution;
  revision: number;
  commissioned: boolean;
}

export { splitExecId };

export class ExecutionBook {
  readonly #entries = new Map<string, Entry>();
  readonly #waiting = new Map<string, WireCommission>();
  readonly #ignored = new Set<string>();

  accept(wire: WireExecution, timeMs: number): ExecutionVerdict {
    const { base, revision } = splitExecId(wire.execId);
    const entry = this.#entries.get(base);
    if (!entry) {
      const execution: Execution = { execId: wire.execId, orderId: wire.orderId, symbol: wire.symbol, side: wire.side, quantity: wire.shares, price: wire.price, time: timeMs };
      this.#entries.set(base, { booked: execution, revision, commissioned: false });
      return { kind: 'new', execution };
    }
    if (revision === entry.revision) return { kind: 'duplicate' };
    if (revision < entry.revision) return { kind: 'superseded' };
    entry.revision = revision;
    const same = wire.shares.eq(entry.booked.quantity) && wire.price.eq(entry.booked.price) && wire.side === entry.booked.side;
    return same ? { kind: 'restated', booked: entry.booked } : { kind: 'correction', booked: entry.booked, corrected: wire };
  }

  /** An execution that is not Robo's (another client's order): its commission report is dropped too. */
  ignore(execId: string): void {
    this.#ignored.add(splitExecId(execId).base);
  }

  commission(report: WireCommission): CommissionVerdict {
    const { base } = splitExecId(report.execId);
    if (this.#ignored.has(base)) return { kind: 'ignored' };
    const entry = this.#entries.get(base);
    if (!entry) {
      this.#waiting.set(base, report);
      return { kind: 'wait' };
    }
    if (entry.commissioned) return { kind: 'duplicate' };
    entry.commissioned = true;
    return { kind: 'emit', execId: entry.booked.execId, commission: report };
  }

  /** A commission report that arrived before its execution, now that the execution is booked. */
  takeWaiting(execId: string): CommissionVerdict | undefined {
    const { base } = splitExecId(execId);
    const report = this.#waiting.get(base);
    if (!report) return undefined;
    this.#waiting.delete(base);
    return this.commission(report);
  }
}
