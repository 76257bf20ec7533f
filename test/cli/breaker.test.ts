/** `robo breaker status|reset` as a user runs it, on the state file `robo start` keeps next to the config. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

function withState(state: unknown): string {
  const file = writeConfig(sampleConfig());
  mkdirSync(join(dirname(file), '.robo'));
  writeFileSync(join(dirname(file), '.robo', 'state.json'), JSON.stringify(state));
  return file;
}

const halted = {
  'robo:circuit-breaker': {
    version: 1,
    state: 'HALTED',
    reason: 'the day\'s loss of 3100.00 reached the limit of 3000.00',
    trip: { kind: 'daily-loss', reason: 'the day\'s loss of 3100.00 reached the limit of 3000.00', atMs: DateTime.fromISO('2026-03-02T10:00', { zone: 'America/New_York' }).toMillis() },
    session: { date: '2026-03-02', startEquity: '100000' },
  },
  'robo:cost-accounting': { month: '2026-03', shares: '300' },
};

describe('robo breaker', () => {
  it('when the breaker is halted then status says since when and why, and how to lift it', async () => {
    // Arrange
    const file = withState(halted);

    // Act
    const result = await runRobo(['breaker', 'status', file]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("circuit breaker: HALTED since 2026-03-02T10:00:00-05:00 (daily-loss): the day's loss of 3100.00 reached the limit of 3000.00");
    expect(result.stdout).toContain(`robo breaker reset ${file}`);
  });

  it('when reset then the record is ACTIVE with a notice for the next start, and other plugins\' state is left alone', async () => {
    // Arrange
    const file = withState(halted);

    // Act
    const reset = await runRobo(['breaker', 'reset', file]);
    const status = await runRobo(['breaker', 'status', file, '--json']);

    // Assert
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('circuit breaker reset: it was HALTED since 2026-03-02T10:00:00-05:00 (daily-loss)');
    const state = JSON.parse(readFileSync(join(dirname(file), '.robo', 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(state['robo:cost-accounting']).toEqual(halted['robo:cost-accounting']);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'ACTIVE', resetNotice: expect.stringContaining('it was HALTED') });
  });

  it('when no state was ever written then status reports ACTIVE', async () => {
    // Act
    const result = await runRobo(['breaker', 'status', writeConfig(sampleConfig())]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('circuit breaker: ACTIVE');
  });

  it.each([
    ['is not YAML (a key written twice)', `${sampleConfig()}journal:\n  path: ./elsewhere.sqlite\njournal:\n  path: ./other.sqlite\n`, /robo\.config\.yaml:\d+:1 journal duplicate key/],
    ['names its journal oddly', `${sampleConfig()}journal:\n  path: [a, b]\n`, /robo\.config\.yaml:\d+:\d+ journal\.path expected the path of the journal file/],
    ['is larger than any config', `${sampleConfig()}${'# padding\n'.repeat(120_000)}`, /larger than 1048576 bytes/],
  ])('when the config %s then status and reset refuse at its line, and never act on another journal', async (_name, text, message) => {
    // Arrange
    const file = writeConfig(text);

    // Act
    const status = await runRobo(['breaker', 'status', file]);
    const reset = await runRobo(['breaker', 'reset', file]);

    // Assert
    for (const result of [status, reset]) {
      expect(result.code, result.stdout).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
    }
    expect(existsSync(join(dirname(file), '.robo'))).toBe(false);
  });

  it('when the config does not exist then it exits 2 with ROBO_ERR_CONFIG_NOT_FOUND', async () => {
    // Act
    const result = await runRobo(['breaker', 'reset', '/nonexistent/robo.config.yaml']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_NOT_FOUND');
  });

  it('when journal.path names an environment variable then status and reset act on the journal robo start writes, and an unset one is an error', async () => {
    // Arrange: a halt recorded by a backtest-free start is simulated by writing the journal robo start would use
    const file = writeConfig(sampleConfig() + 'journal:\n  path: "${ROBO_JOURNAL_DIR}/books.sqlite"\n');
    const dir = join(dirname(file), 'elsewhere');
    const env = { ROBO_JOURNAL_DIR: dir };
    const started = await runRobo(['start', file, '--bars-per-second', '100000'], { env });
    expect(started.code, started.stderr).toBe(0);

    // Act
    const status = await runRobo(['breaker', 'status', file, '--json'], { env });
    const unset = await runRobo(['breaker', 'status', file], { env: { ROBO_JOURNAL_DIR: undefined } });

    // Assert
    expect(status.code, status.stderr).toBe(0);
    // Named as the config writes it (an expanded path may hold a secret); the file is the one robo start wrote.
    expect((JSON.parse(status.stdout) as { journal: string }).journal).toBe('${ROBO_JOURNAL_DIR}/books.sqlite');
    expect(existsSync(join(dir, 'books.sqlite'))).toBe(true);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('journal.path');
    expect(unset.stderr).toContain('ROBO_ERR_CONFIG_ENV_MISSING');
  });
});
