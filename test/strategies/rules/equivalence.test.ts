/**
 * A rules strategy signals exactly as the same strategy written by hand with the SDK, bar for bar, on the
 * indicators' fixture CSV (test/fixtures/indicators/ohlcv.csv). The hand-written strategies compute their
 * indicators with the textbook reference implementations of test/strategies/indicators/reference.ts, not
 * the catalog the rules use. Both run against the same recording context, which fills every order at once
 * at the signal bar's close and tells the strategy, so position and trade state evolve identically.
 */
import { describe, expect, it } from 'vitest';
import { decimalFromNumber, ZERO, type Decimal } from '../../../core/domain/money.js';
import type { Bar } from '../../../core/domain/types.js';
import type { Fill } from '../../../core/host/events.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { silentLogger } from '../../../core/log.js';
import { maCrossover } from '../../../strategies/ma-crossover.js';
import { rules } from '../../../strategies/rules/kind.js';
import { defineStrategy, type IntentDraft, type Strategy, type StrategyContext, type StrategyEntry } from '../../../strategies/sdk.js';
import { loadFixtureBars } from '../indicators/fixture.js';
import * as reference from '../indicators/reference.js';

interface Signal {
  readonly bar: number;
  readonly side: string;
  readonly quantity: string;
}

/** Runs `create` over the fixture bars, filling each order at once; returns what it sent, bar by bar. */
function signalsOf(create: (ctx: StrategyContext) => Strategy): Promise<Signal[]> {
  const bars = loadFixtureBars();
  const signals: Signal[] = [];
  let position: Decimal = ZERO;
  let average: Decimal = ZERO;
  let index = -1;
  let strategy: Strategy | undefined;
  let close = 0;
  const ctx: StrategyContext = {
    id: 'test',
    symbols: ['FIX'],
    quantity: decimalFromNumber(100),
    log: silentLogger(),
    clock: { nowMs: () => 0, now: () => { throw new Error('no clock'); } },
    calendar: loadExchangeCalendar('XNYS'),
    position: () => position,
    averageCost: () => average,
    equity: () => decimalFromNumber(100_000),
    size: () => ({ quantity: decimalFromNumber(100), why: 'fixed' }),
    openOrders: () => [],
    submit: (async (draft: IntentDraft) => {
      signals.push({ bar: index, side: draft.side, quantity: draft.quantity.toString() });
      const signed = draft.side === 'BUY' ? draft.quantity : draft.quantity.neg();
      const before = position;
      position = position.plus(signed);
      const price = decimalFromNumber(close);
      average = position.isZero() ? ZERO : before.isZero() || before.isPos() !== position.isPos() ? price : average;
      const fill = { execution: { execId: `e${signals.length}`, orderId: signals.length, symbol: 'FIX', side: draft.side, quantity: draft.quantity, price, time: 0 }, position: { symbol: 'FIX', quantity: position, averageCost: average }, strategyId: 'test', realized: ZERO } as unknown as Fill;
      await strategy?.onFill?.(fill);
      return { kind: 'vetoed', veto: { by: 'test', reason: 'recorded' } };
    }) as StrategyContext['submit'],
    modify: async () => ({ kind: 'vetoed', veto: { by: 'test', reason: 'recorded' } }),
    cancel: async () => undefined,
    limitPrice: (price) => decimalFromNumber(price),
  };
  strategy = create(ctx);
  return run(bars, strategy, (i, bar) => { index = i; close = bar.close; }).then(() => signals);
}

async function run(bars: readonly Bar[], strategy: Strategy, before: (i: number, bar: Bar) => void): Promise<void> {
  for (const [i, bar] of bars.entries()) {
    before(i, bar);
    await strategy.onBar(bar);
  }
}

function entry(fields: Record<string, unknown>): StrategyEntry {
  return { id: 'test', kind: 'rules', symbols: ['FIX'], params: {}, sizing: { quantity: 100 }, ...fields };
}

function rulesStrategy(fields: Record<string, unknown>): (ctx: StrategyContext) => Strategy {
  return (ctx) => (rules).create(ctx, {}, entry(fields));
}

/** RSI pullback by hand: long when RSI(14) < 50 above the 50-bar SMA; out when RSI > 55 or after 10 bars. */
const handPullback = defineStrategy<Record<string, never>>({
  kind: 'hand-pullback',
  description: 'the RSI pullback, by hand',
  paramsSchema: { type: 'object' },
  create(ctx) {
    const closes: number[] = [];
    let bar = -1;
    let openedAt = Number.NaN;
    return {
      onFill(fill) {
        if (fill.position.quantity.isZero()) openedAt = Number.NaN;
        else if (Number.isNaN(openedAt)) openedAt = bar;
      },
      async onBar(b) {
        bar += 1;
        closes.push(b.close);
        const rsi = reference.rsi(closes, 14).at(-1) ?? Number.NaN;
        const trend = reference.sma(closes, 50).at(-1) ?? Number.NaN;
        const held = ctx.position(b.symbol);
        if (held.isZero()) {
          if (rsi < 50 && b.close > trend) await ctx.submit({ symbol: b.symbol, side: 'BUY', quantity: decimalFromNumber(100), type: 'MKT' });
        } else if (rsi > 55 || bar - openedAt >= 10) {
          await ctx.submit({ symbol: b.symbol, side: 'SELL', quantity: held, type: 'MKT' });
        }
      },
    };
  },
});

describe('a rules strategy signals as the same strategy written by hand', () => {
  it('when the rules are an RSI pullback with a time stop then every order is on the same bar, side and size as the hand-written one', async () => {
    // Arrange
    const fromRules = rulesStrategy({
      indicators: { rsi: { rsi: { period: 14 } }, trend: { sma: { period: 50 } } },
      entry: { long: 'rsi < 50 and close > trend' },
      exit: { long: 'rsi > 55 or bars_in_trade >= 10' },
    });

    // Act
    const byRules = await signalsOf(fromRules);
    const byHand = await signalsOf((ctx) => handPullback.create(ctx, {}, entry({})));

    // Assert
    expect(byHand.length).toBeGreaterThanOrEqual(6);
    expect(byRules).toEqual(byHand);
  });

  it('when the rules are a moving-average cross then they trade as the built-in ma-crossover does', async () => {
    // Arrange
    const fromRules = rulesStrategy({
      indicators: { fast: { sma: { period: 5 } }, slow: { sma: { period: 20 } } },
      entry: { long: 'crosses_above(fast, slow)' },
      exit: { long: 'crosses_below(fast, slow)' },
    });

    // Act
    const byRules = await signalsOf(fromRules);
    const byHand = await signalsOf((ctx) => maCrossover.create(ctx, { fast: 5, slow: 20 }, entry({ kind: 'ma-crossover' })));

    // Assert
    expect(byHand.length).toBeGreaterThanOrEqual(4);
    expect(byRules).toEqual(byHand);
  });
});
