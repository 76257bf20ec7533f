/**
 * `robo data fetch`'s command line, checked before anything connects: every mistake is a usage error
 * (exit 2) that says what was expected and what was given.
 */
import { RoboError } from '../domain/errors.js';
import { SYMBOL_EXPECTATION, isSymbol } from '../domain/symbol.js';
import { isCalendarDate } from '../market/civil-date.js';
import type { Coverage } from '../market/calendar.js';
import { barSecondsOf } from './bar-names.js';

export interface FetchCommandOptions {
  readonly symbols?: string;
  readonly from?: string;
  readonly to?: string;
  readonly bar?: string;
  readonly config?: string;
  readonly cache?: string;
  readonly json?: boolean;
  readonly logLevel?: string;
}

export interface FetchArguments {
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly bar: string;
  readonly barSeconds: number;
}

const usage = (message: string): RoboError => new RoboError('ROBO_ERR_USAGE', message);

/** `today`: the New York date now; a day is fetched only once it has ended, or its empty answer would be cached for good. */
export function fetchArguments(options: FetchCommandOptions, today: string): FetchArguments {
  const symbols = symbolList(options.symbols ?? '');
  const from = date('--from', options.from);
  const to = date('--to', options.to);
  if (from > to) throw usage(`--from: expected a date on or before --to (${to}), was ${from}`);
  if (to >= today) throw usage(`--to: expected a day that has ended (before today, ${today}, in New York), was ${to}`);
  const bar = options.bar ?? '';
  return { symbols, from, to, bar, barSeconds: barSecondsOf(bar) };
}

/** The calendar says which days are sessions; outside its coverage it cannot, and Robo never guesses. */
export function requireCoveredRange(args: Pick<FetchArguments, 'from' | 'to'>, coverage: Coverage): void {
  if (args.from < coverage.from || args.to > coverage.to) {
    throw usage(`--from, --to: expected dates inside the exchange calendar's coverage, ${coverage.from} to ${coverage.to}, was ${args.from} to ${args.to}`);
  }
}

function symbolList(text: string): readonly string[] {
  const symbols = text.split(',').map((symbol) => symbol.trim()).filter((symbol) => symbol !== '');
  if (symbols.length === 0) throw usage(`--symbols: expected one or more symbols separated by commas (SPY,QQQ), was ${JSON.stringify(text)}`);
  const bad = symbols.find((symbol) => !isSymbol(symbol));
  if (bad !== undefined) throw usage(`--symbols: expected ${SYMBOL_EXPECTATION}, was ${JSON.stringify(bad)}`);
  return [...new Set(symbols)];
}

function date(option: string, value: string | undefined): string {
  if (value === undefined || !isCalendarDate(value)) {
    throw usage(`${option}: expected a New York trade date written yyyy-mm-dd (2026-03-02), was ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return value;
}
