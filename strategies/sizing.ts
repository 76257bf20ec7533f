/**
 * How many shares a new position gets: `sizing` in the config — a fixed quantity, a dollar amount, a
 * share of equity, or the risk of losing a share of equity at the stop — rounded down to whole shares
 * and capped by `maxPosition`. The reason travels with the number, so the order's log line can say how
 * the size came about.
 */
import { Dec, ZERO, type Decimal } from '../core/domain/money.js';

export interface SizingConfig {
  readonly quantity?: number;
  readonly notional?: number;
  readonly equityPercent?: number;
  readonly riskPercent?: number;
  readonly maxPosition?: number;
}

/** What a size is worked out from, at the signal: the price a share is bought at, equity now, and the stop's distance. */
export interface SizingInputs {
  readonly price: Decimal;
  readonly equity: Decimal;
  /** Dollars per share between the entry and its stop; needed by riskPercent only. */
  readonly stopDistance?: Decimal;
}

export interface Size {
  /** Whole shares, zero when the sizing gives less than one share (then nothing is sent). */
  readonly quantity: Decimal;
  /** How it was worked out, in words, for the order's log line. */
  readonly why: string;
}

export function sizeOf(sizing: SizingConfig, inputs: SizingInputs): Size {
  const { raw, why } = rawSize(sizing, inputs);
  const whole = raw.isFinite() && raw.gt(0) ? raw.floor() : ZERO;
  const cap = sizing.maxPosition;
  if (cap !== undefined && whole.gt(cap)) return { quantity: new Dec(cap), why: `${why} = ${whole.toString()}, capped at maxPosition ${cap}` };
  return { quantity: whole, why: sizing.quantity !== undefined ? why : `${why} = ${whole.toString()} shares` };
}

function rawSize(sizing: SizingConfig, { price, equity, stopDistance }: SizingInputs): { raw: Decimal; why: string } {
  if (sizing.quantity !== undefined) return { raw: new Dec(sizing.quantity), why: `sizing.quantity ${sizing.quantity} shares` };
  if (sizing.notional !== undefined) return { raw: perShare(new Dec(sizing.notional), price), why: `notional $${sizing.notional} ÷ price ${price.toString()}` };
  if (sizing.equityPercent !== undefined) {
    const amount = equity.times(sizing.equityPercent).div(100);
    return { raw: perShare(amount, price), why: `${sizing.equityPercent}% of equity $${equity.toFixed(2)} ÷ price ${price.toString()}` };
  }
  if (sizing.riskPercent !== undefined) {
    if (stopDistance === undefined || !stopDistance.isFinite() || stopDistance.lte(0)) {
      return { raw: ZERO, why: `riskPercent ${sizing.riskPercent}% with no usable stop distance (${stopDistance === undefined ? 'none' : stopDistance.toString()})` };
    }
    const risk = equity.times(sizing.riskPercent).div(100);
    const why = `${sizing.riskPercent}% of equity $${equity.toFixed(2)} at risk ÷ stop distance ${stopDistance.toDecimalPlaces(4).toString()}`;
    const shares = risk.div(stopDistance);
    // A tight stop asks for more shares than equity buys: risk sizing never borrows.
    const affordable = perShare(equity, price);
    if (shares.gt(affordable)) return { raw: affordable, why: `${why} = ${shares.floor().toString()}, capped at what equity buys at ${price.toString()}` };
    return { raw: shares, why };
  }
  return { raw: ZERO, why: 'no sizing given' };
}

function perShare(amount: Decimal, price: Decimal): Decimal {
  return price.gt(0) ? amount.div(price) : ZERO;
}
