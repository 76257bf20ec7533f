/**
 * The dated data a config's run depends on — the NYSE calendar and, unless the cost plan is zero, every
 * fee table — checked with core/market/coverage.ts, and its warnings shown the way each command shows
 * its other messages: on stderr for `robo validate`, in the log for `robo start` and `robo backtest`.
 */
import type { RoboConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { calendarFileOf, loadExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import { coverageWarnings, type AsOf, type CoveredData, type CoverageWarning } from '../market/coverage.js';
import { costTables } from '../../plugins/costs/tables.js';

/** What a config's run looks dates up in; the zero plan charges nothing, so it needs no fee table. */
export function coveredDataOf(config: RoboConfig): CoveredData[] {
  const calendar = loadExchangeCalendar('XNYS');
  const calendarFile = calendarFileOf('XNYS');
  const data: CoveredData[] = [{
    name: 'the XNYS (NYSE) calendar',
    file: calendarFile,
    coverage: calendar.coverage,
    failsClosedWith: 'ROBO_ERR_CALENDAR_COVERAGE',
    consequence: 'Robo cannot know whether the market is open and refuses to run',
    howToExtend: `add the next year's holidays and 13:00 early closes to ${calendarFile} with the NYSE release they come from (NYSE publishes year N+2 every November–December), then move coverage.to`,
  }];
  if (config.safety.costs.plan === 'zero') return data;
  for (const table of Object.values(costTables())) {
    data.push({
      name: `the ${table.name} table`,
      file: table.file,
      coverage: table.coverage,
      failsClosedWith: 'ROBO_ERR_COST_COVERAGE',
      consequence: 'every order is refused',
      howToExtend: `add the rates in force after ${table.coverage.to} to ${table.file} as a row with its source, then move coverage.to (the file's coverageNote says what is missing)`,
    });
  }
  return data;
}

/** The New York date of `clock` as the date to check: `robo start` and `robo validate` pass the system clock. */
export function today(clock: Clock): AsOf {
  return { date: clock.now().toFormat('yyyy-MM-dd'), what: 'today' };
}

export function coverageWarningsFor(config: RoboConfig, asOf: AsOf): CoverageWarning[] {
  return coverageWarnings(coveredDataOf(config), asOf);
}

/** `robo validate`: like an error, without the code line — `robo: warning: <message>` then what to do. */
export function printCoverageWarnings(warnings: readonly CoverageWarning[]): void {
  for (const w of warnings) process.stderr.write(`robo: warning: ${w.message}\n  -> ${w.fix}\n`);
}

export function logCoverageWarnings(log: Logger, warnings: readonly CoverageWarning[]): void {
  for (const w of warnings) {
    log.warn({ coverage: { file: w.data.file, lastDate: w.lastDate, daysLeft: w.daysLeft, asOf: w.asOf.date } }, `${w.message}. What to do: ${w.fix}`);
  }
}
