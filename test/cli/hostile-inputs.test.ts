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
import { collect, runRobo, sampleConfig, spawnRobo, writeConfig, type CliResult } from '../support/cli.js';

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

  // A folder is read as its .csv files together (docs/data.md); those files get the same refusals as data.path itself.
  it.each([
    ['a folder with no .csv file', (dir: string) => { mkdirSync(join(dir, 'bars')); return './bars'; }, 'expected a folder with .csv files of bars, was one with none'],
    ['a folder whose .csv file is a FIFO', (dir: string) => { mkdirSync(join(dir, 'bars')); execFileSync('mkfifo', [join(dir, 'bars', 'spy.csv')]); return './bars'; }, 'is not a regular file'],
  ])('when data.path is %s then robo validate refuses it at once with exit 2 and prints nothing of it', async (_name, pathIn, message) => {
    // Arrange
    const file = writeConfig('');
    writeFileSync(file, csvConfig(pathIn(dirname(file))));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env: { ROBO_TEST_SECRET: SECRET } });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain(message);
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

describe('paths built from environment variables', () => {
  // A folder name stands in for a secret: a token in a mount path, a user name in a home folder.
  const SECRET = 'tok3n-in-a-path';
  const BAD_LAST_ROW = 'time,symbol,open,high,low,close,volume\n2026-03-02T09:30:00-05:00,SPY,1,1,1,1,100\n2026-03-02T09:31:00-05:00,SPY,1,1,1,1,-5\n';

  /** A config in a fresh folder whose `extra` names `${ROBO_TEST_DIR}`, set to a subfolder called SECRET. */
  function configWith(yaml: string, files: Record<string, string> = {}): { file: string; env: NodeJS.ProcessEnv } {
    const file = writeConfig(yaml);
    const secretDir = join(dirname(file), SECRET);
    mkdirSync(secretDir);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(secretDir, name), content);
    return { file, env: { ROBO_TEST_DIR: secretDir } };
  }

  it('when data.path is ${VAR}/bars.csv and a row is bad then the error names the path as written in the config', async () => {
    // Arrange
    const { file, env } = configWith(sampleConfig({ data: 'data:\n  source: csv\n  path: ${ROBO_TEST_DIR}/bars.csv\n  barSeconds: 60' }), { 'bars.csv': BAD_LAST_ROW });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain('${ROBO_TEST_DIR}/bars.csv:3 volume');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('when data.path is ${VAR}/missing.csv then the error says it cannot read the path as written', async () => {
    // Arrange
    const { file, env } = configWith(sampleConfig({ data: 'data:\n  source: csv\n  path: ${ROBO_TEST_DIR}/missing.csv\n  barSeconds: 60' }));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toContain('cannot read ${ROBO_TEST_DIR}/missing.csv');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('when journal.path is ${VAR}/journal.sqlite then robo start, robo journal and robo breaker status never print its value', async () => {
    // Arrange
    const { file, env } = configWith(`${sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 100000 }' })}journal:\n  path: \${ROBO_TEST_DIR}/journal.sqlite\n`);

    // Act
    const started = await runRobo(['start', file], { timeoutMs: 60_000, env });
    const journal = await runRobo(['journal', file], { timeoutMs: 20_000, env });
    const journalJson = await runRobo(['journal', file, '--json'], { timeoutMs: 20_000, env });
    const breaker = await runRobo(['breaker', 'status', file], { timeoutMs: 20_000, env });

    // Assert
    for (const result of [started, journal, journalJson, breaker]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }
    expect(started.stdout).toContain('${ROBO_TEST_DIR}/journal.sqlite');
    expect(journal.stdout).toContain('${ROBO_TEST_DIR}/journal.sqlite');
  });

  it('when calendar.additionsFile is ${VAR}/calendar.yaml and it is missing then the error names it as written', async () => {
    // Arrange
    const { file, env } = configWith(`${sampleConfig()}calendar:\n  additionsFile: \${ROBO_TEST_DIR}/calendar.yaml\n`);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('calendar.additionsFile');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('when safety.costs.ratesFiles names ${VAR}/rates.yaml and it is missing then the error names it as written', async () => {
    // Arrange
    const { file, env } = configWith(`${sampleConfig()}safety:\n  costs:\n    ratesFiles: ["\${ROBO_TEST_DIR}/rates.yaml"]\n`);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000, env });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the rates file ${ROBO_TEST_DIR}/rates.yaml does not exist');
    expect(result.stderr).not.toContain(SECRET);
  });
});

describe('a rates file named through an environment variable', () => {
  const SECRET = 'tok3n-in-a-rates-path';
  const TAF_2026 = 'schemaVersion: 1\ntable: finra-taf\nverifiedThrough: "2026-03-31"\nrows:\n  - from: "2026-03-01"\n    perShare: "0.000195"\n    maxPerTrade: "9.79"\n    sources: [{ title: "FINRA Schedule A" }]\n';

  it('when its rows are used then robo cost, the fills\' log and the run summary name it as written, never expanded', async () => {
    // Arrange
    const file = writeConfig(`${sampleConfig()}safety:\n  costs:\n    ratesFiles: ["\${ROBO_RATES}/taf.yaml"]\n`);
    const secretDir = join(dirname(file), SECRET);
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'taf.yaml'), TAF_2026);
    const env = { ROBO_RATES: secretDir };

    // Act
    const cost = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '100', '--price', '50', '--date', '2026-03-02', '--json'], { env });
    const backtest = await runRobo(['backtest', file, '--json', '--log-level', 'debug'], { env, timeoutMs: 60_000 });

    // Assert
    expect(cost.code, cost.stderr).toBe(0);
    expect((JSON.parse(cost.stdout) as { rates: Record<string, { file?: string }> }).rates['finra-taf']?.file).toBe('${ROBO_RATES}/taf.yaml');
    expect(backtest.code, backtest.stderr).toBe(0);
    expect(backtest.stderr).toContain('${ROBO_RATES}/taf.yaml');
    for (const output of [cost.stdout, cost.stderr, backtest.stdout, backtest.stderr]) expect(output).not.toContain(SECRET);
  });
});

