/**
 * robo-strategy-opening-range: the opening-range breakout. The first `rangeBars` bars of a session set a
 * range; the first close above it buys (below it sells short, with `allowShort`) as many shares as the
 * config's sizing gives, the distance to the stop being the range's far side; one trade per symbol
 * and session, sent as a bracket: the stop loss at the other side of the range, the take profit
 * `rewardRisk` times the range away — both working at the broker, so the position stays protected if
 * Robo stops.
 */
import { bracket, dec, defineStrategy, type Bar, type Side, type StrategyContext } from 'robo-trader/strategy';
import { OpeningRange } from './range.js';

export interface OpeningRangeParams {
  readonly rangeBars: number;
  readonly rewardRisk: number;
  readonly allowShort: boolean;
}

export default defineStrategy<OpeningRangeParams>({
  kind: 'robo-strategy-opening-range',
  description: 'Opening-range breakout: trades the first close outside the range of a session\'s first bars, as a bracket.',
  robo: '^1.0.0',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rangeBars: { type: 'integer', minimum: 1, maximum: 390, default: 15, description: 'Bars at the start of each session that make the range. Default 15.' },
      rewardRisk: { type: 'number', exclusiveMinimum: 0, maximum: 20, default: 2, description: 'How far the take profit sits from the entry, in multiples of the range\'s height. Default 2.' },
      allowShort: { type: 'boolean', default: false, description: 'Also sell short when a close breaks below the range. Default false.' },
    },
  },
  create(ctx, params) {
    const ranges = new Map(ctx.symbols.map((symbol) => [symbol, new OpeningRange(params.rangeBars)]));
    return {
      // Not async: a bar that breaks nothing returns at once, and the host then waits for nothing.
      onBar(bar: Bar): void | Promise<void> {
        const side = ranges.get(bar.symbol)?.update(bar);
        if (side === undefined || (side === 'SELL' && !params.allowShort)) return;
        // Flat and nothing working: a bracket from an earlier session may still hold the position.
        if (!ctx.position(bar.symbol).isZero() || ctx.openOrders(bar.symbol).length > 0) return;
        const range = ranges.get(bar.symbol)!;
        return enter(ctx, bar, side, range.high - range.low, side === 'BUY' ? range.low : range.high, params.rewardRisk);
      },
    };
  },
});

async function enter(ctx: StrategyContext, bar: Bar, side: Side, height: number, stop: number, rewardRisk: number): Promise<void> {
  const exit: Side = side === 'BUY' ? 'SELL' : 'BUY';
  const target = side === 'BUY' ? bar.close + rewardRisk * height : bar.close - rewardRisk * height;
  // The config's sizing decides the shares (a quantity, dollars, a percent of equity, or the risk to the stop).
  const { quantity, why } = ctx.size(ctx.limitPrice(bar.close, side), dec(Math.abs(bar.close - stop).toFixed(4)));
  if (quantity.isZero()) {
    ctx.log.info({ symbol: bar.symbol, why }, 'opening-range breakout not traded: the sizing gives no whole share');
    return;
  }
  const result = await ctx.submit(bracket({
    entry: { symbol: bar.symbol, side, quantity, type: 'MKT', tag: 'opening-range' },
    takeProfit: { limitPrice: ctx.limitPrice(target, exit) },
    stopLoss: { stopPrice: ctx.limitPrice(stop, exit) },
  }));
  if (result.entry.kind === 'vetoed') ctx.log.info({ symbol: bar.symbol, veto: result.entry.veto }, 'opening-range breakout not traded');
}
