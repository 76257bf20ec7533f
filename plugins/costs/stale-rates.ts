/**
 * Which rates a run could not vouch for: a table past its verifiedThrough date (its last rate carried
 * forward) or before its first row (the IBKR plans' oldest row carried back). Counted per fill, said once
 * when first used, and summed up in the run summary's costs.staleRates.
 */
import type { Side } from '../../core/domain/types.js';
import { addDays } from '../../core/market/civil-date.js';
import type { PlanName } from './commission.js';
import type { DayRates, RateBook, RateLookup, RateStatus, RateTableName, DatedRow } from './tables.js';

/** The tables a fill under `plan` reads: the plan's own, CAT on every fill, SEC and TAF only on a sale. */
const BUY_TABLES: readonly RateTableName[] = ['ibkr-us-stocks', 'cat-fee'];
const SELL_TABLES: readonly RateTableName[] = ['ibkr-us-stocks', 'cat-fee', 'sec-section-31', 'finra-taf'];

export function tablesOwedBy(plan: PlanName, side: Side): readonly RateTableName[] {
  if (plan === 'zero') return [];
  return side === 'SELL' ? SELL_TABLES : BUY_TABLES;
}

/** One table whose rate was not verified for some fills: the summary's costs.staleRates entry. */
export interface StaleRateUse {
  readonly table: RateTableName;
  readonly status: Exclude<RateStatus, 'verified'>;
  readonly verifiedThrough: string;
  /** The row that was used and where it came from. */
  readonly rateFrom: string;
  readonly source: string;
  readonly firstTradeDate: string;
  readonly lastTradeDate: string;
  readonly fills: number;
}

/** The sentence a user reads: what was assumed, since when, and what to do about it. */
export function describeStale(lookup: RateLookup<DatedRow>, tradeDate: string): string {
  const { table, row, status } = lookup;
  if (status === 'carried-back') {
    return `the ${table.name} table starts on ${table.firstDate}; its oldest rates (from ${row.from}, ${row.origin.source}) are carried back to ${tradeDate}`;
  }
  return `the ${table.name} table was verified through ${table.verifiedThrough}; on ${tradeDate} its last rate (in force from ${row.from}, ${row.origin.source}) is carried forward until a newer one is added`;
}

export const STALE_RATES_REMEDY = 'when a newer rate is published, add it under safety.costs.rates in the config or in a file named by safety.costs.ratesFiles (docs/costs.md); nothing in the installed package needs editing';

/** For a rate carried back: the rates of those older dates, if the user has them, go in the same places. */
export const CARRIED_BACK_REMEDY = 'if you have the rates in force on those dates, add them with their sources under safety.costs.rates or in a file named by safety.costs.ratesFiles (docs/costs.md)';

export function remedyFor(status: Exclude<RateStatus, 'verified'>): string {
  return status === 'carried-back' ? CARRIED_BACK_REMEDY : STALE_RATES_REMEDY;
}

/** Counts fills per table and status; `onFirst` is told the first time each table goes stale, so it is said once. */
export class StaleRateTally {
  readonly #uses = new Map<string, { -readonly [K in keyof StaleRateUse]: StaleRateUse[K] }>();
  readonly #onFirst: (lookup: RateLookup<DatedRow>, tradeDate: string) => void;

  constructor(onFirst: (lookup: RateLookup<DatedRow>, tradeDate: string) => void) {
    this.#onFirst = onFirst;
  }

  /** A fill on `day` read `tables`: count those whose rate was not verified. */
  record(day: DayRates, tables: readonly RateTableName[]): void {
    for (const name of tables) {
      const lookup = day.lookup(name);
      if (lookup.status === 'verified') continue;
      const key = `${name}:${lookup.status}`;
      const use = this.#uses.get(key);
      if (use !== undefined) {
        use.fills++;
        if (day.date > use.lastTradeDate) use.lastTradeDate = day.date;
        continue;
      }
      this.#uses.set(key, {
        table: name,
        status: lookup.status,
        verifiedThrough: lookup.table.verifiedThrough,
        rateFrom: lookup.row.from,
        source: `${lookup.row.origin.source} (${lookup.row.origin.kind === 'built-in' ? 'built-in' : lookup.row.origin.file})`,
        firstTradeDate: day.date,
        lastTradeDate: day.date,
        fills: 1,
      });
      this.#onFirst(lookup, day.date);
    }
  }

  uses(): StaleRateUse[] {
    return [...this.#uses.values()].map((u) => ({ ...u }));
  }

  /** One line per table for the top of the run summary. */
  notices(): string[] {
    return this.uses().map((u) => u.status === 'carried-back'
      ? `estimated costs: ${u.fills} ${u.fills === 1 ? 'fill' : 'fills'} from ${u.firstTradeDate} used the ${u.table} rates carried back from ${u.rateFrom}, before the table's first sourced row`
      : `estimated costs: ${u.fills} ${u.fills === 1 ? 'fill' : 'fills'} from ${u.firstTradeDate} used the ${u.table} rate carried forward past ${u.verifiedThrough}, the date it was verified through`);
  }
}

/**
 * What a run over the trade dates `from`..`to` will assume, before it starts: each table that will be
 * carried forward (from the day after it was verified through) or back (before its first row). A table
 * that cannot be carried back and starts after `from` is not here: its lookup fails closed.
 */
export function staleRatesAhead(book: RateBook, plan: PlanName, from: string, to: string): { lookup: RateLookup<DatedRow>; date: string }[] {
  if (plan === 'zero') return [];
  const found: { lookup: RateLookup<DatedRow>; date: string }[] = [];
  for (const table of book.tables()) {
    if (from < table.firstDate && table.beforeFirstRow === 'carry-back') found.push({ lookup: table.lookup(from), date: from });
    const firstStale = addDays(table.verifiedThrough, 1);
    if (to >= firstStale) {
      const date = from > firstStale ? from : firstStale;
      found.push({ lookup: table.lookup(date), date });
    }
  }
  return found;
}
