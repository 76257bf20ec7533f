/**
 * One writer per journal: while `robo start` runs on a config, a second `robo start` or `robo breaker
 * reset` on it is refused and names the holder; `robo journal` and `robo breaker status` still read it;
 * and a lock left by a process that was killed is taken over. Real child processes, a real journal file.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runRobo, sampleConfig, spawnRobo, writeConfig, type CliResult } from '../support/cli.js';

const SLOW = sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 2\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 5 }' });

let running: ChildProcess | undefined;

afterEach(() => {
  running?.kill('SIGKILL');
  running = undefined;
});

/** `robo start` on `file`, resolved once its first bar went through (it holds the journal's lock by then). */
async function startAndWait(file: string): Promise<{ child: ChildProcess; done: Promise<CliResult> }> {
  const child = running = spawnRobo(['start', file]);
  const done = collect(child, 60_000);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('first bar processed')) resolve();
    });
    void done.then((r) => reject(new Error(`robo start ended before its first bar: ${r.stderr}`)));
  });
  return { child, done };
}

describe('one writer per journal', () => {
  it('when robo start runs on a config then a second robo start and robo breaker reset are refused naming it, while robo journal and breaker status read', async () => {
    // Arrange
    const file = writeConfig(SLOW);
    const startedAt = Date.now();
    const first = await startAndWait(file);

    // Act
    const second = await runRobo(['start', file]);
    const reset = await runRobo(['breaker', 'reset', file]);
    const journal = await runRobo(['journal', file, '--json']);
    const status = await runRobo(['breaker', 'status', file]);
    first.child.kill('SIGINT');
    const ended = await first.done;

    // Assert
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is being written by robo start (pid ${String(first.child.pid)} on`);
    expect(second.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    // "since" is when that process took the lock by this machine's clock, not the replay's market time.
    const since = Date.parse(/since ([^)]+)\)/.exec(second.stderr)?.[1] ?? '');
    expect(Math.abs(since - startedAt)).toBeLessThan(60_000);
    expect(second.stdout).not.toContain('"msg":"order ');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    expect(journal.code, journal.stderr).toBe(0);
    expect(status.code, status.stderr).toBe(0);
    expect(ended.code, ended.stderr).toBe(0);
    expect(existsSync(file.replace('robo.config.yaml', '.robo/journal.sqlite.lock'))).toBe(false);
  });

  it('when the robo start that held the lock was killed then the next one takes the lock over and says so', async () => {
    // Arrange: kill -9 leaves the lock behind
    const file = writeConfig(SLOW);
    const first = await startAndWait(file);
    first.child.kill('SIGKILL');
    await first.done;
    expect(existsSync(file.replace('robo.config.yaml', '.robo/journal.sqlite.lock'))).toBe(true);

    // Act
    const next = await startAndWait(file);
    next.child.kill('SIGINT');
    const result = await next.done;

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`took over the journal's lock from robo start (pid ${String(first.child.pid)}`);
  });
});

describe('a writer refused by the lock forgets nothing', () => {
  const FAST = ['--bars-per-second', '100000'];
  const HALTED = JSON.stringify({ 'robo:circuit-breaker': { version: 1, state: 'HALTED', trip: { kind: 'daily-loss', reason: "the day's loss reached its limit", atMs: 1772463600000 } } });

  /** A config whose folder holds an old state file. */
  function withOldState(state: string): { file: string; stateFile: string } {
    const file = writeConfig(sampleConfig());
    const stateFile = join(dirname(file), '.robo', 'state.json');
    mkdirSync(dirname(stateFile));
    writeFileSync(stateFile, state);
    return { file, stateFile };
  }

  /** The journal's lock, taken by robo start on another machine sharing the folder; returns the lock's path. */
  function lockElsewhere(file: string): string {
    const lock = join(dirname(file), '.robo', 'journal.sqlite.lock');
    writeFileSync(lock, `${JSON.stringify({ pid: 4242, host: 'trading-box-2', command: 'robo start', since: '2026-03-02T15:00:00.000Z' })}\n`);
    return lock;
  }

  it('when the old state file records a halt and the lock is held then start and reset are refused, and once it is released the halt is still there', async () => {
    // Arrange
    const { file } = withOldState(HALTED);
    const lock = lockElsewhere(file);

    // Act
    const started = await runRobo(['start', file, ...FAST]);
    const reset = await runRobo(['breaker', 'reset', file]);
    unlinkSync(lock);
    const status = await runRobo(['breaker', 'status', file]);

    // Assert
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    expect(status.stdout).toContain("circuit breaker: HALTED since 2026-03-02T10:00:00-05:00 (daily-loss): the day's loss reached its limit");
  });

  it('when the old state file cannot be read and the lock is held then reset sets nothing aside, and once it is released start still refuses', async () => {
    // Arrange
    const broken = '{"robo:circuit-breaker": {"state": "HALT';
    const { file, stateFile } = withOldState(broken);
    const lock = lockElsewhere(file);

    // Act
    const reset = await runRobo(['breaker', 'reset', file]);
    unlinkSync(lock);
    const started = await runRobo(['start', file, ...FAST]);

    // Assert
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    expect(readFileSync(stateFile, 'utf8')).toBe(broken);
    expect(readdirSync(dirname(stateFile)).filter((name) => name.includes('corrupt'))).toEqual([]);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('ROBO_ERR_STATE_CORRUPT');
  });

  it('when the breaker record in the journal is not valid and the lock is held then reset changes nothing and sets nothing aside', async () => {
    // Arrange: a journal robo start wrote, its breaker record damaged, then locked by another machine
    const file = writeConfig(sampleConfig());
    expect((await runRobo(['start', file, ...FAST])).code).toBe(0);
    const journal = join(dirname(file), '.robo', 'journal.sqlite');
    const damaged = JSON.stringify({ version: 1, state: 'HALTED' });
    const db = new Database(journal);
    db.prepare('UPDATE plugin_state SET value = ? WHERE owner = ?').run(damaged, 'robo:circuit-breaker');
    db.close();
    lockElsewhere(file);

    // Act
    const reset = await runRobo(['breaker', 'reset', file]);

    // Assert
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('ROBO_ERR_JOURNAL_LOCKED');
    expect(readdirSync(dirname(journal)).filter((name) => name.includes('corrupt'))).toEqual([]);
    const after = new Database(journal, { readonly: true });
    expect(after.prepare('SELECT value FROM plugin_state WHERE owner = ?').pluck().get('robo:circuit-breaker')).toBe(damaged);
    after.close();
  });
});
