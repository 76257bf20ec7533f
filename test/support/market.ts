/** Small builders for bars, bar sources and order intents, so tests state only what matters to them. */
import { DateTime } from 'luxon';
import { inBatches, type BarSource } from '../../core/brokers/sim/data/bar-source.js';
import { dec } from '../../core/domain/money.js';
import type { Bar, LimitIntent, MarketIntent, Side } from '../../core/domain/types.js';

export const MINUTE = 60_000;

/** Monday 2 March 2026, 09:30 in New York: the regular open of a plain trading day. */
export const T0 = DateTime.fromISO('2026-03-02T09:30', { zone: 'America/New_York' }).toMillis();

/** The `index`-th one-minute bar after T0; price fields default to a flat 100 and volume to 10,000. */
export function bar(index: number, fields: Partial<Omit<Bar, 'time' | 'durationMs'>> = {}): Bar {
  const open = fields.open ?? 100;
  return {
    symbol: fields.symbol ?? 'AAPL',
    time: T0 + index * MINUTE,
    durationMs: MINUTE,
    open,
    high: fields.high ?? Math.max(open, fields.close ?? open),
    low: fields.low ?? Math.min(open, fields.close ?? open),
    close: fields.close ?? open,
    volume: fields.volume ?? 10_000,
  };
}

/** A bar source over fixed bars (already in time order), as the sim broker's replay reads one. */
export function barSource(bars: readonly Bar[]): BarSource {
  const symbols = [...new Set(bars.map((b) => b.symbol))];
  return {
    symbols,
    async *bars() {
      for (const b of bars) yield b;
    },
    // Small batches, so a replay in a test crosses batch boundaries as a long one does.
    batches: () => inBatches(bars, 3),
  };
}

export function marketIntent(side: Side, quantity: string, symbol = 'AAPL', strategyId = 'test'): MarketIntent {
  return { strategyId, symbol, side, quantity: dec(quantity), type: 'MKT' };
}

export function limitIntent(side: Side, quantity: string, limitPrice: string, symbol = 'AAPL', strategyId = 'test'): LimitIntent {
  return { strategyId, symbol, side, quantity: dec(quantity), type: 'LMT', limitPrice: dec(limitPrice) };
}
