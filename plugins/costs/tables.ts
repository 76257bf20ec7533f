/**
 * The dated rate tables (plugins/costs/tables/*.json), parsed once into Decimal rows: a rate is looked up
 * by New York trade date and a date outside a table's coverage fails closed with ROBO_ERR_COST_COVERAGE.
 */
import { RoboError } from '../../core/domain/errors.js';
import { dec, type Decimal } from '../../core/domain/money.js';
// tsc copies JSON files it sees imported next to the emitted module, as for the exchange calendar.
import catData from './tables/cat-fee.json' with { type: 'json' };
import tafData from './tables/finra-taf.json' with { type: 'json' };
import ibkrData from './tables/ibkr-us-stocks.json' with { type: 'json' };
import secData from './tables/sec-section-31.json' with { type: 'json' };

export interface SecRow { readonly from: string; readonly rate: Decimal }
export interface TafRow { readonly from: string; readonly perShare: Decimal; readonly maxPerTrade: Decimal }
export interface CatRow { readonly from: string; readonly perShare: Decimal }

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
  readonly clearingFeePerShare: Decimal;
  readonly clearingMaxRateOfValue: Decimal;
  readonly nysePassThroughRate: Decimal;
  readonly finraPassThroughRate: Decimal;
}

export interface IbkrRow { readonly from: string; readonly fixed: FixedPlanRates; readonly tiered: TieredPlanRates }

/** The rates in force on one trade date, from every table. */
export interface RatesOn {
  readonly date: string;
  readonly sec: SecRow;
  readonly taf: TafRow;
  readonly cat: CatRow;
  readonly ibkr: IbkrRow;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** One table: rows by effective date, and the dates its sources vouch for. */
export class DatedTable<Row extends { readonly from: string }> {
  readonly name: string;
  readonly file: string;
  readonly coverage: { readonly from: string; readonly to: string };
  readonly rows: readonly Row[];

  constructor(name: string, file: string, coverage: { from: string; to: string }, rows: readonly Row[]) {
    this.name = name;
    this.file = file;
    this.coverage = coverage;
    this.rows = rows;
  }

