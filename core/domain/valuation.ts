/**
 * Equity at one moment, exact when asked and estimated always. Guards and statistics look at equity on
 * every bar, but almost always only to learn that it is still on the safe side of a level far away —
 * a question a float answers for certain when it carries a bound on its own error. The exact Decimal
 * is worked out only when the estimate is too close to a level to tell, or when someone asks for it.
 *
 * Why the bound holds: the estimate adds cash and quantity × price for each held position, every term
 * a conversion of a Decimal (or the market's own float price) to a double — each off by at most one
 * rounding, 2⁻⁵³ relative — and every product and sum one rounding more. For fewer than a few thousand
 * positions all of that stays far below 1e-12 of the sum of the terms' magnitudes, the margin used here.
 */
import { decimalFromNumber, type Decimal } from './money.js';

const RELATIVE_MARGIN = 1e-12;

/**
 * An amount compared against on every bar: a double near it, how far the exact value may be from that
 * double, and the exact Decimal, worked out only when a comparison is too close to call on the doubles.
 */
export interface Level {
  readonly approx: number;
  readonly error: number;
  value(): Decimal;
}

export function levelOf(value: Decimal): Level {
  const approx = value.toNumber();
  return { approx, error: Math.abs(approx) * RELATIVE_MARGIN, value: () => value };
}

/** `level` × `factor` (a Decimal with its double), exact on demand. */
export function scaledLevel(level: Level, factor: Decimal, factorApprox: number): Level {
  const approx = level.approx * factorApprox;
  return { approx, error: level.error * Math.abs(factorApprox) + Math.abs(approx) * RELATIVE_MARGIN, value: memo(() => level.value().times(factor)) };
}

/** `level` − `amount`, exact on demand. */
export function loweredLevel(level: Level, amount: Decimal): Level {
  const amountApprox = amount.toNumber();
  const approx = level.approx - amountApprox;
  return { approx, error: level.error + (Math.abs(amountApprox) + Math.abs(approx)) * RELATIVE_MARGIN, value: memo(() => level.value().minus(amount)) };
}

function memo(compute: () => Decimal): () => Decimal {
  let value: Decimal | undefined;
  return () => (value ??= compute());
}

/** A held position as a valuation sees it: shares and what they are worth without a price (their cost). */
export interface Holding {
  readonly quantity: Decimal;
  readonly quantityApprox: number;
  /** What the open shares cost, signed like the position: their value until a price is known. */
  readonly signedBasis: Decimal;
  readonly signedBasisApprox: number;
}

/** A valuation is itself a level: a new peak of equity is kept as the valuation that made it, exact only if ever needed. */
export class Valuation implements Level {
  /** The estimate of equity, off by at most `error`. */
  readonly estimate: number;
  readonly error: number;
  readonly #cash: Decimal;
  readonly #holdings: readonly Holding[];
  /** Each holding's last price, NaN where none is known yet. */
  readonly #prices: readonly number[];
  #exact: Decimal | undefined;

  constructor(cash: Decimal, cashApprox: number, holdings: readonly Holding[], prices: readonly number[]) {
    this.#cash = cash;
    this.#holdings = holdings;
    this.#prices = prices;
    let estimate = cashApprox;
    let magnitude = Math.abs(cashApprox);
    for (let i = 0; i < holdings.length; i++) {
      const price = prices[i]!;
      const term = Number.isNaN(price) ? holdings[i]!.signedBasisApprox : holdings[i]!.quantityApprox * price;
      estimate += term;
      magnitude += Math.abs(term);
    }
    this.estimate = estimate;
    this.error = magnitude * RELATIVE_MARGIN;
  }

  get approx(): number {
    return this.estimate;
  }

  value(): Decimal {
    return this.exact();
  }

  /** Cash plus the market value of every position at its last price (its cost when it has none): exact. */
  exact(): Decimal {
    if (this.#exact !== undefined) return this.#exact;
    let value = this.#cash;
    for (let i = 0; i < this.#holdings.length; i++) {
      const holding = this.#holdings[i]!;
      const price = this.#prices[i]!;
      value = value.plus(Number.isNaN(price) ? holding.signedBasis : holding.quantity.times(decimalFromNumber(price)));
    }
    this.#exact = value;
    return value;
  }

  /** Equity > level: by the estimate when it is clearly on one side, else exactly. */
  above(level: Level): boolean {
    const order = this.#clearly(level);
    return order === undefined ? this.exact().gt(level.value()) : order > 0;
  }

  /** Equity ≥ level, the same way. */
  atLeast(level: Level): boolean {
    const order = this.#clearly(level);
    return order === undefined ? this.exact().gte(level.value()) : order >= 0;
  }

  /**
   * 1 when equity is surely above the level, -1 surely below, 0 surely equal — the level is a valuation
   * of the very same cash, holdings and prices, as a peak is while nothing moved — else undefined: too
   * close to tell without the exact Decimals.
   */
  #clearly(level: Level): 1 | 0 | -1 | undefined {
    const margin = this.error + level.error;
    if (this.estimate - margin > level.approx) return 1;
    if (this.estimate + margin < level.approx) return -1;
    if (level instanceof Valuation && this.#sameInputs(level)) return 0;
    return undefined;
  }

  /** Same cash and holdings (the portfolio hands out new ones when they change, never alters them) and the same prices. */
  #sameInputs(other: Valuation): boolean {
    if (other.#cash !== this.#cash || other.#holdings !== this.#holdings) return false;
    for (let i = 0; i < this.#prices.length; i++) {
      if (other.#prices[i] !== this.#prices[i]) return false; // NaN never equals: then the exact values decide
    }
    return true;
  }
}
