/**
 * Turns rows of a fee table — checked against its JSON Schema (core/config/rate-tables-schema.ts) — into
 * Decimal rows, and finds what a schema cannot say: two rows for one date, tiers out of order.
 */
import type { ValidateFunction } from 'ajv';
import { RoboError } from '../../core/domain/errors.js';
import { dec, type Decimal } from '../../core/domain/money.js';
import { createAjv } from '../../core/config/ajv.js';
import { precompiledValidator } from '../../core/config/precompiled.js';
import { RATE_TABLE_NAMES, rateTableFileSchema, type RateTableName } from '../../core/config/rate-tables-schema.js';
import type { DatedRow, RowOrigin, Tier } from './tables.js';

/** One row as written, already accepted by its table's row schema. */
export type RawRow = Readonly<Record<string, unknown>>;

/** A problem in a list of rows: where (keys below the list) and what, in full words. */
export interface RowProblem {
  readonly at: readonly (string | number)[];
  readonly message: string;
}

let validator: ValidateFunction | undefined;

/** The validator of a whole table file, precompiled by `npm run schema` (compiled here only if that copy is stale). */
export function tableFileValidator(): ValidateFunction {
  validator ??= precompiledValidator(rateTableFileSchema) ?? createAjv().compile(rateTableFileSchema);
  return validator;
}

export function isRateTableName(name: unknown): name is RateTableName {
  return typeof name === 'string' && (RATE_TABLE_NAMES as readonly string[]).includes(name);
}

/** What the schema cannot check in one list of rows (it checks each date is real): dates given once, and tiers that rise and end open. */
export function rowProblems(rows: readonly RawRow[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const from = String(row['from']);
    const earlier = seen.get(from);
    if (earlier !== undefined) problems.push({ at: [i, 'from'], message: `${from} is already the date of row ${earlier}; a table has one row per date` });
    seen.set(from, i);
    const tiered = row['tiered'] as Readonly<Record<string, unknown>> | undefined;
    if (tiered === undefined) return;
    const tiers = tiered['tiers'] as readonly { upTo: string | null }[];
    tiers.forEach((tier, t) => {
      const last = t === tiers.length - 1;
      const at = [i, 'tiered', 'tiers', t, 'upTo'];
      if (last !== (tier.upTo === null)) problems.push({ at, message: last ? 'expected null: the last tier has no end' : 'expected a share count: only the last tier is open-ended' });
      const previous = tiers[t - 1]?.upTo;
      if (tier.upTo !== null && previous !== undefined && previous !== null && dec(tier.upTo).lte(dec(previous))) problems.push({ at, message: `expected more than the tier before (${previous})` });
    });
  });
  return problems;
}

/** Rows accepted by the schema and by rowProblems, as Decimal rows in date order, each knowing where it came from. */
export function parseRows(name: RateTableName, rows: readonly RawRow[], from: Omit<RowOrigin, 'source'>): DatedRow[] {
  const parsed = rows.map((row) => {
    const sources = row['sources'] as readonly { title: string }[];
    const origin: RowOrigin = { ...from, source: sources[0]!.title };
    return { ...ratesOf(name, row), from: String(row['from']), origin };
  });
  return parsed.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function ratesOf(name: RateTableName, row: RawRow): Record<string, unknown> {
  const d = (key: string, of: RawRow = row): Decimal => dec(String(of[key]));
  switch (name) {
    case 'sec-section-31': return { rate: d('rate') };
    case 'finra-taf': return { perShare: d('perShare'), maxPerTrade: d('maxPerTrade') };
    case 'cat-fee': return { perShare: d('perShare') };
    case 'ibkr-us-stocks': {
      const fixed = row['fixed'] as RawRow;
      const tiered = row['tiered'] as RawRow;
      const tiers = (tiered['tiers'] as readonly RawRow[]).map((tier): Tier => ({ upTo: tier['upTo'] === null ? undefined : d('upTo', tier), perShare: d('perShare', tier) }));
      return {
        fixed: { perShare: d('perShare', fixed), minimum: d('minimum', fixed), maxRateOfValue: d('maxRateOfValue', fixed) },
        tiered: {
          tiers,
          minimum: d('minimum', tiered),
          maxRateOfValue: d('maxRateOfValue', tiered),
          exchangeFeePerShare: d('exchangeFeePerShare', tiered),
          exchangeFeeMaxRateOfValue: d('exchangeFeeMaxRateOfValue', tiered),
          clearingFeePerShare: d('clearingFeePerShare', tiered),
          clearingMaxRateOfValue: d('clearingMaxRateOfValue', tiered),
          nysePassThroughRate: d('nysePassThroughRate', tiered),
          finraPassThroughRate: d('finraPassThroughRate', tiered),
        },
      };
    }
  }
}

/** A table Robo ships: checked in full, since a malformed bundled table is a bug, never a guess. */
export function readBuiltinTable(raw: unknown, file: string): { name: RateTableName; rows: DatedRow[]; verifiedThrough: string } {
  const validate = tableFileValidator();
  const fail = (what: string): never => {
    throw new RoboError('ROBO_ERR_INTERNAL', `${file} is not a valid rate table: ${what}`);
  };
  if (!validate(raw)) fail((validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; '));
  const table = raw as { table: RateTableName; rows: RawRow[]; verifiedThrough?: string };
  const problems = rowProblems(table.rows);
  table.rows.forEach((row, i) => {
    if (i > 0 && String(row['from']) <= String(table.rows[i - 1]!['from'])) problems.push({ at: [i, 'from'], message: 'expected rows in date order' });
  });
  if (problems.length > 0) fail(problems.map((p) => `rows[${p.at.join('][')}] ${p.message}`).join('; '));
  if (table.verifiedThrough === undefined) fail('verifiedThrough is missing: a shipped table says how far it was checked');
  const verifiedThrough = table.verifiedThrough!;
  return { name: table.table, rows: parseRows(table.table, table.rows, { kind: 'built-in', file, verifiedThrough }), verifiedThrough };
}
