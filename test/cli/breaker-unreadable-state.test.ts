/**
 * Breaker state no one can read — an old `.robo/state.json` that is broken, or a damaged breaker record in
 * the journal: `robo start` refuses to trade, `robo breaker status` says what is wrong and how to repair
 * it, and `robo breaker reset` repairs it, keeping the old content. Real child processes, real files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

describe('robo breaker when its state cannot be read', () => {
  const FAST = ['--bars-per-second', '100000'];
  /** What reset says of an old state file it could not read at all; the name it was kept under. */
  const EVERYTHING_SET_ASIDE = /everything in it \(every plugin's state, not only the circuit breaker's\) is kept as (\S+), and none of it was carried into the journal/;

  it('when the old state file is broken JSON then start refuses, status says how to repair, and reset sets it aside so start runs again', async () => {
    // Arrange
    const file = writeConfig(sampleConfig());
    const stateFile = join(dirname(file), '.robo', 'state.json');
    mkdirSync(dirname(stateFile));
    const broken = '{"robo:circuit-breaker": {"state": "HALT';
    writeFileSync(stateFile, broken);

    // Act
    const refused = await runRobo(['start', file, ...FAST]);
    const status = await runRobo(['breaker', 'status', file]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const after = await runRobo(['breaker', 'status', file]);
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ROBO_ERR_STATE_CORRUPT');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`robo: circuit breaker: UNREADABLE: the state file ${stateFile} is not valid: `);
    expect(status.stderr).toContain('robo start refuses to trade while the state cannot be read: it may record a halt');
    expect(status.stderr).toContain(`robo breaker reset ${file} sets the unreadable state aside (kept, never deleted) and starts ACTIVE`);
    expect(reset.code, reset.stderr).toBe(0);
    const aside = EVERYTHING_SET_ASIDE.exec(reset.stdout)?.[1];
    expect(aside, reset.stdout).toMatch(/state\.json\.corrupt-\d{8}T\d{6}Z$/);
    expect(readFileSync(aside ?? '', 'utf8')).toBe(broken);
    expect(existsSync(stateFile)).toBe(false);
    expect(reset.stdout).toContain('circuit breaker reset: it was UNREADABLE');
    expect(after.stdout).toContain('circuit breaker: ACTIVE');
    expect(started.code, started.stderr).toBe(0);
  });

  it('when the breaker record in the journal is not valid then status says how to repair, and reset keeps the old record beside the journal', async () => {
    // Arrange: a journal robo start wrote, whose breaker record is then damaged
    const file = writeConfig(sampleConfig());
    expect((await runRobo(['start', file, ...FAST])).code).toBe(0);
    const journal = join(dirname(file), '.robo', 'journal.sqlite');
    const db = new Database(journal);
    db.prepare('UPDATE plugin_state SET value = ? WHERE owner = ?').run(JSON.stringify({ version: 1, state: 'HALTED' }), 'robo:circuit-breaker');
    db.close();

    // Act
    const refused = await runRobo(['start', file, ...FAST]);
    const status = await runRobo(['breaker', 'status', file]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the circuit breaker's record in the journal is not valid: the state is HALTED but no trip says why");
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`robo: circuit breaker: UNREADABLE: the circuit breaker's record in ${journal} is not valid`);
    expect(status.stderr).toContain(`robo breaker reset ${file} sets the unreadable state aside`);
    expect(reset.code, reset.stderr).toBe(0);
    const aside = /kept as (\S+) beside the journal/.exec(reset.stdout)?.[1];
    expect(aside, reset.stdout).toMatch(/journal\.sqlite\.circuit-breaker\.json\.corrupt-\d{8}T\d{6}Z$/);
    expect(JSON.parse(readFileSync(aside ?? '', 'utf8'))).toEqual({ version: 1, state: 'HALTED' });
    expect(started.code, started.stderr).toBe(0);
  });

  it('when the old state file holds a breaker record that is not valid then reset sets only that record aside and keeps the other plugins\' state', async () => {
    // Arrange
    const file = writeConfig(sampleConfig());
    const stateFile = join(dirname(file), '.robo', 'state.json');
    mkdirSync(dirname(stateFile));
    const costs = { month: '2026-03', shares: '300' };
    writeFileSync(stateFile, JSON.stringify({ 'robo:circuit-breaker': { version: 1, state: 'PAUSED' }, 'robo:cost-accounting': costs }));

    // Act
    const status = await runRobo(['breaker', 'status', file]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const after = await runRobo(['breaker', 'status', file, '--json']);

    // Assert
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('robo: circuit breaker: UNREADABLE: ');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('expected state ACTIVE, REDUCING or HALTED, was "PAUSED"');
    expect(readFileSync(/kept as (\S+) beside the journal/.exec(reset.stdout)?.[1] ?? '', 'utf8')).toContain('PAUSED');
    expect(JSON.parse(after.stdout)).toMatchObject({ state: 'ACTIVE' });
    const db = new Database(join(dirname(stateFile), 'journal.sqlite'), { readonly: true });
    expect(JSON.parse(db.prepare('SELECT value FROM plugin_state WHERE owner = ?').pluck().get('robo:cost-accounting') as string)).toEqual(costs);
    db.close();
  });

  it.each([
    ['a FIFO no one writes to', (file: string) => execFileSync('mkfifo', [file]), 'is not a regular file'],
    ['a link to a device that never ends (/dev/zero)', (file: string) => symlinkSync('/dev/zero', file), 'is not a regular file'],
    ['a file of a gigabyte', (file: string) => { writeFileSync(file, ''); truncateSync(file, 2 ** 30); }, 'is larger than 16777216 bytes'],
  ])('when the old state file is %s then start, status and reset answer at once, and reset sets it aside unread', async (_name, make, why) => {
    // Arrange
    const file = writeConfig(sampleConfig());
    const stateFile = join(dirname(file), '.robo', 'state.json');
    mkdirSync(dirname(stateFile));
    make(stateFile);

    // Act
    const refused = await runRobo(['start', file, ...FAST], { timeoutMs: 20_000 });
    const status = await runRobo(['breaker', 'status', file], { timeoutMs: 20_000 });
    const reset = await runRobo(['breaker', 'reset', file], { timeoutMs: 20_000 });
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the state file ${stateFile} ${why}`);
    expect(refused.stderr).toContain('ROBO_ERR_STATE_CORRUPT');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`robo breaker reset ${file}`);
    expect(reset.code, reset.stderr).toBe(0);
    const aside = EVERYTHING_SET_ASIDE.exec(reset.stdout)?.[1];
    expect(aside, reset.stdout).toMatch(/state\.json\.corrupt-\d{8}T\d{6}Z$/);
    expect(lstatSync(aside ?? '', { throwIfNoEntry: false }), 'the special file is kept, moved as it is').toBeDefined();
    expect(lstatSync(stateFile, { throwIfNoEntry: false })).toBeUndefined();
    expect(started.code, started.stderr).toBe(0);
  });

  it.each([
    ['is not JSON', '{"month":"2026-03"'],
    ['is JSON of the wrong shape', JSON.stringify({ month: 'x' })],
  ])('when the cost accounting\'s month volume in the journal %s then start refuses saying so, and reset sets it aside so start runs again', async (_name, damaged) => {
    // Arrange: a Tiered journal robo start wrote, whose month volume is then damaged
    const file = writeConfig(`${sampleConfig()}safety:\n  costs:\n    plan: ibkr-tiered\n`);
    expect((await runRobo(['start', file, ...FAST])).code).toBe(0);
    const journal = join(dirname(file), '.robo', 'journal.sqlite');
    const db = new Database(journal);
    expect(db.prepare('UPDATE plugin_state SET value = ? WHERE owner = ?').run(damaged, 'robo:cost-accounting').changes).toBe(1);
    db.close();

    // Act
    const refused = await runRobo(['start', file, ...FAST]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('robo:cost-accounting');
    expect(refused.stderr).toContain('ROBO_ERR_STATE_CORRUPT');
    expect(refused.stderr).toContain('safety.costs.monthVolume');
    expect(reset.code, reset.stderr).toBe(0);
    const aside = /month volume .* kept as (\S+) beside the journal/.exec(reset.stdout)?.[1];
    expect(aside, reset.stdout).toMatch(/journal\.sqlite\.cost-accounting\.json\.corrupt-\d{8}T\d{6}Z$/);
    expect(readFileSync(aside ?? '', 'utf8')).toBe(damaged);
    expect(started.code, started.stderr).toBe(0);
  });

  it('when the breaker record in the journal is not JSON at all then start refuses, and reset keeps the text beside the journal and starts ACTIVE', async () => {
    // Arrange
    const file = writeConfig(sampleConfig());
    expect((await runRobo(['start', file, ...FAST])).code).toBe(0);
    const db = new Database(join(dirname(file), '.robo', 'journal.sqlite'));
    db.prepare('UPDATE plugin_state SET value = ? WHERE owner = ?').run('{"version":1,"state":"HALT', 'robo:circuit-breaker');
    db.close();

    // Act
    const refused = await runRobo(['start', file, ...FAST]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ROBO_ERR_STATE_CORRUPT');
    expect(reset.code, reset.stderr).toBe(0);
    const aside = /kept as (\S+) beside the journal/.exec(reset.stdout)?.[1];
    expect(readFileSync(aside ?? '', 'utf8')).toBe('{"version":1,"state":"HALT');
    expect(started.code, started.stderr).toBe(0);
  });
});
