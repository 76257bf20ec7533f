/**
 * The dated rate tables: the ones Robo ships (plugins/costs/tables/*.json) merged with rows a user adds,
 * looked up by New York trade date. A rate is in force until it is superseded, so a date past a table's
 * `verifiedThrough` gets its last row, marked carried forward; a date before its first row fails closed
 * with ROBO_ERR_COST_COVERAGE, except for the IBKR plans, whose oldest row is carried back.
 */
import { RoboError } from '../../core/domain/errors.js';
import type { Decimal } from '../../core/domain/money.js';
import type { RateTableName } from '../../core/config/rate-tables-schema.js';
import { parseRows, readBuiltinTable, type RawRow } from './table-rows.js';
// tsc copies JSON files it sees imported next to the emitted module, as for the exchange calendar.
import catData from './tables/cat-fee.json' with { type: 'json' };
import tafData from './tables/finra-taf.json' with { type: 'json' };
import ibkrData from './tables/ibkr-us-stocks.json' with { type: 'json' };
import secData from './tables/sec-section-31.json' with { type: 'json' };

export type { RateTableName };

/** Where a row came from: shipped with Robo, or given by the user (the config, or a rates file). */
export interface RowOrigin {
  readonly kind: 'built-in' | 'config';
  /** The file the row was read from, e.g. plugins/costs/tables/sec-section-31.json or rates/sec-2027.yaml. */
  readonly file: string;
  /** Its first source's title: what the rate is vouched for by. */
  readonly source: string;
  /** The last trade date the row was checked for: past it (while still in force) the rate is carried forward. */
  readonly verifiedThrough: string;
}

export interface DatedRow {
  readonly from: string;
  readonly origin: RowOrigin;
}

export interface SecRow extends DatedRow { readonly rate: Decimal }
export interface TafRow extends DatedRow { readonly perShare: Decimal; readonly maxPerTrade: Decimal }
export interface CatRow extends DatedRow { readonly perShare: Decimal }

export interface FixedPlanRates {
  readonly perShare: Decimal;
  readonly minimum: Decimal;
  readonly maxRateOfValue: Decimal;
}

export interface Tier {
  /** The month's share count this tier ends at (exclusive of later shares); undefined for the last tier. */
  readonly upTo: Decimal | undefined;
  readonly perShare: Decimal;
}

export interface TieredPlanRates {
  readonly tiers: readonly Tier[];
  readonly minimum: Decimal;
  readonly maxRateOfValue: Decimal;
  readonly exchangeFeePerShare: Decimal;
  /** Reg NMS Rule 610(c): an access fee is at most 0.3% of the price under 1.00, so at most this share of the value. */
  readonly exchangeFeeMaxRateOfValue: Decimal;
  readonly clearingFeePerShare: Decimal;
  readonly clearingMaxRateOfValue: Decimal;
  readonly nysePassThroughRate: Decimal;
  readonly finraPassThroughRate: Decimal;
}

export interface IbkrRow extends DatedRow { readonly fixed: FixedPlanRates; readonly tiered: TieredPlanRates }

/**
 * verified: on or before the table's verifiedThrough date; carried-forward: after it, the last row still
 * applies; carried-back: before the first row of a table that may be carried back (the IBKR plans).
 */
export type RateStatus = 'verified' | 'carried-forward' | 'carried-back';

export interface RateLookup<Row extends DatedRow> {
  readonly table: RateTable<Row>;
  readonly row: Row;
  readonly status: RateStatus;
}

