import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoboError } from '../../../../../core/domain/errors.js';
import type { Bar } from '../../../../../core/domain/types.js';
import type { BarSource } from '../../../../../core/brokers/sim/data/bar-source.js';
import { csvBarSource } from '../../../../../core/brokers/sim/data/csv.js';
import { generatedBarSource } from '../../../../../core/brokers/sim/data/generated.js';
import { csvLines } from '../../../../../core/brokers/sim/data/write-sample.js';

const HEADER = 'time,symbol,open,high,low,close,volume';
const GOOD = '2026-03-02T09:30:00-05:00,SPY,680,681,679,680.5,1000';
const T0930 = 1_772_461_800_000; // 2026-03-02T14:30:00Z

let dir = '';
let fileCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robo-csv-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(lines: readonly string[], separator = '\n'): Promise<string> {
  const path = join(dir, `bars-${++fileCount}.csv`);
  await writeFile(path, lines.join(separator) + (lines.length > 0 ? separator : ''));
  return path;
}

async function collect(source: BarSource): Promise<Bar[]> {
  const bars: Bar[] = [];
  for await (const bar of source.bars()) bars.push(bar);
  return bars;
}

/** Creates the source and reads it to the end, returning what it threw either way. */
async function errorOf(path: string, symbols?: readonly string[]): Promise<unknown> {
  try {
    await collect(csvBarSource(path, symbols === undefined ? { barSeconds: 60 } : { barSeconds: 60, symbols }));
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * The event loop's open handles and requests, once the current turn has finished: a file's close
 * callback still counts as a request until it returns, even though the file is already closed.
 */
async function resourcesAfterOneTurn(): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo();
}

describe('csvBarSource', () => {
  it('when a file mixes comments, blanks, spaces and the three time forms then it yields the bars it describes', async () => {
    // Arrange
    const path = await fileWith([
      '# exported for a test',
      '',
      ' time , symbol,open,high,low,close,volume ',
      GOOD,
      ' 2026-03-02T14:30:00Z , QQQ , 610 , 611 , 609 , 610.25 , 2000 ',
      '   # a comment in the middle',
      '1772461860000,SPY,680.5,680.5,680.5,680.5,0',
      '2026-03-02T09:31:00.000-05:00,QQQ,610.25,610.5,610,610.5,12.5',
    ]);

    // Act
    const source = csvBarSource(path, { barSeconds: 60 });
    const bars = await collect(source);

    // Assert
    const bar = (symbol: string, time: number, open: number, high: number, low: number, close: number, volume: number): Bar => ({
      symbol, time, durationMs: 60_000, open, high, low, close, volume,
    });
    expect(source.symbols).toEqual(['SPY', 'QQQ']);
    expect(bars).toEqual([
      bar('SPY', T0930, 680, 681, 679, 680.5, 1000),
      bar('QQQ', T0930, 610, 611, 609, 610.25, 2000),
      bar('SPY', T0930 + 60_000, 680.5, 680.5, 680.5, 680.5, 0),
      bar('QQQ', T0930 + 60_000, 610.25, 610.5, 610, 610.5, 12.5),
    ]);
  });

  it('when generated bars are written as CSV then reading the file back yields the same bars', async () => {
    // Arrange
    const options = {
      symbols: ['SPY', 'QQQ', 'AAPL'],
      sessions: [{ openMs: T0930, closeMs: T0930 + 390 * 60_000 }],
      barSeconds: 60,
      seed: 7,
    };
    const lines: string[] = [];
    for await (const line of csvLines(generatedBarSource(options), 'America/New_York')) lines.push(line);
    const path = await fileWith([lines.join('')], '');

    // Act
    const read = await collect(csvBarSource(path, { barSeconds: 60 }));

    // Assert
    expect(read).toHaveLength(3 * 390);
    expect(read).toEqual(await collect(generatedBarSource(options)));
  });

  it('when bars of one time are listed in another order then they come out in symbol order', async () => {
    // Arrange
    const path = await fileWith([
      HEADER,
      '2026-03-02T09:30:00-05:00,SPY,1,1,1,1,1',
      '2026-03-02T09:30:00-05:00,QQQ,2,2,2,2,2',
      '2026-03-02T09:31:00-05:00,QQQ,3,3,3,3,3',
      '2026-03-02T09:31:00-05:00,SPY,4,4,4,4,4',
    ]);

    // Act
    const firstSeen = await collect(csvBarSource(path, { barSeconds: 60 }));
    const given = await collect(csvBarSource(path, { barSeconds: 60, symbols: ['QQQ', 'SPY'] }));

    // Assert
    expect(firstSeen.map((bar) => bar.open)).toEqual([1, 2, 4, 3]);
    expect(given.map((bar) => bar.open)).toEqual([2, 1, 3, 4]);
  });

  it('when symbols are given and a line names another then throws ROBO_ERR_DATA_INVALID at that line', async () => {
    // Arrange
    const path = await fileWith([HEADER, GOOD, '2026-03-02T09:31:00-05:00,IWM,1,1,1,1,1']);

    // Act
    const error = await errorOf(path, ['SPY']);

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID')).toBe(true);
    expect(String(error)).toContain(`${path}:3 `);
  });

  describe.each([
    ['collected by the first pass', undefined],
    ['given', ['SPY']],
  ])('with symbols %s', (_, symbols) => {
    it.each([
      ['a wrong header', [HEADER.replace(',volume', ''), GOOD], 1],
      ['a header in other letters after a comment', ['# c', HEADER.toUpperCase(), GOOD], 2],
      ['only comments', ['# nothing here'], 2],
      ['a time without an offset', [HEADER, GOOD, '2026-03-02T09:31:00,SPY,680,681,679,680.5,1000'], 3],
      ['a date without a time', [HEADER, GOOD, '2026-03-03,SPY,680,681,679,680.5,1000'], 3],
      ['a time that is not a time', [HEADER, GOOD, 'yesterday,SPY,680,681,679,680.5,1000'], 3],
      ['a time in epoch seconds', [HEADER, GOOD, '1772461860,SPY,680,681,679,680.5,1000'], 3],
      ['a price that is not a number', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,abc,681,679,680.5,1000'], 3],
      ['an empty price', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,,679,680.5,1000'], 3],
      ['an infinite price', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,1e999,679,680.5,1000'], 3],
      ['high below low', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,679,681,680,1000'], 3],
      ['close above high', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,681,679,682,1000'], 3],
      ['a negative volume', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,681,679,680.5,-1'], 3],
      ['six fields', [HEADER, GOOD, '2026-03-02T09:31:00-05:00,SPY,680,681,679,680.5'], 3],
      ['time going backwards', [HEADER, GOOD, '2026-03-02T09:29:00-05:00,SPY,680,681,679,680.5,1000'], 3],
      ['the same bar twice', [HEADER, GOOD, GOOD], 3],
      ['ignored lines before the bad one', [HEADER, GOOD, '', '# note', '2026-03-02T09:31:00,SPY,680,681,679,680.5,1000'], 5],
    ])('when the file has %s then throws ROBO_ERR_DATA_INVALID naming its line', async (_, lines, line) => {
      // Arrange
      const path = await fileWith(lines);

      // Act
      const error = await errorOf(path, symbols);

      // Assert
      expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID'), String(error)).toBe(true);
      expect(String(error)).toContain(`${path}:${line} `);
    });

    it('when lines end in CRLF then line numbers still count each line once', async () => {
      // Arrange
      const path = await fileWith([HEADER, GOOD, '', '2026-03-02T09:31:00,SPY,680,681,679,680.5,1000'], '\r\n');

      // Act
      const error = await errorOf(path, symbols);

      // Assert
      expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID'), String(error)).toBe(true);
      expect(String(error)).toContain(`${path}:4 `);
    });

    it('when the file is empty then throws ROBO_ERR_DATA_INVALID at line 1', async () => {
      // Arrange
      const path = await fileWith([]);

      // Act
      const error = await errorOf(path, symbols);

      // Assert
      expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID'), String(error)).toBe(true);
      expect(String(error)).toContain(`${path}:1 `);
    });

    it('when the file does not exist then throws ROBO_ERR_DATA_INVALID saying it cannot read it', async () => {
      // Arrange
      const path = join(dir, 'missing.csv');

      // Act
      const error = await errorOf(path, symbols);

      // Assert
      expect(isRoboError(error, 'ROBO_ERR_DATA_INVALID'), String(error)).toBe(true);
      expect(String(error)).toContain(`cannot read ${path}`);
    });
  });

  it('when a loop reads five bars of a large file and breaks then it never reached the end and no file handle is left', async () => {
    // Arrange: 200,000 bars whose last line is malformed, so reaching the end would throw.
    const lines = [HEADER];
    for (let i = 0; i < 200_000; i++) lines.push(`${T0930 + i * 60_000},SPY,680,681,679,680.5,1000`);
    lines.push('not,a,bar');
    const path = await fileWith(lines);
    const source = csvBarSource(path, { barSeconds: 60 });
    const before = await resourcesAfterOneTurn();
    const descriptorsBefore = readdirSync('/proc/self/fd').length;

    // Act
    const first: Bar[] = [];
    for await (const bar of source.bars()) {
      first.push(bar);
      if (first.length === 5) break;
    }

    // Assert
    expect(first.map((bar) => bar.time)).toEqual([0, 1, 2, 3, 4].map((i) => T0930 + i * 60_000));
    expect(added(before, await resourcesAfterOneTurn())).toEqual([]);
    expect(readdirSync('/proc/self/fd').length).toBe(descriptorsBefore);
  });
});

/** Resources in `after` beyond those in `before`, counted (a timer of the runner's that ended meanwhile is no leak). */
function added(before: readonly string[], after: readonly string[]): string[] {
  const left = [...before];
  return after.filter((resource) => {
    const index = left.indexOf(resource);
    if (index === -1) return true;
    left.splice(index, 1);
    return false;
  });
}
