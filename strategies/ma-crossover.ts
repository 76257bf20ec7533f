/**
 * Moving-average crossover: long `sizing.quantity` shares while the fast simple moving average of closes
 * is above the slow one, flat (or short, if allowed) while below. It trades only on a cross and only
 * when no order of its own is still open for the symbol, so it never stacks orders.
 */
import { SMA } from '../core/indicators.js';
import { ZERO, type Decimal } from '../core/domain/money.js';
import type { Bar } from '../core/domain/types.js';
import { defineStrategy, type StrategyContext } from './sdk.js';

export interface MaCrossoverParams {
  readonly fast: number;
  readonly slow: number;
  readonly orderType?: 'market' | 'limit';
  readonly limitOffsetBps?: number;
  readonly allowShort?: boolean;
}

export const maCrossover = defineStrategy<MaCrossoverParams>({
  kind: 'ma-crossover',
  description: 'Long while the fast simple moving average is above the slow one; flat (or short) below.',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['fast', 'slow'],
    properties: {
      fast: { type: 'integer', minimum: 1, maximum: 1000, description: 'Bars in the fast moving average; must be smaller than slow.' },
      slow: { type: 'integer', minimum: 2, maximum: 5000, description: 'Bars in the slow moving average.' },
      orderType: { enum: ['market', 'limit'], default: 'market', description: 'market: trade at the next bar\'s open. limit: a limit order at the close plus or minus limitOffsetBps.' },
      limitOffsetBps: { type: 'number', minimum: 0, maximum: 1000, default: 10, description: 'For limit orders: how far past the close the limit sits, in basis points (10 = 0.10%).' },
      allowShort: { type: 'boolean', default: false, description: 'Go short on a downward cross instead of only going flat.' },
    },
  },
  create(ctx, params) {
    if (params.fast >= params.slow) throw new Error(`fast (${params.fast}) must be smaller than slow (${params.slow})`);
    const state = new Map(ctx.symbols.map((s) => [s, { fast: new SMA(params.fast), slow: new SMA(params.slow), above: undefined as boolean | undefined }]));
    return {
      // Not async: a bar that does not cross returns at once, and the host then waits for nothing.
      onBar(bar: Bar): void | Promise<void> {
        const s = state.get(bar.symbol);
        if (!s) return;
        const fast = s.fast.add(bar.close);
        const slow = s.slow.add(bar.close);
        if (fast === null || slow === null) return;
        const above = fast > slow;
        const crossed = s.above !== undefined && above !== s.above;
        s.above = above;
        if (!crossed) return;
        const target = above ? ctx.quantity : params.allowShort ? ctx.quantity.neg() : ZERO;
        ctx.log.info({ symbol: bar.symbol, fast: round(fast), slow: round(slow), close: bar.close }, `signal ${above ? 'up' : 'down'}-cross on ${bar.symbol}`);
        return trade(ctx, bar, target, params);
      },
    };
  },
});

async function trade(ctx: StrategyContext, bar: Bar, target: Decimal, params: MaCrossoverParams): Promise<void> {
  if (ctx.openOrders(bar.symbol).length > 0) return;
  const delta = target.minus(ctx.position(bar.symbol));
  if (delta.isZero()) return;
  const side = delta.isPos() ? 'BUY' : 'SELL';
  const quantity = delta.abs();
  if ((params.orderType ?? 'market') === 'market') {
    await ctx.submit({ symbol: bar.symbol, side, quantity, type: 'MKT', tag: 'ma-cross' });
    return;
  }
  const offset = (params.limitOffsetBps ?? 10) / 10_000;
  const price = side === 'BUY' ? bar.close * (1 + offset) : bar.close * (1 - offset);
  await ctx.submit({ symbol: bar.symbol, side, quantity, type: 'LMT', limitPrice: ctx.limitPrice(price, side), tag: 'ma-cross' });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
