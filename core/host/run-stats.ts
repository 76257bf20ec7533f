/** Counts what happened in a run — bars, orders, fills, vetoes, tap failures, drawdown — for the summary. */
import { ZERO, type Decimal } from '../domain/money.js';
import type { Veto } from '../domain/types.js';

export class RunStats {
  bars = 0;
  ordersSent = 0;
  ordersRejected = 0;
  fills = 0;
  duplicateExecutions = 0;
  readonly vetoes = new Map<string, Map<string, number>>();
  readonly tapFailures = new Map<string, number>();
  #peakEquity: Decimal | undefined;
  #maxDrawdown: Decimal = ZERO;
  #maxDrawdownRatio: Decimal = ZERO;

  recordVeto(veto: Veto): void {
    const byPlugin = this.vetoes.get(veto.by) ?? new Map<string, number>();
    byPlugin.set(veto.reason, (byPlugin.get(veto.reason) ?? 0) + 1);
    this.vetoes.set(veto.by, byPlugin);
  }

  recordTapFailure(plugin: string, hook: string): void {
    const key = `${plugin} in ${hook}`;
    this.tapFailures.set(key, (this.tapFailures.get(key) ?? 0) + 1);
  }

  /** Tracks the deepest fall of equity from its running peak. */
  recordEquity(equity: Decimal): void {
    if (this.#peakEquity === undefined || equity.gt(this.#peakEquity)) {
      this.#peakEquity = equity;
      return;
    }
    const drawdown = this.#peakEquity.minus(equity);
    if (drawdown.gt(this.#maxDrawdown)) {
      this.#maxDrawdown = drawdown;
      this.#maxDrawdownRatio = this.#peakEquity.isZero() ? ZERO : drawdown.div(this.#peakEquity);
    }
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
