/**
 * How the report writes figures: decimal strings rounded half-even to a fixed number of places, thousands
 * grouped, a true minus sign; times in New York, where the sessions are. Never the reader's locale, so
 * the same record always gives the same page.
 */
import { DateTime } from 'luxon';
import { Dec, type Decimal } from '../domain/money.js';

const MINUS = '\u2212';
const DASH = '\u2014';

/** A decimal string as a Decimal, or undefined for what is not a finite number (a ratio with nothing under it). */
function parsed(value: string): Decimal | undefined {
  try {
    const number = new Dec(value);
    return number.isFinite() ? number : undefined;
  } catch {
    return undefined;
  }
}

function grouped(value: Decimal, places: number, signed: boolean): string {
  const [whole = '0', fraction] = value.abs().toFixed(places).split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
  const rounded = new Dec(value.toFixed(places));
  if (rounded.isZero()) return digits;
  if (rounded.isNegative()) return MINUS + digits;
  return signed ? `+${digits}` : digits;
}

/** 1,234.50 and −1,234.50; a figure without a value (null) is a dash. */
export function money(value: string | null, options: { signed?: boolean } = {}): string {
  if (value === null) return DASH;
  const number = parsed(value);
  return number === undefined ? (value === '' ? DASH : value) : grouped(number, 2, options.signed ?? false);
}

/** A percent figure as given (8.9377 → 8.94%). */
export function percent(value: string | null, options: { signed?: boolean; places?: number } = {}): string {
  if (value === null) return DASH;
  const number = parsed(value);
  return number === undefined ? (value === '' ? DASH : value) : `${grouped(number, options.places ?? 2, options.signed ?? false)}%`;
}

/**
 * A fall as a loss: −8.34% whichever sign the figure came with (the record gives drawdowns as positive
 * magnitudes), so it never reads as a gain.
 */
export function fall(value: string): string {
  const number = parsed(value);
  return number === undefined ? value : number.abs().neg().toString();
}

/** Sharpe, profit factor, turnover: two places; infinity spelled as such. */
export function ratio(value: string | null): string {
  if (value === null) return DASH;
  const number = parsed(value);
  if (number !== undefined) return grouped(number, 2, false);
  return /^\+?inf/i.test(value) ? '\u221e' : value === '' ? DASH : value;
}

/** Whether a decimal string is below zero: the class that colours it. */
export function tone(value: string | null): 'up' | 'down' | 'flat' {
  if (value === null) return 'flat';
  let number: Decimal;
  try {
    number = new Dec(value);
  } catch {
    return 'flat';
  }
  if (number.isNaN() || number.isZero()) return 'flat';
  return number.isNegative() ? 'down' : 'up';
}

/** A holding time: minutes under an hour, hours under a day, then days — the unit chosen by the rounded value, so never `60 min` or `24.0 h`. */
export function duration(ms: number | null): string {
  if (ms === null) return DASH;
  const minutes = ms / 60_000;
  if (Math.round(minutes) < 60) return `${Math.round(minutes)} min`;
  if (Number((minutes / 60).toFixed(1)) < 24) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / (24 * 60)).toFixed(1)} d`;
}

/** An instant as New York wall time, to the minute. */
export function nyTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat('yyyy-MM-dd HH:mm');
}

export const NOTHING = DASH;
