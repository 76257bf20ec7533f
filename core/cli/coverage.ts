/**
 * The dated data a config's run cannot do without — the NYSE calendar, which fails closed past its end —
 * checked with core/market/coverage.ts, and its warnings shown the way each command shows its other
 * messages: on stderr for `robo validate`, in the log for `robo start` and `robo backtest`. The fee tables
 * are not here: a rate stays in force until superseded, so they never stop a run (see rate-notices.ts).
 */
import type { Logger } from '../log.js';
import { calendarFileOf, type ExchangeCalendar } from '../market/calendar.js';
import type { Clock } from '../market/clock.js';
import { coverageWarnings, type AsOf, type CoveredData, type CoverageWarning } from '../market/coverage.js';

/** What a config's run looks dates up in and stops without: its calendar (the built-in one, with any additions). */
export function coveredDataOf(calendar: ExchangeCalendar): CoveredData[] {
  const calendarFile = calendarFileOf('XNYS');
  return [{
    name: 'the XNYS (NYSE) calendar',
    file: calendarFile,
    coverage: calendar.coverage,
    failsClosedWith: 'ROBO_ERR_CALENDAR_COVERAGE',
    consequence: 'Robo cannot know whether the market is open and refuses to run',
    howToExtend: `add the next year's holidays and 13:00 early closes, with the NYSE release they come from, in a file named by calendar.additionsFile in your config (NYSE publishes year N+2 every November–December); a newer Robo ships them in ${calendarFile}`,
  }];
}

/** The New York date of `clock` as the date to check: `robo start` and `robo validate` pass the system clock. */
export function today(clock: Clock): AsOf {
  return { date: clock.now().toFormat('yyyy-MM-dd'), what: 'today' };
}

export function coverageWarningsFor(calendar: ExchangeCalendar, asOf: AsOf): CoverageWarning[] {
  return coverageWarnings(coveredDataOf(calendar), asOf);
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
