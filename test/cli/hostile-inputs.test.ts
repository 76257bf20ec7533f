/**
 * Inputs a careless or hostile user gives the command line — special files as paths, a journal where
 * none can be kept, options the parser does not know, files whose content is not what the config says —
 * each end as one `robo:` error with its code and exit 2: no stack trace, no hang, nothing echoed from
 * the file, nothing traded. Real child processes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';

/** One Robo error: its first line says `robo:`, it names `code`, and nothing looks like a stack trace. */
function expectOneRoboError(result: CliResult, code: string): void {
  expect(result.stderr.startsWith('robo: '), result.stderr).toBe(true);
  expect(result.stderr).toContain(code);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).not.toContain('"side"');
}

describe('a journal path where no journal can be kept', () => {
  it.each([
    ['under /proc', () => '/proc/robo-journal/journal.sqlite'],
    ['under /sys', () => '/sys/robo-journal/journal.sqlite'],
    ['a device (/dev/null)', () => '/dev/null'],
    ['inside a regular file', (dir: string) => { writeFileSync(join(dir, 'plain'), 'x'); return join(dir, 'plain', 'journal.sqlite'); }],
  ])('when journal.path is %s then robo start refuses it with exit 2 at once and trades nothing', async (_name, pathIn) => {
    // Arrange
    const file = writeConfig(sampleConfig());
    writeFileSync(file, `${sampleConfig()}journal:\n  path: ${pathIn(dirname(file))}\n`);

    // Act
    const result = await runRobo(['start', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr).toContain('journal.path');
  });
});

describe('a command line the parser does not accept', () => {
  it.each([
    [['start', '-v'], "unknown option '-v'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['validate'], "missing required argument 'config'"],
    [['start', 'robo.config.yaml', '--bars-per-second', 'abc'], '--bars-per-second: expected a positive number, was "abc"'],
    [['start', 'robo.config.yaml', '--log-level', 'loud'], "option '--log-level <level>' argument 'loud' is invalid"],
  ])('when robo %j runs then it says what is wrong in Robo\'s own format with ROBO_ERR_USAGE and exit 2', async (args, what) => {
    // Act
    const result = await runRobo(args, { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_USAGE');
    expect(result.stderr.split('\n')[0]).toContain(what);
    expect(result.stderr).not.toMatch(/^error:/m);
  });

  it('when robo runs with no command then it prints its usage and exits 2', async () => {
    // Act
    const result = await runRobo([], { timeoutMs: 20_000 });

    // Assert
    expect(result.stderr).toContain('Usage: robo');
    expect(result.code).toBe(2);
  });
});

describe('a data file that is not a bar CSV', () => {
  const csvConfig = (path: string): string => sampleConfig({ data: `data:\n  source: csv\n  path: ${path}\n  barSeconds: 60` });
  const SECRET = 'hunter2-do-not-print';

  it.each([
    ['the process environment (/proc/self/environ)', () => '/proc/self/environ'],
    ['a device that never ends (/dev/zero)', () => '/dev/zero'],
    ['a FIFO no one writes to', (dir: string) => { execFileSync('mkfifo', [join(dir, 'bars.fifo')]); return './bars.fifo'; }],
    ['a folder', (dir: string) => { mkdirSync(join(dir, 'bars')); return './bars'; }],
  ])('when data.path is %s then robo validate refuses it at once with exit 2 and prints nothing of it', async (_name, pathIn) => {
    // Arrange
    const file = writeConfig('');
    writeFileSync(file, csvConfig(pathIn(dirname(file))));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env: { ROBO_TEST_SECRET: SECRET } });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain('is not a regular file');
    expect(result.stderr + result.stdout).not.toContain(SECRET);
  });

  it('when the first line of the data file holds a secret then the error says what was expected and does not echo it', async () => {
    // Arrange
    const file = writeConfig(csvConfig('./bars.csv'), { 'bars.csv': `password=${SECRET},x\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain('bars.csv:1');
    expect(result.stderr).toContain('expected the header line "time,symbol,open,high,low,close,volume"');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('when a field of a bar is long then the error quotes only a short excerpt of it', async () => {
    // Arrange
    const long = `${'9'.repeat(40)}${SECRET}`;
    const file = writeConfig(csvConfig('./bars.csv'), { 'bars.csv': `time,symbol,open,high,low,close,volume\n2026-03-02T09:30:00-05:00,SPY,${long},1,1,1,100\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain('bars.csv:2');
    expect(result.stderr).not.toContain(SECRET);
  });
});

describe('a bar file with a line no bar file has', () => {
  const csvConfig = sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' });
  const HEADER = 'time,symbol,open,high,low,close,volume\n';
  const BAR = '2026-03-02T09:30:00-05:00,SPY,1,1,1,1,100\n';
  const HUGE = 'x'.repeat(32 * 1024 * 1024);

  it.each([
    ['as its only line', HUGE],
    ['after the header', `${HEADER}${HUGE}\n`],
    ['as its last line', `${HEADER}${BAR}${HUGE}`],
  ])('when a 32 MB line comes %s then robo validate refuses it naming the line and its length limit', async (_name, content) => {
    // Arrange
    const file = writeConfig(csvConfig, { 'bars.csv': content });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toMatch(/bars\.csv:\d+ .*longer than 4096 characters/);
    expect(result.stderr.length).toBeLessThan(2000);
  });
});
