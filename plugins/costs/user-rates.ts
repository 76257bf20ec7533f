/** The rows a user adds in `safety.costs.rates`, as the tables take them: table by table, in the order written. */
import { RATE_TABLE_NAMES, type RateTableName } from '../../core/config/rate-tables-schema.js';
import type { RawRow } from './table-rows.js';
import type { UserRows } from './tables.js';

/** `safety.costs.rates` after the schema accepted it. */
export type UserRates = Readonly<Partial<Record<RateTableName, { readonly verifiedThrough?: string; readonly rows: readonly RawRow[] }>>>;

export function userRowsOf(rates: UserRates, file: string): UserRows[] {
  return RATE_TABLE_NAMES.flatMap((table) => {
    const given = rates[table];
    return given === undefined ? [] : [{ table, rows: given.rows, verifiedThrough: given.verifiedThrough, file }];
  });
}
