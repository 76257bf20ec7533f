/** `data.source: csv` with a folder: every .csv file in it replayed as one time-ordered stream; a bad line is named by its file and line. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, writeConfig, type SummaryJson } from '../support/cli.js';
import { csvOf, minuteBars } from '../support/minute-bars.js';

function config(path: string, symbols = '[SPY, QQQ]'): string {
  return [
    'version: 1',
    'account: { startingCash: 100000 }',
    'broker: { kind: sim, latencyMs: 0 }',
    `data: { source: csv, path: ${path}, barSeconds: 60 }`,
    'strategies:',
    `  - { id: trend, kind: ma-crossover, symbols: ${symbols}, params: { fast: 5, slow: 20 }, sizing: { quantity: 10 } }`,
    '',
  ].join('\n');
}

/** A folder `bars/` next to a config, holding `files`. */
function folderConfig(files: Readonly<Record<string, string>>, symbols?: string): string {
  const file = writeConfig(config('bars/', symbols));
  const folder = join(dirname(file), 'bars');
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return file;
}

describe('data.source: csv with a folder', () => {
  it('when the folder holds a file per symbol and day then the backtest replays all their bars in one stream', async () => {
    // Arrange
    const spy3 = minuteBars('2026-03-03', '2026-03-03');
    const spy4 = minuteBars('2026-03-04', '2026-03-04');
    const qqq = minuteBars('2026-03-03', '2026-03-04', 400);
    const file = folderConfig({ 'SPY-2026-03-04.csv': csvOf('SPY', spy4), 'SPY-2026-03-03.csv': csvOf('SPY', spy3), 'QQQ.csv': csvOf('QQQ', qqq), 'notes.txt': 'not bars' });

    // Act
    const result = await runRobo(['backtest', file, '--json']);

    // Assert
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as SummaryJson)['bars']).toBe(spy3.length + spy4.length + qqq.length);
  });

  it('when a file in the folder has a bad line then validate exits 2 naming that file and line', async () => {
    // Arrange
    const bad = `${csvOf('SPY', minuteBars('2026-03-04', '2026-03-04')).split('\n').slice(0, 3).join('\n')}\n2026-03-04T09:32:00-05:00,SPY,1,1,1,1,-5\n`;
    const file = folderConfig({ 'a.csv': csvOf('SPY', minuteBars('2026-03-03', '2026-03-03')), 'b.csv': bad }, '[SPY]');

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bars\/b\.csv:4 volume: expected a number >= 0, was -5/);
    expect(result.stderr).toContain('ROBO_ERR_DATA_INVALID');
  });

  it('when two files hold a bar of one symbol and time then it is refused, naming both files', async () => {
    // Arrange
    const day = csvOf('SPY', minuteBars('2026-03-03', '2026-03-03'));
    const file = folderConfig({ 'a.csv': day, 'b.csv': day }, '[SPY]');

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bars\/b\.csv: a second SPY bar at 2026-03-03T14:30:00\.000Z; .*bars\/a\.csv has one already/);
  });

  it('when the folder holds no .csv file then it is refused, saying so', async () => {
    const file = folderConfig({ 'readme.txt': 'nothing here' }, '[SPY]');
    const result = await runRobo(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a folder with .csv files of bars, was one with none');
  });
});