  /** The row in force on `date` (the last one that starts on or before it); outside coverage, a coded error. */
  on(date: string): Row {
    if (!DATE.test(date)) throw new RangeError(`expected a trade date as yyyy-MM-dd, was ${JSON.stringify(date)}`);
    const { from, to } = this.coverage;
    const row = [...this.rows].reverse().find((r) => r.from <= date);
    if (date < from || date > to || row === undefined) {
      throw new RoboError('ROBO_ERR_COST_COVERAGE', `the ${this.name} table covers trade dates ${from} to ${to}, not ${date}`, {
        details: [`  rates come from ${this.file}; Robo does not guess a fee it has no source for`],
      });
    }
    return row;
  }
}

/** Reads a table file, checking its whole shape; a malformed bundled table is a bug, never a guess. */
function readTable<Row extends { readonly from: string }>(raw: unknown, file: string, parseRow: (row: Record<string, unknown>, at: string, fail: Fail) => Omit<Row, 'from'>): DatedTable<Row> {
  const fail = (at: string, expected: string, was: unknown): never => {
    throw new RoboError('ROBO_ERR_INTERNAL', `${file}: ${at} expected ${expected}, was ${JSON.stringify(was)}`);
  };
  const root = record(raw, '(root)', fail);
  if (root['schemaVersion'] !== 1) fail('schemaVersion', 'the number 1', root['schemaVersion']);
  const name = typeof root['table'] === 'string' ? root['table'] : fail('table', 'a table name', root['table']);
  const coverageRaw = record(root['coverage'], 'coverage', fail);
  const coverage = { from: date(coverageRaw['from'], 'coverage.from', fail), to: date(coverageRaw['to'], 'coverage.to', fail) };
  if (!Array.isArray(root['rows']) || root['rows'].length === 0) fail('rows', 'a non-empty list', root['rows']);
  const rows = (root['rows'] as unknown[]).map((item, i) => {
    const at = `rows[${i}]`;
    const row = record(item, at, fail);
    const from = date(row['from'], `${at}.from`, fail);
    const sources = row['sources'];
    if (!Array.isArray(sources) || sources.length === 0) fail(`${at}.sources`, 'at least one source', sources);
    if (row['evidence'] !== 'primary' && row['evidence'] !== 'secondary') fail(`${at}.evidence`, 'primary or secondary', row['evidence']);
    return { ...parseRow(row, at, fail), from } as Row;
  });
  rows.forEach((row, i) => {
    if (i > 0 && row.from <= rows[i - 1]!.from) fail(`rows[${i}].from`, `a date after ${rows[i - 1]!.from} (rows in order)`, row.from);
  });
  if (rows[0]!.from > coverage.from) fail('coverage.from', `a date on or after the first row (${rows[0]!.from})`, coverage.from);
  return new DatedTable(name, file, coverage, rows);
}

type Fail = (at: string, expected: string, was: unknown) => never;

function record(value: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(at, 'an object', value);
  return value as Record<string, unknown>;
}

function date(value: unknown, at: string, fail: Fail): string {
  return typeof value === 'string' && DATE.test(value) ? value : fail(at, 'a date as yyyy-MM-dd', value);
}

/** Rates are decimal strings in the files, so they never pass through a binary float. */
function amount(row: Record<string, unknown>, key: string, at: string, fail: Fail): Decimal {
  const value = row[key];
  return typeof value === 'string' && DECIMAL.test(value) ? dec(value) : fail(`${at}.${key}`, 'a non-negative decimal string such as "0.0000206"', value);
}

function parseTiered(raw: Record<string, unknown>, at: string, fail: Fail): TieredPlanRates {
  if (!Array.isArray(raw['tiers']) || raw['tiers'].length === 0) fail(`${at}.tiers`, 'a non-empty list', raw['tiers']);
  const tiers = (raw['tiers'] as unknown[]).map((item, i) => {
    const tierAt = `${at}.tiers[${i}]`;
    const tier = record(item, tierAt, fail);
    return { upTo: tier['upTo'] === null ? undefined : amount(tier, 'upTo', tierAt, fail), perShare: amount(tier, 'perShare', tierAt, fail) };
  });
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    if (last !== (tier.upTo === undefined)) fail(`${at}.tiers[${i}].upTo`, last ? 'null (the last tier has no end)' : 'a share count', tier.upTo?.toString() ?? null);
    const previous = tiers[i - 1]?.upTo;
    if (tier.upTo !== undefined && previous !== undefined && tier.upTo.lte(previous)) fail(`${at}.tiers[${i}].upTo`, `more than ${previous.toString()}`, tier.upTo.toString());
  });
  const rate = (key: string): Decimal => amount(raw, key, at, fail);
  return {
    tiers,
    minimum: rate('minimum'),
    maxRateOfValue: rate('maxRateOfValue'),
    exchangeFeePerShare: rate('exchangeFeePerShare'),
    clearingFeePerShare: rate('clearingFeePerShare'),
    clearingMaxRateOfValue: rate('clearingMaxRateOfValue'),
    nysePassThroughRate: rate('nysePassThroughRate'),
    finraPassThroughRate: rate('finraPassThroughRate'),
  };
}

const DIR = 'plugins/costs/tables';

function load(): { sec: DatedTable<SecRow>; taf: DatedTable<TafRow>; cat: DatedTable<CatRow>; ibkr: DatedTable<IbkrRow> } {
  return {
    sec: readTable<SecRow>(secData, `${DIR}/sec-section-31.json`, (row, at, fail) => ({ rate: amount(row, 'rate', at, fail) })),
    taf: readTable<TafRow>(tafData, `${DIR}/finra-taf.json`, (row, at, fail) => ({ perShare: amount(row, 'perShare', at, fail), maxPerTrade: amount(row, 'maxPerTrade', at, fail) })),
    cat: readTable<CatRow>(catData, `${DIR}/cat-fee.json`, (row, at, fail) => ({ perShare: amount(row, 'perShare', at, fail) })),
    ibkr: readTable<IbkrRow>(ibkrData, `${DIR}/ibkr-us-stocks.json`, (row, at, fail) => {
      const fixed = record(row['fixed'], `${at}.fixed`, fail);
      return {
        fixed: { perShare: amount(fixed, 'perShare', `${at}.fixed`, fail), minimum: amount(fixed, 'minimum', `${at}.fixed`, fail), maxRateOfValue: amount(fixed, 'maxRateOfValue', `${at}.fixed`, fail) },
        tiered: parseTiered(record(row['tiered'], `${at}.tiered`, fail), `${at}.tiered`, fail),
      };
    }),
  };
}

let tables: ReturnType<typeof load> | undefined;

/** Every bundled table, parsed and checked once per process. */
export function costTables(): ReturnType<typeof load> {
  tables ??= load();
  return tables;
}

/** The rates of every table on one trade date; fails closed when any table does not cover it. */
export function ratesOn(tradeDate: string): RatesOn {
  const t = costTables();
  return { date: tradeDate, sec: t.sec.on(tradeDate), taf: t.taf.on(tradeDate), cat: t.cat.on(tradeDate), ibkr: t.ibkr.on(tradeDate) };
}
