/**
 * The coverage warning as a user meets it: `robo validate` and `robo backtest` say ahead of time when the
 * calendar, which fails closed, runs out within 60 days. The fee tables never run out (their last rate is
 * carried forward: test/cli/stale-rates.test.ts). Expectations are computed from the bundled data and
 * today's date, so these tests keep passing when the calendar gains a year.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { coveredDataOf } from '../../core/cli/coverage.js';
import { loadCliConfig } from '../../core/cli/load.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { ROOT, runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';

const calendar = loadExchangeCalendar('XNYS');

/** Every dated file a run stops without, with its last covered date. */
const DATED_FILES = [
  { file: 'core/market/calendars/XNYS.json', to: calendar.coverage.to },
];

const daysBetween = (from: string, to: string): number => DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days;
const newYorkToday = (): string => DateTime.now().setZone('America/New_York').toFormat('yyyy-MM-dd');

/** The files that should warn when the check is made for `date`: fewer than 60 days left (or already past). */
function expectedWarnings(date: string): { file: string; to: string; daysLeft: number }[] {
  return DATED_FILES.map((f) => ({ ...f, daysLeft: daysBetween(date, f.to) })).filter((f) => f.daysLeft < 60);
}

/** Runs robo; if New York's date changed while it ran, runs it again so "today" is one date. */
async function runOnOneDay(args: readonly string[]): Promise<{ result: CliResult; today: string }> {
  for (;;) {
    const before = newYorkToday();
    const result = await runRobo(args);
    if (newYorkToday() === before) return { result, today: before };
  }
}

describe('coveredDataOf', () => {
  it('when a config is loaded then only its calendar is checked: the fee tables carry their last rate forward', async () => {
    // Arrange
    const loaded = await loadCliConfig(writeConfig(sampleConfig()));

    // Act
    const data = coveredDataOf(loaded.calendar);

    // Assert
    expect(data.map((d) => [d.file, d.coverage.to, d.failsClosedWith])).toEqual([
      ['core/market/calendars/XNYS.json', calendar.coverage.to, 'ROBO_ERR_CALENDAR_COVERAGE'],
    ]);
  });
});

describe('robo validate: coverage warning', () => {
  it('when validating the example config then it warns on stderr for exactly the data ending within 60 days of today, and still says valid with exit 0', async () => {
    // Act
    const { result, today } = await runOnOneDay(['validate', 'robo.config.yaml']);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('robo.config.yaml: valid');
    const expected = expectedWarnings(today);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('robo: warning: '));
    expect(warnings).toHaveLength(expected.length);
    for (const [i, w] of expected.entries()) {
      expect(warnings[i]).toContain(`(${w.file})`);
      expect(warnings[i]).toContain(`covers dates up to ${w.to}`);
      expect(warnings[i]).toContain(w.daysLeft >= 0 ? `ends in ${w.daysLeft} day` : `ended ${-w.daysLeft} day`);
    }
    // Each warning is followed by what to do, naming the file to edit.
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  -> ')).map((line) => expected.some((w) => line.includes(w.file)))).toEqual(expected.map(() => true));
    if (expected.length === 0) expect(result.stderr).toBe('');
  });
});

describe('robo backtest: coverage warning', () => {
  it('when the data reaches within 60 days of the calendar\'s end then the log on stderr warns, naming the calendar and its days left, and stdout stays one JSON object', async () => {
    // Arrange: one session a few days before the end of the calendar, whatever it is now.
    const end = calendar.coverage.to;
    const lastSession = calendar.sessionsBetween(DateTime.fromISO(end, { zone: 'utc' }).minus({ days: 10 }).toFormat('yyyy-MM-dd'), end).at(-1)!.date;
    const file = writeConfig(sampleConfig({ data: `data:\n  source: generated\n  symbols: [SPY]\n  start: "${lastSession}"\n  days: 1\n  barSeconds: 60\n  seed: 42` }));

    // Act
    const result = await runRobo(['backtest', file, '--json'], { cwd: ROOT });

    // Assert
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    const warned = result.stderr.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { level: number; msg: string; coverage?: { file: string; daysLeft: number } }).filter((l) => l.coverage !== undefined);
    expect(warned.map((l) => [l.coverage?.file, l.coverage?.daysLeft])).toEqual(expectedWarnings(lastSession).map((w) => [w.file, w.daysLeft]));
    expect(warned.every((l) => l.level === 40 && l.msg.includes(`the last day replayed is ${lastSession}`) && l.msg.includes('What to do:'))).toBe(true);
  });
});
