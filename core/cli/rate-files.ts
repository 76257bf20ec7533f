/**
 * The fee tables a config's run charges from: the built-in ones, then the rows of each file named by
 * `safety.costs.ratesFiles`, then `safety.costs.rates`. Every mistake in a rates file or in the rows is
 * reported like a config error — file:line:col, the path, all at once — and nothing trades.
 */
import { dirname, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { explainAjvErrors } from '../config/explain.js';
import { shownPath, type WrittenValues } from './shown-path.js';
import { configError } from '../config/load.js';
import type { Position } from '../config/locate.js';
import { parseYaml } from '../config/parse-yaml.js';
import type { ConfigProblem, YamlPath } from '../config/problem.js';
import { RATE_TABLE_NAMES, rateTableFileSchema } from '../config/rate-tables-schema.js';
import { readSmallText } from '../config/read-text.js';
import type { RoboConfig } from '../config/schema.js';
import { rowProblems, tableFileValidator, type RawRow } from '../../plugins/costs/table-rows.js';
import { builtinRateBook, type RateBook, type UserRows } from '../../plugins/costs/tables.js';
import { userRowsOf, type UserRates } from '../../plugins/costs/user-rates.js';

/** A rates file is a page of rows; anything larger is a mistake. */
export const MAX_RATES_FILE_BYTES = 256 * 1024;

type Costs = RoboConfig['safety']['costs'];

/**
 * `configFile` as the user named it (messages show paths the way they wrote them); `locate` finds a
 * path of the config in its text, for problems in the config's own keys.
 */
export async function rateBookFor(configFile: string, costs: Costs, loaded: { readonly locate: (path: YamlPath) => Position } & WrittenValues): Promise<RateBook> {
  const { locate } = loaded;
  const configProblems: ConfigProblem[] = [];
  const additions: UserRows[] = [];
  for (const [index, entry] of costs.ratesFiles.entries()) {
    const at: YamlPath = ['safety', 'costs', 'ratesFiles', index];
    const shown = shownPath(configFile, entry, at, loaded);
    const read = await readSmallText(resolve(dirname(resolve(configFile)), entry), MAX_RATES_FILE_BYTES);
    if (!read.ok) {
      configProblems.push({ ...locate(at), path: at, message: `the rates file ${shown} ${read.reason}`, source: 'config' });
      continue;
    }
    // The file as the config writes it names the rows' origin in fills, summaries and robo cost: an expanded `${VAR}` may hold a secret.
    additions.push(readRatesFile(shown, loaded.writtenAs(at) ?? entry, read.text));
  }
  const inline = costs.rates as UserRates;
  for (const table of RATE_TABLE_NAMES) {
    const given = inline[table];
    const at: YamlPath = ['safety', 'costs', 'rates', table];
    const found = rowProblems(given?.rows ?? []).map((p) => ({ ...p, at: ['rows', ...p.at] }));
    for (const problem of found) {
      const path: YamlPath = [...at, ...problem.at];
      configProblems.push({ ...locate(path), path, message: problem.message, source: 'config' });
    }
  }
  if (configProblems.length > 0) throw configError(configFile, configProblems);
  return builtinRateBook().withUserRows([...additions, ...userRowsOf(inline, configFile)]);
}

/** One rates file: YAML or JSON, checked against the table file schema and for rows given twice. */
function readRatesFile(shown: string, asWritten: string, text: string): UserRows {
  const fail = (problems: readonly ConfigProblem[]): never => {
    throw configError(shown, problems);
  };
  if (text.trim() === '') fail([{ line: 1, col: 1, path: [], message: 'the file is empty; a rates file needs schemaVersion: 1, table and rows', source: 'config' }]);
  const parsed = parseYaml(text);
  if (!parsed.ok) return fail(parsed.problems);
  const validate = tableFileValidator();
  if (!validate(parsed.value)) {
    fail(explainAjvErrors(validate.errors ?? [], { schema: rateTableFileSchema, data: parsed.value, prefix: [], locator: parsed.locator, secrets: new Map() }));
  }
  const table = parsed.value as { table: UserRows['table']; rows: RawRow[]; verifiedThrough?: string };
  const found = rowProblems(table.rows).map((p) => ({ ...p, at: ['rows', ...p.at] }));
  const problems = found.map((problem): ConfigProblem => ({ ...parsed.locator.value(problem.at), path: problem.at, message: problem.message, source: 'config' }));
  if (problems.length > 0) fail(problems);
  if (!RATE_TABLE_NAMES.includes(table.table)) throw new RoboError('ROBO_ERR_INTERNAL', `${shown}: the schema accepted an unknown table ${JSON.stringify(table.table)}`);
  return { table: table.table, rows: table.rows, verifiedThrough: table.verifiedThrough, file: asWritten };
}
