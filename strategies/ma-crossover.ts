/**
 * Moving-average crossover: long (by `sizing`) while the fast simple moving average of closes
 * is above the slow one, flat (or short, if allowed) while below. It trades only on a cross and only
 * when no entry of its own is still open for the symbol, so it never stacks orders. With `exits`, each
 * new position is opened as a bracket — its stop loss (or trailing stop) and take profit working at the
 * broker, so the position stays protected if Robo stops — and a cross the other way cancels them first.
 */
import { SMA } from '../core/indicators.js';
import { ZERO, decimalFromNumber, regNmsTick, snapToTick, type Decimal } from '../core/domain/money.js';
import type { Bar, Side } from '../core/domain/types.js';
import { closeWithExits, workingOrders } from './positions.js';
import { bracket, defineStrategy, type IntentDraft, type StopLossDraft, type StrategyContext } from './sdk.js';

/** How far from the entry's reference price an exit sits: a percent of it, or an amount in dollars. */
export type ExitDistance = { readonly percent: number } | { readonly amount: number };

export interface MaCrossoverExits {
  readonly stopLoss?: ExitDistance;
  readonly trailingStop?: ExitDistance;
  readonly takeProfit?: ExitDistance;
  readonly timeInForce?: 'GTC' | 'DAY';
}

export interface MaCrossoverParams {
  readonly fast: number;
  readonly slow: number;
  readonly orderType?: 'market' | 'limit';
  readonly limitOffsetBps?: number;
  readonly allowShort?: boolean;
  readonly exits?: MaCrossoverExits;
}

const DISTANCE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'Either percent (of the entry\'s reference price) or amount (in dollars), not both.',
  properties: {
    percent: { type: 'number', exclusiveMinimum: 0, maximum: 50, description: 'Distance in percent of the reference price: 2 = 2%.' },
    amount: { type: 'number', exclusiveMinimum: 0, maximum: 100000, description: 'Distance in dollars per share.' },
  },
} as const;

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
      exits: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        description: 'Exits placed at the broker with each new position, as a bracket: the entry, and a stop loss or trailing stop and/or a take profit, measured from the entry\'s reference price (the signal bar\'s close, or the limit price). A cross the other way cancels them and closes the position.',
        properties: {
          stopLoss: { ...DISTANCE_SCHEMA, description: 'A stop (STP) this far beyond the reference price: below it for a long position, above for a short. Not with trailingStop.' },
          trailingStop: { ...DISTANCE_SCHEMA, description: 'A trailing stop (TRAIL) this far from the best price since entry. Not with stopLoss.' },
          takeProfit: { ...DISTANCE_SCHEMA, description: 'A limit order (LMT) this far in the position\'s favour.' },
          timeInForce: { enum: ['GTC', 'DAY'], default: 'GTC', description: 'GTC: the exits work until filled or cancelled, across sessions. DAY: they end at the close.' },
        },
      },
    },
  },
  check(entry, checker) {
    const params = entry['params'] as Partial<MaCrossoverParams> | undefined;
    if (typeof params?.fast === 'number' && typeof params.slow === 'number' && params.fast >= params.slow) checker.problem(['params', 'fast'], `fast (${params.fast}) must be smaller than slow (${params.slow})`);
    const exits = typeof params?.exits === 'object' ? params.exits : undefined;
    const sizing = entry['sizing'] as { riskPercent?: unknown } | undefined;
    // sizing.stopDistance is kind rules'; this kind measures the risk to its own stop.
    if (sizing?.riskPercent !== undefined && exits?.stopLoss === undefined && exits?.trailingStop === undefined) {
      checker.problem(['sizing', 'riskPercent'], 'ma-crossover sizes by riskPercent from the distance of its stop: give params.exits.stopLoss or params.exits.trailingStop, or every signal sizes to zero shares');
    }
  },
  create(ctx, params) {
    if (params.fast >= params.slow) throw new Error(`fast (${params.fast}) must be smaller than slow (${params.slow})`);
    checkExits(params.exits);
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
        const opens = above || params.allowShort === true;
        const size = opens ? ctx.size(decimalFromNumber(bar.close), stopDistanceOf(bar, params.exits)) : undefined;
        const shares = size?.quantity ?? ZERO;
        const target = above ? shares : params.allowShort ? shares.neg() : ZERO;
        ctx.log.info({ symbol: bar.symbol, fast: round(fast), slow: round(slow), close: bar.close, ...(size === undefined ? {} : { size: size.why }) }, `signal ${above ? 'up' : 'down'}-cross on ${bar.symbol}`);
        return trade(ctx, bar, target, params);
      },
    };
  },
});

