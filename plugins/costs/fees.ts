/**
 * The shape of a cost breakdown — commission and every fee as its own Decimal — with exact arithmetic
 * on it and the rounding policies, so every part of the cost code adds and rounds money the same way.
 */
import { Dec, ZERO, type Decimal } from '../../core/domain/money.js';

/** Charged by the broker; in the order a statement lists them. Slippage is not here: it is in the fill price. */
export const FEE_KEYS = ['commission', 'exchangeFee', 'clearingFee', 'passThroughFee', 'secFee', 'tafFee', 'catFee'] as const;
export type FeeKey = (typeof FEE_KEYS)[number];
export type Fees = Readonly<Record<FeeKey, Decimal>>;

/** Fees an order accrues as a whole (minimums and caps apply per order); the rest are per execution. */
export const ORDER_LEVEL_KEYS: readonly FeeKey[] = ['commission', 'exchangeFee', 'clearingFee', 'passThroughFee'];

export const NO_FEES: Fees = Object.freeze({ commission: ZERO, exchangeFee: ZERO, clearingFee: ZERO, passThroughFee: ZERO, secFee: ZERO, tafFee: ZERO, catFee: ZERO });

export const ROUNDING_POLICIES = ['per-fill', 'per-order', 'none'] as const;
/**
 * per-fill: every fill is charged whole cents — each regulatory fee of the fill rounded up to the cent, and
 *   the order's commission rounded up on its running total, so splitting an order never changes its cost;
 * per-order: every fee is rounded up to the cent on the order's running total, once per order in effect;
 * none: unrounded, as Interactive Brokers reports them.
 */
export type RoundingPolicy = (typeof ROUNDING_POLICIES)[number];

export function fees(parts: Partial<Record<FeeKey, Decimal>>): Fees {
  return Object.freeze({ ...NO_FEES, ...parts });
}

export function addFees(a: Fees, b: Fees): Fees {
  // Most parts of a fill's fees are zero (a fixed plan has no exchange, clearing or pass-through fee): adding them would only allocate.
  return mapFees((key) => (b[key].isZero() ? a[key] : a[key].plus(b[key])));
}

export function subtractFees(a: Fees, b: Fees): Fees {
  return mapFees((key) => a[key].minus(b[key]));
}

export function mapFees(f: (key: FeeKey) => Decimal): Fees {
  // Spelled out rather than built from FEE_KEYS: every fill builds several of these.
  return Object.freeze({
    commission: f('commission'),
    exchangeFee: f('exchangeFee'),
    clearingFee: f('clearingFee'),
    passThroughFee: f('passThroughFee'),
    secFee: f('secFee'),
    tafFee: f('tafFee'),
    catFee: f('catFee'),
  } satisfies Record<FeeKey, Decimal>);
}

export function feeTotal(f: Fees): Decimal {
  return FEE_KEYS.reduce((sum, key) => (f[key].isZero() ? sum : sum.plus(f[key])), ZERO);
}

/** Up to the next cent; a rebate (negative) rounds toward zero, so rounding never favours the trader. */
export function ceilCent(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Dec.ROUND_CEIL);
}

/** Money as text: at least two places (1.00), more only when the amount has them (0.0035) — exact, never rounded. */
export function formatMoney(amount: Decimal): string {
  return amount.decimalPlaces() <= 2 ? amount.toFixed(2) : amount.toFixed();
}

/** Exact decimal strings for JSON and logs: no exponent, no float. */
export function feesToStrings(f: Fees): Record<FeeKey, string> {
  return Object.fromEntries(FEE_KEYS.map((key) => [key, formatMoney(f[key])])) as Record<FeeKey, string>;
}
