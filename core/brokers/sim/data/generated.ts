/**
 * Synthetic bars that are bit-identical on every machine for the same inputs: one seeded geometric
 * random walk per symbol with drifting trends, only inside the given sessions, merged by time.
 */
import type { Bar } from '../../../domain/types.js';
import { RoboError } from '../../../domain/errors.js';
import { inBatches, type BarSource } from './bar-source.js';
import { normal, seededRandom } from './prng.js';

/** One regular trading session, from the exchange calendar; an early close is a shorter session. */
export interface Session {
  readonly openMs: number;
  readonly closeMs: number;
}

export interface GeneratedBarSourceOptions {
  /** Also the order of bars that share a time. */
  readonly symbols: readonly string[];
  /** In ascending order, not overlapping. */
  readonly sessions: readonly Session[];
  readonly barSeconds: number;
  /** Any safe integer; each symbol's stream derives from it and the symbol's name. */
  readonly seed: number;
  /** One first price for every symbol, or one per symbol; otherwise a per-symbol default in 20..500. */
  readonly startPrice?: number | Readonly<Record<string, number>>;
}

const SESSION_SECONDS = 23_400; // 09:30-16:00, the unit the daily volatility is quoted in
const REGIME_MINUTES = 45; // mean length of one trend, so a moving-average crossover trades a few times a day
const DRIFT_PER_SIGMA = 0.5; // strongest trend per bar, in bar volatilities; trends about double the noise's daily range
const REVERSION_SESSIONS = 20; // pulls the price back toward its start over weeks, so long replays stay plausible
const WICK_PER_SIGMA = 0.8;
const MIN_PRICE = 1;

export function generatedBarSource(options: GeneratedBarSourceOptions): BarSource {
  checkOptions(options);
  const symbols = Object.freeze([...options.symbols]);
  const sessions = Object.freeze(options.sessions.map((session) => ({ ...session })));
  const { barSeconds, seed, startPrice } = options;
  return {
    symbols,
    // One at a time for tools, in batches for the replay; the walk itself is synchronous either way.
    bars: () => eachOf(generate(symbols, sessions, barSeconds, seed, startPrice)),
    batches: () => inBatches(generate(symbols, sessions, barSeconds, seed, startPrice)),
  };
}

async function* eachOf(bars: Iterable<Bar>): AsyncGenerator<Bar> {
  yield* bars;
}

function* generate(
  symbols: readonly string[],
  sessions: readonly Session[],
  barSeconds: number,
  seed: number,
  startPrice: GeneratedBarSourceOptions['startPrice'],
): Generator<Bar> {
  const walks = symbols.map((symbol) => createWalk(symbol, seed, barSeconds, startPriceOf(startPrice, symbol)));
  const durationMs = barSeconds * 1000;
  for (const session of sessions) {
    const slots = Math.floor((session.closeMs - session.openMs) / durationMs);
    for (const walk of walks) walk.gap();
    for (let slot = 0; slot < slots; slot++) {
      const time = session.openMs + slot * durationMs;
      const position = (slot + 0.5) / slots;
      for (const walk of walks) yield walk.bar(time, durationMs, position);
    }
  }
}

interface Walk {
  /** Moves the price overnight; a no-op before the first session. */
  gap(): void;
  /** The next bar; `position` is where its middle falls in the session, 0 at the open, 1 at the close. */
  bar(time: number, durationMs: number, position: number): Bar;
}