async function trade(ctx: StrategyContext, bar: Bar, target: Decimal, params: MaCrossoverParams): Promise<void> {
  const { exits, others } = workingOrders(ctx, bar.symbol);
  if (others.length > 0) return; // an entry is still working
  const held = ctx.position(bar.symbol);
  if (target.minus(held).isZero()) return;
  const why = 'the averages crossed back';
  if (params.exits === undefined) {
    const order = entryDraft(ctx, bar, target.minus(held), params);
    if (exits.length === 0) await ctx.submit(order);
    else await closeWithExits(ctx, exits, order, why);
    return;
  }
  // With exits, what is held is closed by a plain order (its exits cancelled first, and placed again if the
  // close is refused) and the new side opened as a bracket, so its exits protect only it.
  const closing = !held.isZero() && !target.isZero() && held.isPos() === target.isPos() ? ZERO : held.neg();
  if (!closing.isZero() && !(await closeWithExits(ctx, exits, entryDraft(ctx, bar, closing, params), why))) return;
  const opening = target.minus(held.plus(closing));
  if (opening.isZero()) return;
  const entry = entryDraft(ctx, bar, opening, params);
  const reference = entry.type === 'LMT' ? entry.limitPrice : decimalFromNumber(bar.close);
  await ctx.submit(bracket({ entry, ...exitPrices(ctx, entry.side, reference, params.exits), ...(params.exits.timeInForce === undefined ? {} : { exitTif: params.exits.timeInForce }) }));
}

/** A market order, or a limit order past the close by limitOffsetBps, for `delta` shares (signed). */
function entryDraft(ctx: StrategyContext, bar: Bar, delta: Decimal, params: MaCrossoverParams): IntentDraft & { readonly side: Side } {
  const side: Side = delta.isPos() ? 'BUY' : 'SELL';
  const quantity = delta.abs();
  if ((params.orderType ?? 'market') === 'market') return { symbol: bar.symbol, side, quantity, type: 'MKT', tag: 'ma-cross' };
  const offset = (params.limitOffsetBps ?? 10) / 10_000;
  const price = side === 'BUY' ? bar.close * (1 + offset) : bar.close * (1 - offset);
  return { symbol: bar.symbol, side, quantity, type: 'LMT', limitPrice: ctx.limitPrice(price, side), tag: 'ma-cross' };
}

/** The bracket's exit prices for an entry on `side` at `reference`, each on the tick on the side that protects sooner. */
function exitPrices(ctx: StrategyContext, side: Side, reference: Decimal, exits: MaCrossoverExits): { takeProfit?: { limitPrice: Decimal }; stopLoss?: StopLossDraft } {
  const exitSide: Side = side === 'BUY' ? 'SELL' : 'BUY';
  const away = (distance: ExitDistance, direction: 1 | -1): Decimal => {
    const offset = 'percent' in distance ? reference.times(distance.percent).div(100) : decimalFromNumber(distance.amount);
    const price = reference.plus(offset.times(direction));
    // Snapped as a Decimal: through a JS number, 99.495 could come back as 99.49499999.
    return price.gt(0) ? snapToTick(price, regNmsTick(price), exitSide) : price;
  };
  const favour = side === 'BUY' ? 1 : -1;
  const result: { takeProfit?: { limitPrice: Decimal }; stopLoss?: StopLossDraft } = {};
  if (exits.takeProfit !== undefined) result.takeProfit = { limitPrice: away(exits.takeProfit, favour) };
  if (exits.stopLoss !== undefined) result.stopLoss = { stopPrice: away(exits.stopLoss, favour === 1 ? -1 : 1) };
  if (exits.trailingStop !== undefined) {
    const t = exits.trailingStop;
    result.stopLoss = { trail: 'percent' in t ? { percent: decimalFromNumber(t.percent) } : { amount: decimalFromNumber(t.amount) } };
  }
  return result;
}

/** What the schema cannot say well: one stop at most, at least one exit, a trail amount in whole cents. */
function checkExits(exits: MaCrossoverExits | undefined): void {
  if (exits === undefined) return;
  if (exits.stopLoss !== undefined && exits.trailingStop !== undefined) throw new Error('exits: give stopLoss or trailingStop, not both (a bracket has one stop)');
  if (exits.stopLoss === undefined && exits.trailingStop === undefined && exits.takeProfit === undefined) throw new Error('exits: give at least one of stopLoss, trailingStop and takeProfit');
  const trail = exits.trailingStop;
  if (trail !== undefined && 'amount' in trail && !decimalFromNumber(trail.amount).times(100).isInteger()) throw new Error(`exits.trailingStop.amount must be in whole cents, was ${trail.amount}`);
}

/** The stop's distance in dollars per share, for sizing by risk: the stop loss's or the trailing stop's, from the close. */
function stopDistanceOf(bar: Bar, exits: MaCrossoverExits | undefined): Decimal | undefined {
  const stop = exits?.stopLoss ?? exits?.trailingStop;
  if (stop === undefined) return undefined;
  return 'percent' in stop ? decimalFromNumber(bar.close).times(stop.percent).div(100) : decimalFromNumber(stop.amount);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
