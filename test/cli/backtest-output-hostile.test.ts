/**
 * `robo backtest --report FILE` and `--out DIR` pointed where they would destroy something: the config
 * or its data under the report's name, a folder where an export goes. Refused before the replay, with
 * exit 2 and ROBO_ERR_USAGE, the file left as it was; a report of an earlier run is replaced as before.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

describe('robo backtest --report onto a file that is not a report', () => {
  it('when --report names the config itself then it exits 2 with ROBO_ERR_USAGE before the replay, and the config is untouched', async () => {
    // Arrange
    const config = writeConfig(sampleConfig());
    const before = readFileSync(config, 'utf8');

    // Act
    const result = await runRobo(['backtest', config, '--report', config, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(result.stderr).toContain('is not a report robo wrote');
    expect(result.stdout).toBe('');
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('when --report names a file of the user\'s (the data) then it is refused and left as it was', async () => {
    // Arrange
    const config = writeConfig(sampleConfig());
    const notes = join(dirname(config), 'notes.html');
    writeFileSync(notes, '<!DOCTYPE html>\n<p>my notes</p>\n');

    // Act
    const result = await runRobo(['backtest', config, '--report', notes, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(readFileSync(notes, 'utf8')).toBe('<!DOCTYPE html>\n<p>my notes</p>\n');
  });

  it('when --report names the report of an earlier run (or an empty file) then it is replaced', async () => {
    // Arrange
    const config = writeConfig(sampleConfig());
    const report = join(dirname(config), 'report.html');
    const empty = join(dirname(config), 'empty.html');
    writeFileSync(empty, '');
    const first = await runRobo(['backtest', config, '--report', report, '--json']);

    // Act
    const again = await runRobo(['backtest', config, '--report', report, '--json']);
    const onEmpty = await runRobo(['backtest', config, '--report', empty, '--json']);

    // Assert
    expect([first.code, again.code, onEmpty.code]).toEqual([0, 0, 0]);
    expect(readFileSync(empty, 'utf8')).toContain('<meta name="generator" content="robo-trader');
  });
});

describe('robo backtest --out with a folder where an export goes', () => {
  it('when DIR/trades.csv is a folder then it exits 2 with ROBO_ERR_USAGE naming it, before the replay, and writes no export', async () => {
    // Arrange
    const config = writeConfig(sampleConfig());
    const out = join(dirname(config), 'results');
    mkdirSync(join(out, 'trades.csv'), { recursive: true });

    // Act
    const result = await runRobo(['backtest', config, '--out', out, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(result.stderr).toContain('trades.csv');
    expect(result.stderr).not.toContain('ROBO_ERR_INTERNAL');
    expect(result.stdout).toBe('');
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });
});

describe('robo backtest --report naming a folder', () => {
  it('when --report ends with a slash then it exits 2 with ROBO_ERR_USAGE before the replay, and makes no file of the folder\'s name', async () => {
    // Arrange
    const config = writeConfig(sampleConfig());
    const folder = join(dirname(config), 'reports');

    // Act
    const result = await runRobo(['backtest', config, '--report', `${folder}/`, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(result.stderr).toContain('expected the report\'s file name');
    expect(result.stdout).toBe('');
    expect(existsSync(folder)).toBe(false);
  });
});