describe('a config or table path into the kernel\'s files', () => {
  const SECRET = 'hunter2-in-the-environment';

  it('when the config itself is /proc/self/environ then robo validate refuses the path and prints nothing of it', async () => {
    // Act
    const result = await runRobo(['validate', '/proc/self/environ'], { timeoutMs: 20_000, env: { ROBO_TEST_SECRET: SECRET } });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_NOT_FOUND');
    expect(result.stderr).toContain('is not a regular file');
    expect(result.stderr).not.toContain('ROBO_TEST_SECRET');
  });

  it.each([
    ['calendar.additionsFile', (path: string) => `calendar:\n  additionsFile: ${path}\n`],
    ['safety.costs.ratesFiles', (path: string) => `safety:\n  costs:\n    ratesFiles: [${path}]\n`],
  ])('when %s names /proc/self/status then validate refuses it at its key and quotes nothing of it', async (key, yaml) => {
    // Arrange
    const file = writeConfig(`${sampleConfig()}${yaml('/proc/self/status')}`);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr).toContain(key.split('.').at(-1));
    expect(result.stderr).toContain('is not a regular file');
    expect(result.stderr).not.toMatch(/\bName\b|\bPid\b|VmRSS/);
  });
});

describe('a bar file with a line no bar file has', () => {
  const csvConfig = sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' });
  const HEADER = 'time,symbol,open,high,low,close,volume\n';

  it.each([['+99'], ['-29:59'], ['-04:60'], ['-0499']])('when a bar time has the impossible offset %s then validate refuses it at its line instead of moving the bar', async (offset) => {
    // Arrange
    const file = writeConfig(csvConfig, { 'bars.csv': `${HEADER}2026-03-02T09:30:00${offset},SPY,1,1,1,1,100\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr).toMatch(/bars\.csv:2 time: .*offset/);
  });
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
    expect(result.stderr).toMatch(/bars\.csv:\d+ .*longer than 4096 bytes/);
    expect(result.stderr.length).toBeLessThan(2000);
  });
});

describe('a bar file with symbols no exchange writes', () => {
  it('when a symbol has a control character or is 3,000 letters long then validate refuses those lines, quoting a short, printable excerpt', async () => {
    // Arrange
    const bar = (symbol: string): string => `2026-03-02T09:30:00-05:00,${symbol},1,1,1,1,100`;
    const rows = ['time,symbol,open,high,low,close,volume', bar('SPY'), bar('sp\u001by'), bar('Q'.repeat(3000)), bar('brk.b')];
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': `${rows.join('\n')}\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/bars\.csv: 3 lines are not valid bars$/);
    expect(result.stderr).toMatch(/bars\.csv:3 symbol: expected a ticker symbol .*, was "sp\?y"/);
    expect(result.stderr).toMatch(/bars\.csv:4 symbol: expected a ticker symbol .*, was "Q{24}… \(3000 characters\)"/);
    expect(result.stderr).toMatch(/bars\.csv:5 symbol: expected a ticker symbol .*, was "brk\.b"/);
    expect(result.stderr).not.toContain('\u001b');
  });
});

describe('a bar file with an overlong line among other bad lines', () => {
  it('when a line is longer than 4096 bytes then validate still reads on and lists the bad lines after it too', async () => {
    // Arrange: line 3 is 10,000 bytes (split across reads or not), line 5 has a negative volume, line 7 is 300 KB.
    const good = (minute: number): string => `2026-03-02T09:${String(30 + minute).padStart(2, '0')}:00-05:00,SPY,1,1,1,1,100`;
    const rows = ['time,symbol,open,high,low,close,volume', good(0), `${good(1)}${' '.repeat(10_000)}`, good(2), good(3).replace(/,100$/, ',-1'), good(4), 'x'.repeat(300_000), good(6)];
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': `${rows.join('\n')}\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/bars\.csv: 3 lines are not valid bars$/);
    expect(result.stderr).toMatch(/bars\.csv:3 .*longer than 4096 bytes/);
    expect(result.stderr).toMatch(/bars\.csv:5 volume: expected a number >= 0, was -1/);
    expect(result.stderr).toMatch(/bars\.csv:7 .*longer than 4096 bytes/);
    expect(result.stderr.length).toBeLessThan(3000);
  });
});

describe('a config that would run and trade nothing, or trade on half a file', () => {
  const csvData = 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60\n  pace: { barsPerSecond: 100000 }';
  /** 400 good minutes of SPY rising and falling, enough for the crossover to trade, then `last`. */
  function barFile(last: string): string {
    const lines = ['time,symbol,open,high,low,close,volume'];
    const open = Date.parse('2026-03-02T14:30:00Z');
    for (let i = 0; i < 380; i++) {
      const price = (100 + 5 * Math.sin(i / 15)).toFixed(2);
      lines.push(`${new Date(open + i * 60_000).toISOString()},SPY,${price},${price},${price},${price},100000`);
    }
    return `${lines.join('\n')}\n${last}\n`;
  }

  it.each([
    ['an extra column', '2026-03-02T20:59:00Z,SPY,100,100,100,100,100,7'],
    ['time going backwards', '2026-03-02T14:31:00Z,SPY,100,100,100,100,100'],
    ['high below low', '2026-03-02T20:59:00Z,SPY,100,99,101,100,100'],
    ['a negative volume', '2026-03-02T20:59:00Z,SPY,100,100,100,100,-1'],
    ['a price of zero', '2026-03-02T20:59:00Z,SPY,0,0,0,0,100'],
    ['a negative price', '2026-03-02T20:59:00Z,SPY,-1,-1,-1,-1,100'],
    ['a bar that starts before the one before it ended', '2026-03-02T20:49:30Z,SPY,100,100,100,100,100'],
    ['an epoch time no calendar reaches', '9007199254740991,SPY,100,100,100,100,100'],
  ])('when the last row of the bar file has %s then validate refuses the file and start refuses it before any trade', async (_name, last) => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: csvData }), { 'bars.csv': barFile(last) });

    // Act
    const validated = await runRobo(['validate', file], { timeoutMs: 30_000 });
    const started = await runRobo(['start', file], { timeoutMs: 60_000 });

    // Assert
    expectOneRoboError(validated, 'ROBO_ERR_DATA_INVALID');
    expect(validated.stderr).toContain('bars.csv:382');
    expectOneRoboError(started, 'ROBO_ERR_DATA_INVALID');
    expect(started.stdout).not.toContain('filled');
  });

  it('when many rows of the bar file are bad then validate lists the first twenty with their lines and counts the rest', async () => {
    // Arrange: rows 3, 5, 7, … (every second minute) get a negative volume: 190 bad lines, each a different row.
    const rows = barFile('').trimEnd().split('\n').map((row, index) => (index >= 2 && index % 2 === 0 ? row.replace(/,100000$/, ',-1') : row));
    const file = writeConfig(sampleConfig({ data: csvData }), { 'bars.csv': `${rows.join('\n')}\n` });

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 30_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_DATA_INVALID');
    expect(result.stderr.split('\n')[0]).toMatch(/bars\.csv: 190 lines are not valid bars$/);
    const listed = [...result.stderr.matchAll(/bars\.csv:(\d+) volume: expected a number >= 0, was -1/g)].map((match) => Number(match[1]));
    expect(listed).toEqual(Array.from({ length: 20 }, (_, i) => 3 + 2 * i));
    expect(result.stderr).toContain('… and 170 more');
  });

  it('when a strategy trades a symbol the data does not have then validate names it at its line', async () => {
    // Arrange
    const strategies = 'strategies:\n  - id: qqq-trend\n    kind: ma-crossover\n    symbols: [QQQ]\n    params: { fast: 5, slow: 20 }\n    sizing: { quantity: 100 }';
    const file = writeConfig(sampleConfig({ strategies }));

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 20_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ strategies\[0\]\.symbols\[0\] expected a symbol the data has \(SPY\), was QQQ/);
  });
});

