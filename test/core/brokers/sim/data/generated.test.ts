import { describe, expect, it } from 'vitest';
import { isRoboError } from '../../../../../core/domain/errors.js';
import type { Bar } from '../../../../../core/domain/types.js';
import { BATCH_SIZE, FIRST_BATCH_SIZE, type BarSource } from '../../../../../core/brokers/sim/data/bar-source.js';
import { generatedBarSource, type Session } from '../../../../../core/brokers/sim/data/generated.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const FIRST_OPEN = 1_772_461_800_000; // 2026-03-02T14:30:00Z, 09:30 in New York

/** `count` regular 09:30-16:00 sessions on consecutive days. */
function sessions(count: number): Session[] {
  return Array.from({ length: count }, (_, day) => ({
    openMs: FIRST_OPEN + day * DAY_MS,
    closeMs: FIRST_OPEN + day * DAY_MS + 390 * MINUTE_MS,
  }));
}

async function collect(source: BarSource): Promise<Bar[]> {
  const bars: Bar[] = [];
  for await (const bar of source.bars()) bars.push(bar);
  return bars;
}

const base = { symbols: ['SPY', 'QQQ'], sessions: sessions(2), barSeconds: 60, seed: 42 } as const;

describe('generatedBarSource', () => {
  it('when given the same options twice then yields identical bars', async () => {
    // Act
    const first = await collect(generatedBarSource(base));
    const second = await collect(generatedBarSource({ ...base, symbols: [...base.symbols] }));

    // Assert
    expect(first).toHaveLength(2 * 2 * 390);
    expect(second).toEqual(first);
  });

  it('when the seed differs then the prices differ', async () => {
    // Act
    const first = await collect(generatedBarSource(base));
    const second = await collect(generatedBarSource({ ...base, seed: 43 }));

    // Assert
    expect(second.map((bar) => bar.close)).not.toEqual(first.map((bar) => bar.close));
  });

  it('when a symbol is added before or after then the existing symbol keeps exactly its bars', async () => {
    // Arrange
    const alone = await collect(generatedBarSource({ ...base, symbols: ['SPY'] }));

    // Act
    const withAfter = await collect(generatedBarSource({ ...base, symbols: ['SPY', 'QQQ'] }));
    const withBefore = await collect(generatedBarSource({ ...base, symbols: ['IWM', 'SPY'] }));

    // Assert
    expect(withAfter.filter((bar) => bar.symbol === 'SPY')).toEqual(alone);
    expect(withBefore.filter((bar) => bar.symbol === 'SPY')).toEqual(alone);
  });

  it('when sessions include an early close and an uneven length then bars lie only inside them on the bar grid', async () => {
    // Arrange
    const open = FIRST_OPEN;
    const given: Session[] = [
      { openMs: open, closeMs: open + 210 * MINUTE_MS }, // early close at 13:00
      { openMs: open + DAY_MS, closeMs: open + DAY_MS + 390 * MINUTE_MS - 30_000 }, // last minute does not fit
    ];

    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols: ['SPY'], sessions: given, barSeconds: 300 }));

    // Assert
    expect(bars.filter((bar) => bar.time < open + DAY_MS)).toHaveLength(42);
    expect(bars.filter((bar) => bar.time >= open + DAY_MS)).toHaveLength(77);
    for (const bar of bars) {
      const session = given.find((s) => bar.time >= s.openMs && bar.time + bar.durationMs <= s.closeMs);
      expect(session, `bar at ${bar.time}`).toBeDefined();
      expect((bar.time - (session?.openMs ?? 0)) % 300_000).toBe(0);
      expect(bar.durationMs).toBe(300_000);
    }
  });

  it('when several symbols are generated then bars come in time order with ties in the given symbol order', async () => {
    // Arrange
    const symbols = ['QQQ', 'SPY', 'AAPL'];

    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols }));

    // Assert
    bars.slice(1).forEach((bar, index) => {
      const previous = bars[index] as Bar;
      expect(bar.time).toBeGreaterThanOrEqual(previous.time);
      if (bar.time === previous.time) expect(symbols.indexOf(bar.symbol)).toBeGreaterThan(symbols.indexOf(previous.symbol));
    });
    expect(bars.filter((bar) => bar.time === FIRST_OPEN).map((bar) => bar.symbol)).toEqual(symbols);
  });

  it('when about ten thousand bars are generated then every bar is a valid OHLCV bar in cents', async () => {
    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols: ['SPY', 'QQQ', 'AAPL', 'TSLA', 'F'], sessions: sessions(5) }));

    // Assert
    expect(bars).toHaveLength(9750);
    const broken = bars.filter(
      (bar) =>
        !(bar.high >= Math.max(bar.open, bar.close)) ||
        !(bar.low <= Math.min(bar.open, bar.close)) ||
        !(bar.low > 0) ||
        [bar.open, bar.high, bar.low, bar.close].some((price) => Math.round(price * 100) / 100 !== price) ||
        !Number.isInteger(bar.volume) ||
        bar.volume < 0,
    );
    expect(broken).toEqual([]);
  });

  it('when no start price is given then symbols start at different prices between 20 and 500', async () => {
    // Arrange
    const symbols = ['SPY', 'QQQ', 'AAPL', 'TSLA', 'F', 'XOM'];

    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols, sessions: sessions(1) }));

    // Assert
    const firstOpens = bars.slice(0, symbols.length).map((bar) => bar.open);
    expect(new Set(firstOpens).size).toBe(symbols.length);
    for (const open of firstOpens) {
      expect(open).toBeGreaterThanOrEqual(20);
      expect(open).toBeLessThanOrEqual(500);
    }
  });

  it('when a start price is given per symbol then each symbol opens at its own', async () => {
    // Act
    const bars = await collect(generatedBarSource({ ...base, sessions: sessions(1), startPrice: { SPY: 680, QQQ: 610.5 } }));

    // Assert
    expect(bars.slice(0, 2).map((bar) => [bar.symbol, bar.open])).toEqual([['SPY', 680], ['QQQ', 610.5]]);
  });

  it('when a new session opens then its first open gaps from the previous close', async () => {
    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols: ['SPY'], sessions: sessions(10) }));

    // Assert
    const gaps = bars.filter((_, index) => index > 0 && index % 390 === 0).map((bar, day) => bar.open - (bars[(day + 1) * 390 - 1]?.close ?? 0));
    expect(gaps).toHaveLength(9);
    for (const gap of gaps) expect(Math.abs(gap)).toBeGreaterThan(0);
    for (const gap of gaps) expect(Math.abs(gap) / (bars[0]?.open ?? 1)).toBeLessThan(0.01);
  });

  it('when volume is averaged by time of day then it is heavier at the open and the close than at midday', async () => {
    // Act
    const bars = await collect(generatedBarSource({ ...base, symbols: ['SPY'], sessions: sessions(20) }));

    // Assert
    const average = (from: number, to: number): number => {
      const picked = bars.filter((_, index) => index % 390 >= from && index % 390 < to);
      return picked.reduce((sum, bar) => sum + bar.volume, 0) / picked.length;
    };
    const midday = average(165, 225);
    expect(average(0, 30)).toBeGreaterThan(2 * midday);
    expect(average(360, 390)).toBeGreaterThan(2 * midday);
  });

  it('when a 10/30 moving-average crossover watches the closes then it crosses several times every day', async () => {
    // Arrange
    const symbols = ['SPY', 'QQQ', 'AAPL'];
    const days = 10;
    const bars = await collect(generatedBarSource({ ...base, symbols, sessions: sessions(days) }));

    // Act
    const crossings: number[] = [];
    for (const symbol of symbols) {
      const closes = bars.filter((bar) => bar.symbol === symbol).map((bar) => bar.close);
      for (let day = 0; day < days; day++) crossings.push(countCrossings(closes.slice(day * 390, (day + 1) * 390), 10, 30));
    }

    // Assert
    expect(Math.min(...crossings)).toBeGreaterThanOrEqual(2);
    const perDay = crossings.reduce((sum, count) => sum + count, 0) / crossings.length;
    expect(perDay).toBeGreaterThanOrEqual(3);
    expect(perDay).toBeLessThanOrEqual(15);
  });

  it('when the sessions span centuries then the first bars arrive without generating the rest', async () => {
    // Arrange: 25,000 sessions x 4 symbols is 39 million bars, far too many to build up front.
    const source = generatedBarSource({ ...base, symbols: ['SPY', 'QQQ', 'AAPL', 'F'], sessions: sessions(25_000) });

    // Act
    const first: Bar[] = [];
    for await (const bar of source.bars()) {
      first.push(bar);
      if (first.length === 5) break;
    }

    // Assert
    expect(first.map((bar) => bar.time)).toEqual([FIRST_OPEN, FIRST_OPEN, FIRST_OPEN, FIRST_OPEN, FIRST_OPEN + MINUTE_MS]);
  });

  it.each([
    ['no symbols', { symbols: [] }],
    ['a symbol twice', { symbols: ['SPY', 'SPY'] }],
    ['a zero bar length', { barSeconds: 0 }],
    ['a fractional seed', { seed: 1.5 }],
    ['a start price of zero', { startPrice: 0 }],
    ['a session closing before it opens', { sessions: [{ openMs: FIRST_OPEN, closeMs: FIRST_OPEN - 1 }] }],
    ['sessions out of order', { sessions: [...sessions(2)].reverse() }],
  ])('when given %s then throws ROBO_ERR_DATA_INVALID', (_, override) => {
    // Act
    let caught: unknown;
    try {
      generatedBarSource({ ...base, ...override });
    } catch (error) {
      caught = error;
    }

    // Assert
    expect(isRoboError(caught, 'ROBO_ERR_DATA_INVALID'), String(caught)).toBe(true);
  });
});

