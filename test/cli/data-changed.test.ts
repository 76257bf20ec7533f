/**
 * A bar file that changes while `robo start` replays it — cut short by a download still running, saved
 * over by an editor — ends the session the normal way: open orders cancelled, the run summary as the
 * last line of stdout, then the error, exit 2. Never a quiet early end, never the summary missing.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { collect, sampleConfig, spawnRobo, startOutput, writeConfig } from '../support/cli.js';

/** Thirteen trading days of SPY minutes: about 280 KB, more than the replay reads in one chunk. */
function barFile(): string {
  const lines = ['time,symbol,open,high,low,close,volume'];
  const days = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13', '16', '17', '18'];
  let i = 0;
  for (const day of days) {
    const open = DateTime.fromISO(`2026-03-${day}T09:30`, { zone: 'America/New_York' });
    for (let minute = 0; minute < 390; minute++, i++) {
      const price = (100 + 5 * Math.sin(i / 15)).toFixed(2);
      lines.push(`${String(open.plus({ minutes: minute }).toISO({ suppressMilliseconds: true }))},SPY,${price},${price},${price},${price},100000`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const DATA = 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60\n  pace: { barsPerSecond: 2000 }';

describe('a bar file that changes while robo start replays it', () => {
  it.each([
    ['cut to half its size', (file: string) => truncateSync(file, Math.floor(readFileSync(file).length / 2))],
    ['saved over with a bad line near its end', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/,100000\n$/, ',-1\n'))],
  ])('when it is %s then the session stops the normal way: summary last, then ROBO_ERR_DATA_INVALID, exit 2', async (_name, change) => {
    // Arrange
    const config = writeConfig(sampleConfig({ data: DATA }), { 'bars.csv': barFile() });
    const bars = join(dirname(config), 'bars.csv');
    const child = spawnRobo(['start', config]);
    let changed = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!changed && chunk.toString().includes('"msg":"fill ')) {
        changed = true;
        change(bars);
      }
    });

    // Act
    const result = await collect(child, 60_000);

    // Assert
    expect(changed).toBe(true);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('ROBO_ERR_DATA_INVALID');
    const { summary } = startOutput(result.stdout);
    expect(summary.end).toBe('crashed');
    expect(summary['stoppedBy']).toMatchObject({ code: 'ROBO_ERR_DATA_INVALID', message: expect.stringContaining('bars.csv') });
    expect(summary.fills).toBeGreaterThan(0);
  });
});