describe('a signal that would open a debugger', () => {
  it('when robo start is sent SIGUSR1 then no inspector opens, it says so, and it keeps trading until Ctrl-C', async () => {
    // Arrange
    const slow = sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 2\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 5 }' });
    const child = spawnRobo(['start', writeConfig(slow)]);
    const done = collect(child, 60_000);
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('first bar processed')) resolve();
      });
    });

    // Act
    child.kill('SIGUSR1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const result = await done;

    // Assert
    expect(result.stderr).not.toContain('Debugger listening');
    expect(result.stderr).toContain('SIGUSR1 ignored');
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('a config with more errors than anyone reads', () => {
  it('when a config has 20,000 unknown keys then validate prints the first errors and how many more, not megabytes', async () => {
    // Arrange
    const junk = Array.from({ length: 20_000 }, (_, i) => `  junk${i}: 1`).join('\n');
    const file = writeConfig(`${sampleConfig()}log:\n${junk}\n`);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 30_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr).toContain('20000 errors in');
    expect(result.stderr).toMatch(/and 199\d\d more errors/);
    expect(result.stderr.length).toBeLessThan(20_000);
  });

  it('when a key is 100,000 characters long then the error quotes a short piece of it', async () => {
    // Arrange
    const file = writeConfig(`${sampleConfig()}${'k'.repeat(100_000)}: 1\n`);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 30_000 });

    // Assert
    expectOneRoboError(result, 'ROBO_ERR_CONFIG_INVALID');
    expect(result.stderr.length).toBeLessThan(5_000);
  });
});

describe('a bar file saved with old Mac line endings', () => {
  it('when every line ends with CR alone then backtest reads each bar', async () => {
    // Arrange
    const bars = ['time,symbol,open,high,low,close,volume', '2026-03-02T09:30:00-05:00,SPY,1,1,1,1,100', '2026-03-02T09:31:00-05:00,SPY,1,1,1,1,100', ''].join('\r');
    const file = writeConfig(sampleConfig({ data: 'data:\n  source: csv\n  path: ./bars.csv\n  barSeconds: 60' }), { 'bars.csv': bars });

    // Act
    const result = await runRobo(['backtest', file, '--json'], { timeoutMs: 30_000 });

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { bars: number }).bars).toBe(2);
  });
});