/** The rates in force on one trade date. Each table is looked up only when read, so a buy never consults the SEC or TAF table. */
export interface RatesOn {
  readonly date: string;
  readonly sec: SecRow;
  readonly taf: TafRow;
  readonly cat: CatRow;
  readonly ibkr: IbkrRow;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One table: its rows by effective date (built-in and user rows merged), and how far they were checked. */
export class RateTable<Row extends DatedRow> {
  readonly name: RateTableName;
  /** The file Robo ships it in, relative to the package: named in messages. */
  readonly file: string;
  readonly rows: readonly Row[];
  /** The furthest date any of its rows was checked for; each row knows its own (RowOrigin.verifiedThrough). */
  readonly verifiedThrough: string;
  /** What a date before the first row gets: a coded error, or the first row marked carried back. */
  readonly beforeFirstRow: 'refuse' | 'carry-back';

  constructor(name: RateTableName, file: string, rows: readonly Row[], verifiedThrough: string, beforeFirstRow: 'refuse' | 'carry-back') {
    this.name = name;
    this.file = file;
    this.rows = rows;
    this.verifiedThrough = verifiedThrough;
    this.beforeFirstRow = beforeFirstRow;
  }

  get firstDate(): string {
    return this.rows[0]!.from;
  }

  /** The row in force on `date` (the last one that starts on or before it) and how sure Robo is of it. */
  lookup(date: string): RateLookup<Row> {
    if (!DATE.test(date)) throw new RangeError(`expected a trade date as yyyy-MM-dd, was ${JSON.stringify(date)}`);
    const row = this.#inForce(date);
    if (row !== undefined) return { table: this, row, status: date > row.origin.verifiedThrough ? 'carried-forward' : 'verified' };
    if (this.beforeFirstRow === 'carry-back') return { table: this, row: this.rows[0]!, status: 'carried-back' };
    throw new RoboError('ROBO_ERR_COST_COVERAGE', `the ${this.name} table starts on ${this.firstDate}; it has no rate for ${date}`, {
      details: [`  rates come from ${this.file}; Robo does not guess a fee it has no source for`],
    });
  }

  #inForce(date: string): Row | undefined {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i]!.from <= date) return this.rows[i];
    return undefined;
  }
}

/** Rows a user adds to one table: from `safety.costs.rates` or a rates file. */
export interface UserRows {
  readonly table: RateTableName;
  readonly rows: readonly RawRow[];
  readonly verifiedThrough?: string | undefined;
  /** Where they were written, e.g. robo.config.yaml or rates/sec-2027.yaml. */
  readonly file: string;
}

/** Every table a run charges from, looked up through one cache of the last trade date asked for. */
export class RateBook {
  readonly sec: RateTable<SecRow>;
  readonly taf: RateTable<TafRow>;
  readonly cat: RateTable<CatRow>;
  readonly ibkr: RateTable<IbkrRow>;
  #last: DayRates | undefined;

  constructor(tables: { sec: RateTable<SecRow>; taf: RateTable<TafRow>; cat: RateTable<CatRow>; ibkr: RateTable<IbkrRow> }) {
    ({ sec: this.sec, taf: this.taf, cat: this.cat, ibkr: this.ibkr } = tables);
  }

  tables(): readonly RateTable<DatedRow>[] {
    return [this.sec, this.taf, this.cat, this.ibkr];
  }

  table(name: RateTableName): RateTable<DatedRow> {
    return this.tables().find((t) => t.name === name)!;
  }