/** Sign changes of fast SMA minus slow SMA, the signal of a crossover strategy. */
function countCrossings(closes: readonly number[], fast: number, slow: number): number {
  const sma = (end: number, length: number): number => closes.slice(end - length, end).reduce((sum, close) => sum + close, 0) / length;
  let crossings = 0;
  let previousSign = 0;
  for (let end = slow; end <= closes.length; end++) {
    const sign = Math.sign(sma(end, fast) - sma(end, slow));
    if (sign !== 0 && previousSign !== 0 && sign !== previousSign) crossings++;
    if (sign !== 0) previousSign = sign;
  }
  return crossings;
}

describe('generatedBarSource batches', () => {
  it('when read in batches then they hold exactly the bars one at a time does, the first batch short and the rest full', async () => {
    // Arrange: 2 symbols × 2 sessions × 390 one-minute bars = 1,560 bars
    const source = generatedBarSource(base);

    // Act
    const sizes: number[] = [];
    const batched: Bar[] = [];
    for await (const batch of source.batches()) {
      sizes.push(batch.length);
      batched.push(...batch);
    }

    // Assert
    expect(batched).toEqual(await collect(source));
    expect(sizes[0]).toBe(FIRST_BATCH_SIZE);
    expect(sizes.slice(1, -1).every((n) => n === BATCH_SIZE)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1_560);
  });
});