function createWalk(symbol: string, seed: number, barSeconds: number, startPrice: number | undefined): Walk {
  const random = seededRandom(seed, symbol);
  // Drawn first and always, so a symbol's path does not depend on whether its start price was given.
  const defaultStart = 20 + Math.round(random() * 48_000) / 100;
  const dailyVolatility = 0.004 + random() * 0.006;
  const volumePerMinute = 20_000 + Math.round(random() * 480_000);

  const anchor = startPrice ?? defaultStart;
  // Math.sqrt is exactly rounded by IEEE 754 on every engine, unlike Math.exp or Math.log.
  const sigma = dailyVolatility * Math.sqrt(barSeconds / SESSION_SECONDS);
  const regimeSwitch = Math.min(1, barSeconds / (REGIME_MINUTES * 60));
  const reversion = barSeconds / (REVERSION_SESSIONS * SESSION_SECONDS);
  const volumePerBar = volumePerMinute * (barSeconds / 60);
  let price = anchor;
  let drift = 0;
  let started = false;

  return {
    gap() {
      if (!started) return;
      const size = 0.001 + random() * 0.004;
      price = Math.max(MIN_PRICE, price * (random() < 0.5 ? 1 - size : 1 + size));
    },
    bar(time, durationMs, position) {
      started = true;
      if (random() < regimeSwitch) drift = sigma * DRIFT_PER_SIGMA * (2 * random() - 1);
      const pull = -reversion * (price / anchor - 1);
      const open = price;
      const close = Math.max(MIN_PRICE, open * (1 + drift + pull + sigma * normal(random)));
      const high = Math.max(open, close) * (1 + sigma * WICK_PER_SIGMA * random());
      const low = Math.min(open, close) * (1 - sigma * WICK_PER_SIGMA * random());
      const edge = 2 * position - 1; // -1 at the open, 1 at the close: volume is U-shaped
      const volume = Math.round(volumePerBar * (0.6 + 2 * edge * edge) * (0.6 + 0.8 * random()));
      price = close;
      // Rounding is monotone, so high >= max(open, close) and low <= min(open, close) survive it.
      return { symbol, time, durationMs, open: cents(open), high: cents(high), low: cents(low), close: cents(close), volume };
    },
  };
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function startPriceOf(startPrice: GeneratedBarSourceOptions['startPrice'], symbol: string): number | undefined {
  if (startPrice === undefined || typeof startPrice === 'number') return startPrice;
  return Object.hasOwn(startPrice, symbol) ? startPrice[symbol] : undefined;
}

function checkOptions(options: GeneratedBarSourceOptions): void {
  const fail = (what: string): never => {
    throw new RoboError('ROBO_ERR_DATA_INVALID', `generated bars: ${what}`);
  };
  const { symbols, sessions, barSeconds, seed, startPrice } = options;
  if (symbols.length === 0) fail('symbols: expected at least one symbol, was none');
  const seen = new Set<string>();
  for (const symbol of symbols) {
    if (symbol.trim() === '' || symbol !== symbol.trim()) fail(`symbols: expected names without surrounding spaces, was "${symbol}"`);
    if (seen.has(symbol)) fail(`symbols: expected each symbol once, was ${symbol} twice`);
    seen.add(symbol);
  }
  if (!Number.isSafeInteger(barSeconds) || barSeconds <= 0) fail(`barSeconds: expected a positive integer, was ${barSeconds}`);
  if (!Number.isSafeInteger(seed)) fail(`seed: expected a safe integer, was ${seed}`);
  const prices = startPrice === undefined ? [] : typeof startPrice === 'number' ? [startPrice] : Object.values(startPrice);
  for (const price of prices) {
    if (!Number.isFinite(price) || price < MIN_PRICE) fail(`startPrice: expected a finite number >= ${MIN_PRICE}, was ${price}`);
  }
  let previousClose = -Infinity;
  sessions.forEach((session, index) => {
    const { openMs, closeMs } = session;
    if (!Number.isSafeInteger(openMs) || !Number.isSafeInteger(closeMs) || closeMs <= openMs) {
      fail(`sessions[${index}]: expected integer epoch milliseconds with openMs < closeMs, was ${openMs}..${closeMs}`);
    }
    if (openMs < previousClose) {
      fail(`sessions[${index}]: expected to open at or after the previous close ${previousClose}, was ${openMs}`);
    }
    previousClose = closeMs;
  });
}
