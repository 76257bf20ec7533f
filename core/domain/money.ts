/**
 * The one Decimal of Robo. Money, prices and quantities are built here and only here, from strings,
 * with a private configuration that no dependency can change through `Decimal.set`.
 */
import { Decimal as DecimalJs } from 'decimal.js';

export const Dec = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = InstanceType<typeof Dec>;
export type DecimalInput = string | Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** Builds a Decimal from a string or another Decimal. Numbers are refused on purpose: use `decimalFromNumber`. */
export function dec(value: DecimalInput): Decimal {
  return new Dec(value);
}

/**
 * Turns a JS number that came from market data or a parsed config into a Decimal through its shortest
 * round-trip string, so 0.1 stays 0.1 and never becomes 0.1000000000000000055511151231257827.
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`expected a finite number, was ${value}`);
  return new Dec(String(value));
}

export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}

/** Tick size under Reg NMS Rule 612: one cent at or above one dollar, a hundredth of a cent below. */
export function regNmsTick(price: Decimal): Decimal {
  return price.gte(1) ? new Dec('0.01') : new Dec('0.0001');
}

/**
 * Snaps a limit price to the tick grid on the side that never pays more than asked:
 * a buy rounds down, a sell rounds up.
 */
export function snapToTick(price: Decimal, tick: Decimal, side: 'BUY' | 'SELL'): Decimal {
  if (tick.lte(0)) throw new RangeError(`expected a positive tick, was ${tick.toString()}`);
  return price.toNearest(tick, side === 'BUY' ? Dec.ROUND_DOWN : Dec.ROUND_UP);
}

/** Fixed-scale text for logs, journals and JSON output (never exponent notation). */
export function toFixedString(value: Decimal, places = 2): string {
  return value.toFixed(places);
}
