/**
 * Positions, average cost, cash and P&L in Decimal. Average-cost accounting: adding to a position
 * blends its cost, reducing realizes P&L against it, and crossing through zero opens the rest at the fill price.
 */
import { Dec, ZERO, decimalFromNumber, type Decimal } from './money.js';
import type { Side } from './types.js';
import { Valuation, type Holding } from './valuation.js';

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
  /** Slippage inside the fill prices (simulation only); already in cash and P&L, so not part of `costs`. */
  readonly slippage: Decimal;
  readonly equity: Decimal;
  readonly positions: readonly Position[];
}

export class Portfolio {
  #cash: Decimal;
  #realized: Decimal = ZERO;
  #costs: Decimal = ZERO;
  #slippage: Decimal = ZERO;
  readonly #positions = new Map<string, Position>();
  /** Total cost of each position's open shares (always positive). */
  readonly #basis = new Map<string, Decimal>();
  /** Last trade prices stay numbers (market data); they become Decimal only when valued. */
  readonly #marks = new Map<string, number>();
  /** The last valuation, until a fill, a charge or a new price of a held symbol changes it: asked for on every bar. */
  #valuation: Valuation | undefined;
  /** Cash as the nearest double, for valuations' estimates. */
  #cashApprox: number;
  /** The open positions as valuations see them, rebuilt at each fill; `#held` holds their symbols in the same order. */
  #holdings: Holding[] = [];
  #held: string[] = [];

  constructor(startingCash: Decimal) {
    this.#cash = startingCash;
    this.#cashApprox = startingCash.toNumber();
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

  /** Slippage the fills paid inside their prices so far (simulated brokers report it per execution). */
  get slippage(): Decimal {
    return this.#slippage;
  }

  position(symbol: string): Position {
    return this.#positions.get(symbol) ?? { symbol, quantity: ZERO, averageCost: ZERO };
  }

  positions(): readonly Position[] {
    return [...this.#positions.values()].filter((p) => !p.quantity.isZero());
  }

  mark(symbol: string, price: number): void {
    if (this.#valuation !== undefined && this.#marks.get(symbol) !== price && this.#positions.get(symbol)?.quantity.isZero() === false) this.#valuation = undefined;
    this.#marks.set(symbol, price);
  }

  lastPrice(symbol: string): number | undefined {
    return this.#marks.get(symbol);
  }

  applyFill(symbol: string, side: Side, quantity: Decimal, price: Decimal): FillEffect {
    const before = this.position(symbol);
    const openBefore = before.quantity.abs();
    const basisBefore = this.#basis.get(symbol) ?? ZERO;
    const signed = side === 'BUY' ? quantity : quantity.neg();
    const after = before.quantity.plus(signed);
    let realized = ZERO;
    let basis: Decimal;

    if (before.quantity.isZero() || before.quantity.isNeg() === signed.isNeg()) {
      basis = basisBefore.plus(quantity.times(price));
    } else {
      // The total cost of the open shares is kept, not a rounded per-share average, so a position
      // closed in full realizes exactly its cash flows.
      const closed = Dec.min(quantity, openBefore);
      const removed = closed.eq(openBefore) ? basisBefore : basisBefore.times(closed).div(openBefore);
      const proceeds = closed.times(price);
      realized = before.quantity.isNeg() ? removed.minus(proceeds) : proceeds.minus(removed);
      basis = basisBefore.minus(removed).plus(quantity.minus(closed).times(price));
    }

    this.#cash = side === 'BUY' ? this.#cash.minus(quantity.times(price)) : this.#cash.plus(quantity.times(price));
    this.#realized = this.#realized.plus(realized);
    this.#basis.set(symbol, after.isZero() ? ZERO : basis);
    const position: Position = { symbol, quantity: after, averageCost: after.isZero() ? ZERO : basis.div(after.abs()) };
    this.#positions.set(symbol, position);
    this.#cashMoved();
    this.#rebuildHoldings();
    return { position, realized };
  }

  /**
   * The broker corrected a booked fill: the booked one is taken back at its own price and the corrected one
   * applied, so position and cash move by exactly the difference. (Average cost and realized P&L are
   * re-derived from the two steps, so after later fills they can shift between realized and unrealized.)
   */
  correctFill(symbol: string, side: Side, booked: { quantity: Decimal; price: Decimal }, corrected: { quantity: Decimal; price: Decimal }): FillEffect {
    const back = this.applyFill(symbol, side === 'BUY' ? 'SELL' : 'BUY', booked.quantity, booked.price);
    if (corrected.quantity.isZero()) return back;
    const forward = this.applyFill(symbol, side, corrected.quantity, corrected.price);
    return { position: forward.position, realized: back.realized.plus(forward.realized) };
  }

  /** Commissions and fees leave cash and count against net P&L. */
  charge(amount: Decimal): void {
    this.#cash = this.#cash.minus(amount);
    this.#costs = this.#costs.plus(amount);
    this.#cashMoved();
  }

  /** Counts slippage a fill paid in its price; cash already moved with the price, so only the tally changes. */
  recordSlippage(amount: Decimal): void {
    this.#slippage = this.#slippage.plus(amount);
  }

  unrealizedPnl(): Decimal {
    let total = ZERO;
    for (const p of this.#positions.values()) {
      if (p.quantity.isZero()) continue;
      const mark = this.#marks.get(p.symbol);
      if (mark === undefined) continue;
      total = total.plus(decimalFromNumber(mark).times(p.quantity).minus(this.#signedBasis(p)));
    }
    return total;
  }

  /** Cash plus the market value of every position at its last price (cost when never marked). */
  equity(): Decimal {
    return this.valuation().exact();
  }

  /** Equity now, estimated at once and exact on demand (valuation.ts): what a check on every bar should ask for. */
  valuation(): Valuation {
    if (this.#valuation !== undefined) return this.#valuation;
    const prices: number[] = [];
    for (const symbol of this.#held) prices.push(this.#marks.get(symbol) ?? Number.NaN);
    this.#valuation = new Valuation(this.#cash, this.#cashApprox, this.#holdings, prices);
    return this.#valuation;
  }

  #cashMoved(): void {
    this.#valuation = undefined;
    this.#cashApprox = this.#cash.toNumber();
  }

  #rebuildHoldings(): void {
    this.#held = [];
    this.#holdings = [];
    for (const p of this.#positions.values()) {
      if (p.quantity.isZero()) continue;
      const signedBasis = this.#signedBasis(p);
      this.#held.push(p.symbol);
      this.#holdings.push({ quantity: p.quantity, quantityApprox: p.quantity.toNumber(), signedBasis, signedBasisApprox: signedBasis.toNumber() });
    }
  }

  /** What the open shares cost, signed like the position: a short's basis is what its sale brought in. */
  #signedBasis(p: Position): Decimal {
    const basis = this.#basis.get(p.symbol) ?? ZERO;
    return p.quantity.isNeg() ? basis.neg() : basis;
  }

  snapshot(): PortfolioSnapshot {
    return {
      cash: this.#cash,
      realizedPnl: this.#realized,
      unrealizedPnl: this.unrealizedPnl(),
      costs: this.#costs,
      slippage: this.#slippage,
      equity: this.equity(),
      positions: this.positions(),
    };
  }
}
