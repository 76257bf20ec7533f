/**
 * The cost of each fill under one plan and rounding policy. Per-order minimums and caps hold across
 * partial fills because each fill is charged the increase C(Q+q, V+v) − C(Q, V) of its order's running
 * cost, so however an order is split, its fills add up to the cost of the whole order.
 */
import { ZERO, type Decimal } from '../../core/domain/money.js';
import type { Side } from '../../core/domain/types.js';
import { fixedCommission, orderCommission, tieredClearing, tieredExchange, tieredPassThrough, tieredShareCost, type PlanName } from './commission.js';
import { FEE_KEYS, NO_FEES, ORDER_LEVEL_KEYS, addFees, ceilCent, fees, mapFees, type Fees, type RoundingPolicy } from './fees.js';
import { catFee, secFee, tafFee } from './regulatory.js';
import { ratesOn, type RatesOn } from './tables.js';

export interface CostPolicy {
  readonly plan: PlanName;
  readonly rounding: RoundingPolicy;
}

export interface FillInput {
  readonly orderId: number;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly price: Decimal;
  /** New York trade date, yyyy-MM-dd: the rates of that date apply. */
  readonly tradeDate: string;
}

/** Shares traded under Tiered in a calendar month (yyyy-MM); they pick the tier of the next share. */
export interface MonthVolume {
  readonly month: string;
  readonly shares: Decimal;
}

interface OrderCosts {
  quantity: Decimal;
  value: Decimal;
  /** Tiered: the sum of each fill's marginal per-share cost, before the order's minimum and cap. */
  rawCommission: Decimal;
  /** Running totals before rounding. */
  exact: Fees;
  /** Running totals charged so far. */
  charged: Fees;
}

export class CostCalculator {
  readonly policy: CostPolicy;
  readonly #orders = new Map<number, OrderCosts>();
  readonly #rates: (tradeDate: string) => RatesOn;
  #lastRates: { readonly date: string; readonly rates: RatesOn } | undefined;
  #month: MonthVolume;

  /** `rates` defaults to the bundled dated tables; tests pass the rates of a published example. */
  constructor(policy: CostPolicy, month: MonthVolume, rates: (tradeDate: string) => RatesOn = ratesOn) {
    this.policy = policy;
    this.#month = month;
    this.#rates = rates;
  }

  get monthVolume(): MonthVolume {
    return this.#month;
  }

  /** Costs of one fill, charged on top of what its order was already charged; advances the order and the month. */
  fill(input: FillInput): Fees {
    if (this.policy.plan === 'zero') return NO_FEES;
    const rates = this.#ratesOn(input.tradeDate);
    const month = input.tradeDate.slice(0, 7);
    if (month !== this.#month.month) this.#month = { month, shares: ZERO };

    const before = this.#orders.get(input.orderId) ?? { quantity: ZERO, value: ZERO, rawCommission: ZERO, exact: NO_FEES, charged: NO_FEES };
    const value = input.quantity.times(input.price);
    const quantity = before.quantity.plus(input.quantity);
    const orderValue = before.value.plus(value);
    let rawCommission = ZERO;
    let orderLevel: Fees;
    if (this.policy.plan === 'ibkr-fixed') {
      orderLevel = fees({ commission: fixedCommission(rates.ibkr.fixed, quantity, orderValue) });
    } else {
      const tiered = rates.ibkr.tiered;
      rawCommission = before.rawCommission.plus(tieredShareCost(tiered.tiers, this.#month.shares, input.quantity));
      this.#month = { month, shares: this.#month.shares.plus(input.quantity) };
      const commission = orderCommission(rawCommission, quantity, orderValue, tiered.minimum, tiered.maxRateOfValue);
      orderLevel = fees({
        commission,
        exchangeFee: tieredExchange(tiered, quantity, orderValue),
        clearingFee: tieredClearing(tiered, quantity, orderValue),
        passThroughFee: tieredPassThrough(tiered, commission),
      });
    }
    // Only a sale owes SEC and TAF fees, so only a sale reads (and depends on) their tables.
    const sale = input.side === 'SELL';
    const regulatory = fees({
      secFee: sale ? secFee(rates.sec, value) : ZERO,
      tafFee: sale ? tafFee(rates.taf, input.quantity) : ZERO,
      catFee: catFee(rates.cat, input.quantity),
    });
    const exact = mapFees((key) => (ORDER_LEVEL_KEYS.includes(key) ? orderLevel[key] : before.exact[key].plus(regulatory[key])));
    const charge = mapFees((key) => this.#charge(key, exact[key], before.charged[key], regulatory[key]));
    this.#orders.set(input.orderId, { quantity, value: orderValue, rawCommission, exact, charged: addFees(before.charged, charge) });
    return charge;
  }

  /** The rates of a trade date, looked up once per date: every fill of a day asks for the same ones. */
  #ratesOn(tradeDate: string): RatesOn {
    if (this.#lastRates?.date !== tradeDate) this.#lastRates = { date: tradeDate, rates: this.#rates(tradeDate) };
    return this.#lastRates.rates;
  }

  /** Forgets a finished order; a later fill for it would start a new order (and a new minimum). */
  closeOrder(orderId: number): void {
    this.#orders.delete(orderId);
  }

  /** What a whole order would cost if it filled at once at `price`, without changing any state. */
  quote(side: Side, quantity: Decimal, price: Decimal, tradeDate: string): Fees {
    return new CostCalculator(this.policy, this.#month, this.#rates).fill({ orderId: 0, side, quantity, price, tradeDate });
  }

  /**
   * What this fill adds to one fee. Order-level fees are rounded on the order's running total, so the
   * increments telescope to the rounded total; per-fill rounding rounds each regulatory fee of the fill.
   */
  #charge(key: (typeof FEE_KEYS)[number], exact: Decimal, chargedBefore: Decimal, ofThisFill: Decimal): Decimal {
    const { rounding } = this.policy;
    if (rounding === 'none') return exact.minus(chargedBefore);
    if (rounding === 'per-fill' && !ORDER_LEVEL_KEYS.includes(key)) return ceilCent(ofThisFill);
    return ceilCent(exact).minus(chargedBefore);
  }
}