  /** The rates of a trade date; every fill of a day asks for the same ones, so the last date is kept. */
  on(tradeDate: string): DayRates {
    if (this.#last?.date !== tradeDate) this.#last = new DayRates(this, tradeDate);
    return this.#last;
  }

  /** A new book with the user's rows merged in, in the order given: a row with the same `from` as an earlier one replaces it. */
  withUserRows(additions: readonly UserRows[]): RateBook {
    if (additions.length === 0) return this;
    const merge = <Row extends DatedRow>(table: RateTable<Row>): RateTable<Row> => {
      const mine = additions.filter((a) => a.table === table.name);
      if (mine.length === 0) return table;
      const rows = new Map(table.rows.map((row) => [row.from, row]));
      let verifiedThrough = table.verifiedThrough;
      for (const addition of mine) {
        // A user's rows are vouched for as far as they say they checked them; without a word, no further than
        // their last row's own date, nor short of the built-in rows they correct.
        const lastOwn = addition.rows.map((row) => String(row['from'])).sort().at(-1)!;
        const vouched = addition.verifiedThrough ?? (lastOwn > table.verifiedThrough ? lastOwn : table.verifiedThrough);
        const parsed = parseRows(table.name, addition.rows, { kind: 'config', file: addition.file, verifiedThrough: vouched }) as unknown as readonly Row[];
        for (const row of parsed) rows.set(row.from, row);
        if (vouched > verifiedThrough) verifiedThrough = vouched;
      }
      const merged = [...rows.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      return new RateTable(table.name, table.file, merged, verifiedThrough, table.beforeFirstRow);
    };
    return new RateBook({ sec: merge(this.sec), taf: merge(this.taf), cat: merge(this.cat), ibkr: merge(this.ibkr) });
  }
}

/** The lookups of one trade date, each made on first use and kept. */
export class DayRates implements RatesOn {
  readonly date: string;
  readonly #book: RateBook;
  #sec: RateLookup<SecRow> | undefined;
  #taf: RateLookup<TafRow> | undefined;
  #cat: RateLookup<CatRow> | undefined;
  #ibkr: RateLookup<IbkrRow> | undefined;

  constructor(book: RateBook, date: string) {
    this.#book = book;
    this.date = date;
  }

  get sec(): SecRow { return this.secLookup().row; }
  get taf(): TafRow { return this.tafLookup().row; }
  get cat(): CatRow { return this.catLookup().row; }
  get ibkr(): IbkrRow { return this.ibkrLookup().row; }

  secLookup(): RateLookup<SecRow> { return (this.#sec ??= this.#book.sec.lookup(this.date)); }
  tafLookup(): RateLookup<TafRow> { return (this.#taf ??= this.#book.taf.lookup(this.date)); }
  catLookup(): RateLookup<CatRow> { return (this.#cat ??= this.#book.cat.lookup(this.date)); }
  ibkrLookup(): RateLookup<IbkrRow> { return (this.#ibkr ??= this.#book.ibkr.lookup(this.date)); }

  lookup(name: RateTableName): RateLookup<DatedRow> {
    switch (name) {
      case 'sec-section-31': return this.secLookup();
      case 'finra-taf': return this.tafLookup();
      case 'cat-fee': return this.catLookup();
      case 'ibkr-us-stocks': return this.ibkrLookup();
    }
  }
}

const DIR = 'plugins/costs/tables';

function loadBuiltin(): RateBook {
  const table = <Row extends DatedRow>(raw: unknown, file: string, beforeFirstRow: 'refuse' | 'carry-back'): RateTable<Row> => {
    const { name, rows, verifiedThrough } = readBuiltinTable(raw, `${DIR}/${file}`);
    return new RateTable(name, `${DIR}/${file}`, rows as unknown as readonly Row[], verifiedThrough, beforeFirstRow);
  };
  return new RateBook({
    sec: table<SecRow>(secData, 'sec-section-31.json', 'refuse'),
    taf: table<TafRow>(tafData, 'finra-taf.json', 'refuse'),
    cat: table<CatRow>(catData, 'cat-fee.json', 'refuse'),
    // IBKR's own plans before the oldest sourced row: that row is the best estimate there is, and says so.
    ibkr: table<IbkrRow>(ibkrData, 'ibkr-us-stocks.json', 'carry-back'),
  });
}

let builtin: RateBook | undefined;

/** The tables Robo ships, parsed and checked once per process. */
export function builtinRateBook(): RateBook {
  builtin ??= loadBuiltin();
  return builtin;
}

/** The built-in rates of every table on one trade date, each looked up when read. */
export function ratesOn(tradeDate: string): DayRates {
  return builtinRateBook().on(tradeDate);
}
