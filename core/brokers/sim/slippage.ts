/**
 * Slippage of the simulated broker: a configured model moves each fill price against the trader — up
 * for buys, down for sells — rounded to the tick grid in the trader's disfavour, never past a limit price.
 * Simulation only: a live broker's prices already carry the market's real slippage.
 */
import { Dec, ZERO, decimalFromNumber, regNmsTick, type Decimal } from '../../domain/money.js';
import { limitPriceOf } from '../../domain/order-rules.js';
import type { Bar, OrderIntent } from '../../domain/types.js';

export const SLIPPAGE_MODELS = ['none', 'fixed-bps', 'half-spread', 'volume-share'] as const;

export interface SlippageOptions {
  readonly model: (typeof SLIPPAGE_MODELS)[number];
  /** fixed-bps: basis points of the price. */
  readonly bps: number;
  /** half-spread: the assumed quoted spread in basis points; a fill pays half of it. */
  readonly spreadBps: number;
  /** volume-share: k in k × (fill quantity / bar volume)² × price. */
  readonly impact: number;
}

export const NO_SLIPPAGE: SlippageOptions = Object.freeze({ model: 'none', bps: 0, spreadBps: 0, impact: 0 });

export interface SlippedFill {
  readonly price: Decimal;
  /** Per share, never negative: how much worse `price` is than the market's. */
  readonly slippage: Decimal;
}

const BPS = new Dec(10_000);

/** The unrounded per-share slippage the model asks for at `reference`. */
export function slippageAmount(options: SlippageOptions, reference: Decimal, quantity: Decimal, bar: Bar): Decimal {
  switch (options.model) {
    case 'none':
      return ZERO;
    case 'fixed-bps':
      return reference.times(decimalFromNumber(options.bps)).div(BPS);
    case 'half-spread':
      return reference.times(decimalFromNumber(options.spreadBps)).div(BPS).div(2);
    case 'volume-share': {
      // A bar with no reported volume gives no liquidity to share: treat the fill as the whole bar.
      const share = bar.volume > 0 ? Dec.min(quantity.div(decimalFromNumber(bar.volume)), 1) : new Dec(1);
      return reference.times(decimalFromNumber(options.impact)).times(share.pow(2));
    }
  }
}

/** The fill price after slippage, on the tick grid, and the slippage per share it carries. */
export function applySlippage(options: SlippageOptions, intent: OrderIntent, reference: Decimal, quantity: Decimal, bar: Bar): SlippedFill {
  const amount = slippageAmount(options, reference, quantity, bar);
  if (amount.lte(0)) return { price: reference, slippage: ZERO };
  const tick = regNmsTick(reference);
  const buy = intent.side === 'BUY';
  let price = (buy ? reference.plus(amount) : reference.minus(amount)).toNearest(tick, buy ? Dec.ROUND_UP : Dec.ROUND_DOWN);
  // A limit is a promise to the trader: slippage may use up the room to it, never go beyond it.
  const limit = limitPriceOf(intent);
  if (limit !== undefined) price = buy ? Dec.min(price, limit) : Dec.max(price, limit);
  if (price.lte(0)) return { price: reference, slippage: ZERO };
  const slippage = buy ? price.minus(reference) : reference.minus(price);
  return slippage.isNeg() ? { price: reference, slippage: ZERO } : { price, slippage };
}
