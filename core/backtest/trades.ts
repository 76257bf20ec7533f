/**
 * Round trips from fills: per strategy and symbol, a trade opens when the position leaves zero and closes
 * when it returns to zero. Partial fills and scaling in or out belong to the trade they happen in; a fill
 * that crosses zero closes one trade and opens the next, its quantity and fees split between the two.
 */
import { ZERO, type Decimal } from '../domain/money.js';
import type { RecordedFill } from './recorder.js';

export interface Trade {
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  /** The largest size held during the trade (positive). */
  readonly quantity: Decimal;
  readonly entryTime: number;
  readonly entryPrice: Decimal;
  readonly exitTime?: number;
  readonly exitPrice?: Decimal;
  readonly grossPnl: Decimal;
  readonly fees: Decimal;
  readonly netPnl: Decimal;
  /** What the entry fills cost (positive): the money the trade put at risk. */
  readonly entryValue: Decimal;
  readonly holdingMs: number;
  readonly open: boolean;
}

interface Building {
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  /** Signed: positive long. */
  position: Decimal;
  peak: Decimal;
  entryTime: number;
  openedQuantity: Decimal;
  openedValue: Decimal;
  closedQuantity: Decimal;
  closedValue: Decimal;
  fees: Decimal;
  lastTime: number;
}

/**
 * Builds trades one fill at a time, so a long run keeps only the trades, never every fill: `add` each
 * fill in the order it was booked, then `finish` once the data ends.
 */
export class TradeBook {
  readonly #open = new Map<string, Building>();
  readonly #done: Trade[] = [];

  add(fill: TradeFill): void {
    const key = `${fill.strategyId}\u0000${fill.symbol}`;
    let remaining = fill.side === 'BUY' ? fill.quantity : fill.quantity.neg();
    while (!remaining.isZero()) {
      const trade = this.#open.get(key);
      if (trade === undefined) {
        this.#open.set(key, opened(fill, remaining, feesFor(fill, remaining)));
        return;
      }
      if (trade.position.isPos() === remaining.isPos()) {
        add(trade, fill, remaining, remaining.abs(), feesFor(fill, remaining));
        return;
      }
      // Against the position: closes up to its size; whatever is left opens the other way.
      const closing = smallerOf(remaining.abs(), trade.position.abs());
      const signedClosing = remaining.isPos() ? closing : closing.neg();
      reduce(trade, fill, signedClosing, feesFor(fill, signedClosing));
      remaining = remaining.minus(signedClosing);
      if (trade.position.isZero()) {
        this.#done.push(finished(trade, undefined));
        this.#open.delete(key);
      }
    }
  }

  /** Every trade by entry time; one still open is valued at `closeOf(symbol)` and ends at `endTime`. */
  finish(closeOf: (symbol: string) => Decimal | undefined, endTime: number): Trade[] {
    const stillOpen = [...this.#open.values()].map((trade) => finished(trade, { close: closeOf(trade.symbol), time: endTime }));
    return [...this.#done, ...stillOpen].sort((a, b) => a.entryTime - b.entryTime);
  }
}

/** What a trade needs of a fill. */
export type TradeFill = Pick<RecordedFill, 'strategyId' | 'symbol' | 'side' | 'quantity' | 'price' | 'time' | 'fees'>;

/** The trades of `fills` (in the order they were booked), as TradeBook builds them. */
export function tradesOf(fills: readonly TradeFill[], closeOf: (symbol: string) => Decimal | undefined, endTime: number): Trade[] {
  const book = new TradeBook();
  for (const fill of fills) book.add(fill);
  return book.finish(closeOf, endTime);
}

/** The part of a fill's fees that goes with `part` of its quantity. */
function feesFor(fill: TradeFill, part: Decimal): Decimal {
  return part.abs().eq(fill.quantity) ? fill.fees : fill.fees.times(part.abs()).div(fill.quantity);
}

function opened(fill: TradeFill, signed: Decimal, fees: Decimal): Building {
  return {
    strategyId: fill.strategyId,
    symbol: fill.symbol,
    direction: signed.isPos() ? 'long' : 'short',
    position: signed,
    peak: signed.abs(),
    entryTime: fill.time,
    openedQuantity: signed.abs(),
    openedValue: signed.abs().times(fill.price),
    closedQuantity: ZERO,
    closedValue: ZERO,
    fees,
    lastTime: fill.time,
  };
}

function add(trade: Building, fill: TradeFill, signed: Decimal, quantity: Decimal, fees: Decimal): void {
  trade.position = trade.position.plus(signed);
  if (trade.position.abs().gt(trade.peak)) trade.peak = trade.position.abs();
  trade.openedQuantity = trade.openedQuantity.plus(quantity);
  trade.openedValue = trade.openedValue.plus(quantity.times(fill.price));
  trade.fees = trade.fees.plus(fees);
  trade.lastTime = fill.time;
}

function reduce(trade: Building, fill: TradeFill, signed: Decimal, fees: Decimal): void {
  trade.position = trade.position.plus(signed);
  trade.closedQuantity = trade.closedQuantity.plus(signed.abs());
  trade.closedValue = trade.closedValue.plus(signed.abs().times(fill.price));
  trade.fees = trade.fees.plus(fees);
  trade.lastTime = fill.time;
}

function finished(trade: Building, stillOpen: { readonly close: Decimal | undefined; readonly time: number } | undefined): Trade {
  const entryPrice = trade.openedValue.div(trade.openedQuantity);
  // An open trade's rest is valued at the last close (at its entry price when the symbol never traded again).
  const rest = trade.position.abs();
  const restValue = stillOpen === undefined ? ZERO : rest.times(stillOpen.close ?? entryPrice);
  const exitQuantity = trade.closedQuantity.plus(stillOpen === undefined ? ZERO : rest);
  const exitValue = trade.closedValue.plus(restValue);
  // Long: what the exits brought minus what the entries cost; short: the other way round.
  const gross = trade.direction === 'long' ? exitValue.minus(trade.openedValue) : trade.openedValue.minus(exitValue);
  const exitTime = stillOpen?.time ?? trade.lastTime;
  const base = {
    strategyId: trade.strategyId,
    symbol: trade.symbol,
    direction: trade.direction,
    quantity: trade.peak,
    entryTime: trade.entryTime,
    entryPrice,
    grossPnl: gross,
    fees: trade.fees,
    netPnl: gross.minus(trade.fees),
    entryValue: trade.openedValue,
    holdingMs: exitTime - trade.entryTime,
    open: stillOpen !== undefined,
  };
  if (stillOpen !== undefined) return base;
  return { ...base, exitTime, exitPrice: exitValue.div(exitQuantity) };
}

function smallerOf(a: Decimal, b: Decimal): Decimal {
  return a.lt(b) ? a : b;
}
