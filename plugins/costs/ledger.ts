/**
 * The run's cost books: every fill's estimated fees and slippage, overall and per strategy, and each
 * broker-reported actual that replaced an estimate — so what was charged to cash is always the fees
 * plus the broker adjustments, and the summary adds up to the cent.
 */
import { ZERO, type Decimal } from '../../core/domain/money.js';
import { NO_FEES, addFees, feeTotal, feesToStrings, formatMoney, type FeeKey, type Fees } from './fees.js';

interface Tally {
  fills: number;
  /** Fills whose costs could not be computed: booked at 0 until the broker's actual, and reported. */
  costUnknown: number;
  fees: Fees;
  /** Actual minus estimate, summed over the fills the broker reported a commission for. */
  brokerAdjustment: Decimal;
  slippage: Decimal;
}

/** The broker's actual commission and fees for one execution against Robo's estimate. */
export interface Reconciliation {
  readonly execId: string;
  readonly estimate: Decimal;
  readonly actual: Decimal;
  readonly difference: Decimal;
}

interface BookedFill {
  readonly strategyId: string;
  readonly estimate: Decimal;
  /** What cash was charged for this fill's fees so far: the estimate, or the broker's actual once known. */
  charged: Decimal;
}

export type CostSummaryLine = { readonly total: string; readonly fills: number; readonly costUnknownFills: number; readonly brokerAdjustment: string; readonly slippage: string } & Readonly<Record<FeeKey, string>>;

export interface CostSummary extends CostSummaryLine {
  readonly plan: string;
  readonly rounding: string;
  readonly byStrategy: Readonly<Record<string, CostSummaryLine>>;
  readonly reconciliations: readonly { readonly execId: string; readonly estimate: string; readonly actual: string; readonly difference: string }[];
}

/**
 * Fills whose estimate is kept for the broker's actual to replace. The actual comes within seconds of its
 * fill (a correction's, within the day); a long run must not keep one entry per fill it ever made.
 */
export const FILLS_KEPT = 10_000;

export class CostLedger {
  /** Per strategy only: the overall line is their sum, added up when the summary is asked for, not at every fill. */
  readonly #byStrategy = new Map<string, Tally>();
  readonly #fills = new Map<string, BookedFill>();
  /** The ids of the latest FILLS_KEPT fills, as a ring: the oldest is let go of when a new one comes. */
  readonly #latest: (string | undefined)[] = [];
  #booked = 0;
  /** Actuals that arrived before their execution (brokers send the two in either order). */
  readonly #earlyActuals = new Map<string, Decimal>();
  readonly #reconciliations = new Map<string, Reconciliation>();

  /**
   * Books a fill's estimate; returns what to charge to cash now — the broker's actual if it came first.
   * `fees` undefined: the costs could not be computed; nothing is estimated, the fill is counted as one
   * whose costs are unknown, and the broker's actual still replaces the nothing when it comes.
   */
  recordFill(execId: string, strategyId: string, fees: Fees | undefined, slippage: Decimal): Decimal {
    const tally = this.#tally(strategyId);
    if (fees === undefined) tally.costUnknown++;
    fees ??= NO_FEES;
    const estimate = feeTotal(fees);
    tally.fills++;
    tally.fees = addFees(tally.fees, fees);
    tally.slippage = tally.slippage.plus(slippage);
    const booked: BookedFill = { strategyId, estimate, charged: estimate };
    this.#fills.set(execId, booked);
    // A ring of the latest ids: evicting by iterating the Map from its start would step over every
    // deleted entry still in its table, a cost that grows with the ring.
    const slot = this.#booked % FILLS_KEPT;
    const evicted = this.#latest[slot];
    if (evicted !== undefined && evicted !== execId) this.#fills.delete(evicted);
    this.#latest[slot] = execId;
    this.#booked++;
    const early = this.#earlyActuals.get(execId);
    if (early === undefined) return estimate;
    this.#earlyActuals.delete(execId);
    return estimate.plus(this.#replace(execId, booked, early));
  }

  /** Whether the fill's estimate is here: booked in this run, and not yet let go of. */
  knows(execId: string): boolean {
    return this.#fills.has(execId);
  }

  /**
   * A fill booked and charged before this run (its commission report came after a restart): its estimate
   * is taken back in, so the broker's actual replaces it. It is not counted again as a fill of this run.
   */
  restore(execId: string, strategyId: string, estimate: Decimal): void {
    this.#fills.set(execId, { strategyId, estimate, charged: estimate });
  }

  /**
   * Books the broker's actual for an execution: it replaces whatever was charged for it. Returns the
   * amount to charge (positive) or refund (negative) now; zero when the execution is not booked yet.
   */
  recordActual(execId: string, actual: Decimal): Decimal {
    const booked = this.#fills.get(execId);
    if (booked === undefined) {
      this.#earlyActuals.set(execId, actual);
      return ZERO;
    }
    return this.#replace(execId, booked, actual);
  }

  /** How many fills are booked here: the most recent FILLS_KEPT at most. */
  get size(): number {
    return this.#fills.size;
  }

  reconciliation(execId: string): Reconciliation | undefined {
    return this.#reconciliations.get(execId);
  }

  summary(plan: string, rounding: string): CostSummary {
    return {
      plan,
      rounding,
      ...line(this.#overall()),
      byStrategy: Object.fromEntries([...this.#byStrategy].map(([id, tally]) => [id, line(tally)])),
      reconciliations: [...this.#reconciliations.values()].map((r) => ({ execId: r.execId, estimate: formatMoney(r.estimate), actual: formatMoney(r.actual), difference: formatMoney(r.difference) })),
    };
  }

  #replace(execId: string, booked: BookedFill, actual: Decimal): Decimal {
    const delta = actual.minus(booked.charged);
    booked.charged = actual;
    const tally = this.#tally(booked.strategyId);
    tally.brokerAdjustment = tally.brokerAdjustment.plus(delta);
    this.#reconciliations.set(execId, { execId, estimate: booked.estimate, actual, difference: actual.minus(booked.estimate) });
    return delta;
  }

  #tally(strategyId: string): Tally {
    let tally = this.#byStrategy.get(strategyId);
    if (tally === undefined) {
      tally = emptyTally();
      this.#byStrategy.set(strategyId, tally);
    }
    return tally;
  }

  #overall(): Tally {
    const overall = emptyTally();
    for (const tally of this.#byStrategy.values()) {
      overall.fills += tally.fills;
      overall.costUnknown += tally.costUnknown;
      overall.fees = addFees(overall.fees, tally.fees);
      overall.brokerAdjustment = overall.brokerAdjustment.plus(tally.brokerAdjustment);
      overall.slippage = overall.slippage.plus(tally.slippage);
    }
    return overall;
  }
}

function emptyTally(): Tally {
  return { fills: 0, costUnknown: 0, fees: NO_FEES, brokerAdjustment: ZERO, slippage: ZERO };
}

/** Total first, then each part; exact decimal strings, so the parts add up to the total digit for digit. */
function line(tally: Tally): CostSummaryLine {
  const total = feeTotal(tally.fees).plus(tally.brokerAdjustment).plus(tally.slippage);
  return { total: formatMoney(total), fills: tally.fills, costUnknownFills: tally.costUnknown, ...feesToStrings(tally.fees), brokerAdjustment: formatMoney(tally.brokerAdjustment), slippage: formatMoney(tally.slippage) };
}
