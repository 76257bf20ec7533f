/** Counts what happened in a run — bars, orders, fills, vetoes, tap failures, drawdown — for the summary. */
import { ZERO, type Decimal } from '../domain/money.js';
import type { Veto } from '../domain/types.js';
import type { Anomaly, AnomalyKind } from './events.js';
import { loweredLevel, type Level, type Valuation } from '../domain/valuation.js';

/** How many anomalies of one kind the summary lists in full. */
const ANOMALY_EXAMPLES = 20;

export class RunStats {
  bars = 0;
  ordersSent = 0;
  ordersRejected = 0;
  fills = 0;
  duplicateExecutions = 0;
  /** Booked executions the broker corrected (a later revision with another quantity or price), applied by their difference. */
  corrections = 0;
  /** Vetoes by plugin, then by code (or by reason, for a veto without a code). */
  readonly vetoes = new Map<string, Map<string, number>>();
  /** The first full reason seen for each plugin and code, for people reading the summary. */
  readonly vetoExamples = new Map<string, Map<string, string>>();
  readonly tapFailures = new Map<string, number>();
  /** Anomalies by kind: how many, and the first few in full (a long run must not keep one entry per fill). */
  readonly anomalies = new Map<AnomalyKind, { count: number; first: Anomaly[] }>();
  #peak: Level | undefined;
  /** Equity below this is a deeper fall than any so far: the peak minus the deepest drawdown. */
  #floor: Level | undefined;
  /** The valuation last recorded: the portfolio hands back the same object while equity is unchanged, and then nothing here can change. */
  #last: Valuation | undefined;
  #maxDrawdown: Decimal = ZERO;
  #maxDrawdownRatio: Decimal = ZERO;

  recordVeto(veto: Veto): void {
    // Grouped by code when there is one: reasons carry numbers, so each would otherwise count alone.
    const key = veto.code ?? veto.reason;
    const byPlugin = this.vetoes.get(veto.by) ?? new Map<string, number>();
    byPlugin.set(key, (byPlugin.get(key) ?? 0) + 1);
    this.vetoes.set(veto.by, byPlugin);
    const examples = this.vetoExamples.get(veto.by) ?? new Map<string, string>();
    if (!examples.has(key)) examples.set(key, veto.reason);
    this.vetoExamples.set(veto.by, examples);
  }

  recordAnomaly(anomaly: Anomaly): void {
    const entry = this.anomalies.get(anomaly.kind) ?? { count: 0, first: [] };
    entry.count++;
    if (entry.first.length < ANOMALY_EXAMPLES) entry.first.push(anomaly);
    this.anomalies.set(anomaly.kind, entry);
  }

  recordTapFailure(plugin: string, hook: string): void {
    const key = `${plugin} in ${hook}`;
    this.tapFailures.set(key, (this.tapFailures.get(key) ?? 0) + 1);
  }

  /**
   * Tracks the deepest fall of equity from its running peak. Called on every bar: the valuation's estimate
   * settles almost every bar (no new peak, no deeper fall) without working out equity exactly.
   */
  recordEquity(valuation: Valuation): void {
    if (valuation === this.#last) return;
    this.#last = valuation;
    if (this.#peak === undefined || valuation.above(this.#peak)) {
      this.#peak = valuation;
      this.#floor = loweredLevel(valuation, this.#maxDrawdown);
      return;
    }
    if (this.#floor === undefined || valuation.atLeast(this.#floor)) return;
    const peak = this.#peak.value();
    const drawdown = peak.minus(valuation.exact());
    this.#maxDrawdown = drawdown;
    this.#maxDrawdownRatio = peak.isZero() ? ZERO : drawdown.div(peak);
    this.#floor = loweredLevel(this.#peak, drawdown);
  }

  get maxDrawdown(): Decimal {
    return this.#maxDrawdown;
  }

  get maxDrawdownRatio(): Decimal {
    return this.#maxDrawdownRatio;
  }

  vetoCount(): number {
    let total = 0;
    for (const reasons of this.vetoes.values()) for (const n of reasons.values()) total += n;
    return total;
  }
}
