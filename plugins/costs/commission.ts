/**
 * Interactive Brokers Pro commissions as pure functions of an order's running totals: the per-share
 * rate (marginal monthly tiers under Tiered), the per-order minimum and the 1% cap — the cap wins over
 * the minimum — plus Tiered's exchange, clearing and pass-through fees.
 */
import { Dec, ZERO, type Decimal } from '../../core/domain/money.js';
import type { FixedPlanRates, Tier, TieredPlanRates } from './tables.js';

export const PLANS = ['ibkr-fixed', 'ibkr-tiered', 'zero'] as const;
export type PlanName = (typeof PLANS)[number];

/**
 * An order's commission from its uncapped per-share amount: at least the minimum, at most `maxRate` of
 * the value, in that order — so 1,000 shares at 0.25 cost 2.50 (1% of 250), not the 1.00 minimum of a
 * larger trade. Nothing before the first share is filled.
 */
export function orderCommission(raw: Decimal, quantity: Decimal, value: Decimal, minimum: Decimal, maxRateOfValue: Decimal): Decimal {
  if (quantity.lte(0)) return ZERO;
  return Dec.min(Dec.max(raw, minimum), value.times(maxRateOfValue));
}

/** IBKR Pro Fixed for an order's cumulative quantity and value: C(Q, V). */
export function fixedCommission(rates: FixedPlanRates, quantity: Decimal, value: Decimal): Decimal {
  return orderCommission(quantity.times(rates.perShare), quantity, value, rates.minimum, rates.maxRateOfValue);
}

/**
 * Per-share commission of `quantity` shares when `monthBefore` shares were already traded this month:
 * tiers are marginal, so a fill that crosses a boundary pays each tier's rate for its own shares.
 */
export function tieredShareCost(tiers: readonly Tier[], monthBefore: Decimal, quantity: Decimal): Decimal {
  const end = monthBefore.plus(quantity);
  let lower = ZERO;
  let cost = ZERO;
  for (const tier of tiers) {
    const upper = tier.upTo ?? end;
    const from = Dec.max(lower, monthBefore);
    const to = Dec.min(upper, end);
    if (to.gt(from)) cost = cost.plus(to.minus(from).times(tier.perShare));
    if (tier.upTo === undefined || upper.gte(end)) break;
    lower = upper;
  }
  return cost;
}

/**
 * IBKR Tiered's exchange fee for an order's running totals: the access fee per share for removing
 * liquidity, and never more than Reg NMS Rule 610(c) lets an exchange charge — 0.3% of the price for a
 * stock under 1.00 — so 1,000 shares at 0.25 pay 0.75, not 3.00.
 */
export function tieredExchange(rates: TieredPlanRates, quantity: Decimal, value: Decimal): Decimal {
  return Dec.min(quantity.times(rates.exchangeFeePerShare), value.times(rates.exchangeFeeMaxRateOfValue));
}

/** IBKR Tiered's clearing fee for an order's running totals: per share, at most a share of the value. */
export function tieredClearing(rates: TieredPlanRates, quantity: Decimal, value: Decimal): Decimal {
  return Dec.min(quantity.times(rates.clearingFeePerShare), value.times(rates.clearingMaxRateOfValue));
}

/** NYSE and FINRA pass-through fees: fractions of the IBKR commission. */
export function tieredPassThrough(rates: TieredPlanRates, commission: Decimal): Decimal {
  return commission.times(rates.nysePassThroughRate.plus(rates.finraPassThroughRate));
}
