/** `robo journal` as a user runs it after `robo start`, and a journal that cannot be trusted stopping `robo start` before it trades. */
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runRobo, sampleConfig, spawnRobo, startOutput, writeConfig } from '../support/cli.js';

const DAY = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 2\n  barSeconds: 60\n  seed: 42\n  pace:\n    barsPerSecond: 5000';

interface Summary {
  readonly fills: number;
  readonly endingCash: string;
  readonly costs: string;
  readonly positions: readonly { symbol: string; quantity: string }[];
}

describe('robo journal', () => {
  it('when robo start has run then --json prints the orders, executions, costs, positions and cash it journaled, agreeing with the run summary', async () => {
    const file = writeConfig(sampleConfig({ data: DAY }));
    const run = await collect(spawnRobo(['start', file]), 60_000);
    expect(run.code).toBe(0);
    const summary = startOutput(run.stdout).summary as unknown as Summary;

    const result = await runRobo(['journal', file, '--json']);

    expect(result.code).toBe(0);
    const journal = JSON.parse(result.stdout) as { journal: string; book: { broker: string }; orders: { state: string }[]; executions: unknown[]; costs: { total: string }; positions: { symbol: string; quantity: string }[]; cash: string };
    expect(journal.journal).toBe(join(dirname(file), '.robo', 'journal.sqlite'));
    expect(journal.book.broker).toBe('sim');
    expect(journal.orders.length).toBeGreaterThan(0);
    expect(journal.executions).toHaveLength(summary?.fills ?? -1);
    expect(journal.cash).toBe(summary?.endingCash);
    expect(journal.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity }))).toEqual(summary?.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity })));
    expect(statSync(journal.journal).mode & 0o777).toBe(0o600);
  });

  it('when run without --json then it prints a readable history', async () => {
    const file = writeConfig(sampleConfig({ data: DAY }));
    await collect(spawnRobo(['start', file]), 60_000);

    const result = await runRobo(['journal', file]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^journal .*journal\.sqlite — book \d+: sim broker, account SIM…0001, since 2026-03-0\dT/);
    expect(result.stdout).toMatch(/orders \(\d+\):\n\s+1 {2}BUY 100 SPY market/);
    expect(result.stdout).toContain('executions (');
    expect(result.stdout).toMatch(/cash: \d+\.\d\d \(starting cash 100000\.00\)/);
  });

  it('when robo start runs twice on the simulated broker then the second run\'s order ids continue above the first\'s', async () => {
    // Arrange: the simulated account starts empty on every run, so each run opens a new book
    const file = writeConfig(sampleConfig({ data: DAY }));
    const ids = async (): Promise<number[]> => (JSON.parse((await runRobo(['journal', file, '--json'])).stdout) as { orders: { id: number }[] }).orders.map((o) => o.id);
    expect((await collect(spawnRobo(['start', file]), 60_000)).code).toBe(0);
    const first = await ids();

    // Act
    expect((await collect(spawnRobo(['start', file]), 60_000)).code).toBe(0);
    const second = await ids();

    // Assert
    expect(first.length).toBeGreaterThan(0);
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
  });

  it('when the journal\'s -wal file is lost after a crash then robo start refuses with ROBO_ERR_JOURNAL_CORRUPT instead of trading on forgotten books', async () => {
    // Arrange: a run killed after its first orders, its -wal (the uncheckpointed commits) then deleted
    const file = writeConfig(sampleConfig({ data: DAY.replace('barsPerSecond: 5000', 'barsPerSecond: 200') }));
    const child = spawnRobo(['start', file]);
    const killed = collect(child, 60_000);
    let out = '';
    await new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); if ((out.match(/"msg":"fill /g) ?? []).length >= 2) resolve(); }));
    child.kill('SIGKILL');
    await killed;
    const journalFile = join(dirname(file), '.robo', 'journal.sqlite');
    rmSync(`${journalFile}-wal`, { force: true });
    rmSync(`${journalFile}-shm`, { force: true });

    // Act
    const result = await runRobo(['start', file]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lost committed data');
    expect(result.stderr).toContain('ROBO_ERR_JOURNAL_CORRUPT');
    expect(result.stdout).not.toContain('"msg":"order ');
  });

  it('when the journal is read-only then robo journal reads it and leaves its mode alone', async () => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: DAY }));
    expect((await collect(spawnRobo(['start', file]), 60_000)).code).toBe(0);
    const journalFile = join(dirname(file), '.robo', 'journal.sqlite');
    chmodSync(journalFile, 0o400);

    // Act
    const result = await runRobo(['journal', file, '--json']);

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(journalFile).mode & 0o777).toBe(0o400);
  });

  it('when the journal was made read-only then robo start and breaker reset refuse to write it, say how to allow it, and leave its mode alone', async () => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: DAY }));
    expect((await collect(spawnRobo(['start', file]), 60_000)).code).toBe(0);
    const journalFile = join(dirname(file), '.robo', 'journal.sqlite');
    chmodSync(journalFile, 0o444);

    // Act
    const started = await collect(spawnRobo(['start', file]), 60_000);
    const reset = await runRobo(['breaker', 'reset', file]);

    // Assert
    for (const result of [started, reset]) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^robo: the journal \S*\.robo\/journal\.sqlite is read-only \(mode 0444\)/);
      expect(result.stderr).toContain('chmod 600');
      expect(result.stderr).toContain('ROBO_ERR_JOURNAL_WRITE');
    }
    expect(started.stdout).not.toContain('order 1');
    expect(statSync(journalFile).mode & 0o777).toBe(0o444);
  });

  it('when nothing was journaled yet then it says so and exits 0', async () => {
    const result = await runRobo(['journal', writeConfig(sampleConfig()), '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ book: null, orders: [], cash: '100000.00' });
  });

  it('when the journal is damaged then robo start refuses with ROBO_ERR_JOURNAL_CORRUPT (exit 1) and trades nothing', async () => {
    const file = writeConfig(sampleConfig({ data: DAY }));
    await collect(spawnRobo(['start', file]), 60_000);
    writeFileSync(join(dirname(file), '.robo', 'journal.sqlite'), 'not a journal any more');

    const result = await runRobo(['start', file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot be trusted');
    expect(result.stderr).toContain('ROBO_ERR_JOURNAL_CORRUPT');
    expect(result.stdout).not.toContain('"msg":"order ');
  });
});
