/**
 * Positions, average cost, cash and P&L in Decimal. Average-cost accounting: adding to a position
 * blends its cost, reducing realizes P&L against it, and crossing through zero opens the rest at the fill price.
 */
import { Dec, ZERO, decimalFromNumber, type Decimal } from './money.js';
import type { Side } from './types.js';

export interface Position {
  readonly symbol: string;
  /** Signed: positive long, negative short. */
  readonly quantity: Decimal;
  /** Average cost per share of the open quantity; zero when flat. */
  readonly averageCost: Decimal;
}

export interface FillEffect {
  readonly position: Position;
  /** P&L realized by this fill, before costs. */
  readonly realized: Decimal;
}

export interface PortfolioSnapshot {
  readonly cash: Decimal;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly costs: Decimal;
  readonly equity: Decimal;
  readonly positions: readonly Position[];
}

export class Portfolio {
  #cash: Decimal;
  #realized: Decimal = ZERO;
  #costs: Decimal = ZERO;
  readonly #positions = new Map<string, Position>();
  /** Last trade prices stay numbers (market data); they become Decimal only when valued. */
  readonly #marks = new Map<string, number>();

  constructor(startingCash: Decimal) {
    this.#cash = startingCash;
  }

  get cash(): Decimal {
    return this.#cash;
  }

  get realizedPnl(): Decimal {
    return this.#realized;
  }

  /** Commissions and fees charged so far. */
  get costs(): Decimal {
    return this.#costs;
  }

  position(symbol: string): Position {
    return this.#positions.get(symbol) ?? { symbol, quantity: ZERO, averageCost: ZERO };
  }

  positions(): readonly Position[] {
    return [...this.#positions.values()].filter((p) => !p.quantity.isZero());
  }

  mark(symbol: string, price: number): void {
    this.#marks.set(symbol, price);
  }

  lastPrice(symbol: string): number | undefined {
    return this.#marks.get(symbol);
  }

  applyFill(symbol: string, side: Side, quantity: Decimal, price: Decimal): FillEffect {
    const before = this.position(symbol);
    const signed = side === 'BUY' ? quantity : quantity.neg();
    const after = signed.plus(before.quantity);
    let realized = ZERO;
    let averageCost: Decimal;

    if (before.quantity.isZero() || before.quantity.isNeg() === signed.isNeg()) {
      averageCost = before.quantity.abs().times(before.averageCost).plus(quantity.times(price)).div(after.abs());
    } else {
      const closed = Dec.min(quantity, before.quantity.abs());
      const direction = before.quantity.isNeg() ? -1 : 1;
      realized = price.minus(before.averageCost).times(closed).times(direction);
      if (after.isZero()) averageCost = ZERO;
      else if (after.isNeg() === before.quantity.isNeg()) averageCost = before.averageCost;
      else averageCost = price;
    }

    this.#cash = side === 'BUY' ? this.#cash.minus(quantity.times(price)) : this.#cash.plus(quantity.times(price));
    this.#realized = this.#realized.plus(realized);
    const position: Position = { symbol, quantity: after, averageCost };
    this.#positions.set(symbol, position);
    return { position, realized };
  }

  /** Commissions and fees leave cash and count against net P&L. */
  charge(amount: Decimal): void {
    this.#cash = this.#cash.minus(amount);
    this.#costs = this.#costs.plus(amount);
  }

  unrealizedPnl(): Decimal {
    let total = ZERO;
    for (const p of this.#positions.values()) {
      if (p.quantity.isZero()) continue;
      const mark = this.#marks.get(p.symbol);
      if (mark === undefined) continue;
      total = total.plus(decimalFromNumber(mark).minus(p.averageCost).times(p.quantity));
    }
    return total;
  }

  /** Cash plus the market value of every position at its last price (cost when never marked). */
  equity(): Decimal {
    let value = this.#cash;
    for (const p of this.#positions.values()) {
      if (p.quantity.isZero()) continue;
      const mark = this.#marks.get(p.symbol);
      value = value.plus(p.quantity.times(mark === undefined ? p.averageCost : decimalFromNumber(mark)));
    }
    return value;
  }

  snapshot(): PortfolioSnapshot {
    return {
      cash: this.#cash,
      realizedPnl: this.#realized,
      unrealizedPnl: this.unrealizedPnl(),
      costs: this.#costs,
      equity: this.equity(),
      positions: this.positions(),
    };
  }
}
