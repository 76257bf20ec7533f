/**
 * The bar lengths a strategy may ask for (`timeframe: 5m` in its YAML), and which feed bar lengths
 * (`data.barSeconds`) they can be built from. Windows start at the 09:30 regular open and end at the
 * close, so a feed bar must divide both the timeframe and the half hour between a clock hour and the open.
 */
import { RoboError } from '../domain/errors.js';

/** Every timeframe, shortest first; `1d` is one regular session (shorter on an early close). */
export const TIMEFRAMES = ['1m', '2m', '3m', '5m', '10m', '15m', '20m', '30m', '1h', '2h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** For the config schema: a strategy's `timeframe`. */
export const TIMEFRAME_SCHEMA = {
  type: 'string',
  enum: TIMEFRAMES,
  description:
    'Length of the bars the strategy sees: 1m, 2m, 3m, 5m, 10m, 15m, 20m, 30m (minutes), 1h, 2h, 4h (hours) or 1d (one regular session). ' +
    'They are built from the bars of data.barSeconds, in windows that start at the 09:30 open and end at the close (a last shorter window when the session does not divide evenly; 13:00 on an early close). ' +
    'data.barSeconds must divide both the timeframe and 30 minutes. Bars before the open or after the close are left out. Default: the feed\'s own bars, as they come (docs/timeframes.md).',
} as const;

/**
 * A full regular session, 09:30 to 16:00: the length `1d` stands for. An early close's session is
 * shorter (3.5 hours); aggregation uses each session's own length.
 */
const REGULAR_SESSION_SECONDS = 6.5 * 3600;
/**
 * The regular open, 09:30, is half an hour past a clock hour, and a feed may start its bars on clock
 * hours (IB's do); the closes, 16:00 and 13:00, are on clock hours. A feed bar that divides this fits
 * the windows of every session.
 */
const OPEN_ALIGNMENT_SECONDS = 1800;

const SECONDS: Readonly<Record<Timeframe, number>> = Object.freeze({
  '1m': 60,
  '2m': 120,
  '3m': 180,
  '5m': 300,
  '10m': 600,
  '15m': 900,
  '20m': 1200,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '4h': 14400,
  '1d': REGULAR_SESSION_SECONDS,
});

const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze({ s: 1, m: 60, h: 3600, d: REGULAR_SESSION_SECONDS });

export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === 'string' && Object.hasOwn(SECONDS, value);
}

/**
 * A timeframe as written in YAML. Throws ROBO_ERR_CONFIG_INVALID for anything else, naming the
 * spelling it probably meant (`60m` -> `1h`, `5M` -> `5m`) when there is one.
 */
export function parseTimeframe(value: unknown): Timeframe {
  if (isTimeframe(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const meant = typeof value === 'string' ? sameLengthAs(value) : undefined;
  const hint = meant === undefined ? '' : ` (did you mean ${meant}?)`;
  throw new RoboError('ROBO_ERR_CONFIG_INVALID', `expected a timeframe, one of ${TIMEFRAMES.join(', ')}; was ${shown}${hint}`);
}

/** Length of a timeframe in seconds; `1d` is a full regular session, 23 400 (6.5 hours). */
export function timeframeSeconds(timeframe: Timeframe): number {
  return SECONDS[timeframe];
}

export type Compatibility = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether bars of `barSeconds` can be combined into `timeframe` without one of them crossing a window
 * boundary: the feed's bar must divide the timeframe (so it is never longer) and the 30 minutes between
 * a clock hour and the open. `reason` is a sentence for the config check.
 */
export function compatible(timeframe: Timeframe, barSeconds: number): Compatibility {
  const seconds = SECONDS[timeframe];
  const needed = timeframe === '1d' ? OPEN_ALIGNMENT_SECONDS : gcd(seconds, OPEN_ALIGNMENT_SECONDS);
  if (Number.isSafeInteger(barSeconds) && barSeconds > 0 && needed % barSeconds === 0) return { ok: true };
  const why = needed === seconds ? '' : timeframe === '1d'
    ? ', because its bar runs from the 09:30 open to the close'
    : ', because its windows start at the 09:30 open';
  return { ok: false, reason: `timeframe ${timeframe} needs bars of ${inWords(needed)} or a divisor of it${why}; data.barSeconds is ${barSeconds}` };
}

/** The listed timeframe of the same length as `text` (`60m`, `1H`, `300s`), if any. */
function sameLengthAs(text: string): Timeframe | undefined {
  const match = /^\s*(\d+)\s*([smhd])\s*$/i.exec(text);
  if (match === null) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[(match[2] ?? '').toLowerCase()] ?? Number.NaN);
  return TIMEFRAMES.find((timeframe) => SECONDS[timeframe] === seconds);
}

function inWords(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
