/**
 * Inputs a careless or hostile user gives the command line — special files as paths, a journal where
 * none can be kept, options the parser does not know, files whose content is not what the config says —
 * each end as one `robo:` error with its code and exit 2: no stack trace, no hang, nothing echoed from
 * the file, nothing traded. Real child processes.
 */
import { writeFileSync } from 'node:fs';
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
