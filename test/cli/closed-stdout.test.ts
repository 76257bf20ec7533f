/**
 * A reader that goes away mid-output (`robo … | head -c 1`): every command ends quietly — no EPIPE stack
 * trace, no ROBO_ERR_INTERNAL — with the exit code it would have had, since the reader leaving is not the
 * command failing (README, Exit codes). A running session stops the normal way, as on SIGTERM, and a
 * command that writes state leaves it whole. Real child processes whose pipe is closed after its first
 * chunk; where a command can say much, it is given enough to say several times what a pipe holds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROBO, ROOT, collect, runRobo, sampleConfig, spawnRobo, writeConfig, type CliResult } from '../support/cli.js';

/** Runs robo and closes one of its output pipes once the first chunk arrives there, as `head -c 1` does. */
async function readOneChunkThenLeave(stream: 'stdout' | 'stderr', args: readonly string[]): Promise<CliResult> {
  const child = spawnRobo(args);
  const done = collect(child, 60_000);
  child[stream]?.once('data', () => child[stream]?.destroy());
  return done;
}

/** Longer than any of these commands takes, shorter than a test may: a hang fails as a hang. */
const HANG = 20_000;

/** Runs robo with its stderr pipe closed by the reader before anything is written there. */
async function runWithStderrGone(args: readonly string[]): Promise<CliResult> {
  const child = spawnRobo(args);
  child.stderr?.destroy();
  return collect(child, HANG);
}

/**
 * Runs robo with `stream` connected to a TCP reader that resets the connection on the first chunk it
 * gets (a log shipper that dies, `robo … | nc host port` cut off): the writer then sees ECONNRESET, not EPIPE.
 */
async function runWithSocketReset(stream: 'stdout' | 'stderr', args: readonly string[]): Promise<CliResult> {
  const server = createServer((connection) => {
    connection.on('error', () => undefined);
    connection.once('data', () => connection.resetAndDestroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const socket: Socket = await new Promise((resolve) => { const s = connect(port, '127.0.0.1', () => resolve(s)); });
  const child = spawn(process.execPath, [ROBO, ...args], { cwd: ROOT, stdio: ['ignore', stream === 'stdout' ? socket : 'pipe', stream === 'stderr' ? socket : 'pipe'] });
  socket.destroy(); // the child holds its own copy of the connection
  try {
    return await collect(child, HANG);
  } finally {
    server.close();
  }
}

/** Nothing on the open stream says the closed one failed: no stack trace, no EPIPE, no internal error. */
function expectQuietEnd(result: CliResult, code: number): void {
  const open = result.stderr + result.stdout;
  expect(open).not.toContain('    at ');
  expect(open).not.toContain('EPIPE');
  expect(open).not.toContain('ROBO_ERR_INTERNAL');
  expect(result.signal).toBeNull();
  expect(result.code, result.stderr).toBe(code);
}

const generated = (days: number, barsPerSecond: number): string =>
  `data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: ${days}\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: ${barsPerSecond} }`;
/** Crosses on most bars: about 1600 orders in 12 days, a journal whose text is over 250 KB and JSON over 700 KB. */
const EVERY_CROSS = 'strategies:\n  - id: spy-trend-following-every-minute-bar\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 2, slow: 3 }\n    sizing: { quantity: 1 }';
const COST = ['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '10.5', '--date', '2026-03-02'];

describe('robo start with its stdout closed by the reader', () => {
  it('when the reader of stdout goes away after the first line then the session stops the normal way and exits 0 without a stack trace', async () => {
    // Arrange: a run long enough to still be trading when the reader leaves
    const file = writeConfig(sampleConfig({ data: generated(5, 500) }));
    const child = spawnRobo(['start', file]);
    const done = collect(child, 60_000);

    // Act: read one chunk, then close the pipe as `head -1` does
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.stdout?.destroy();
    const result = await done;

    // Assert
    expect(result.signal).toBeNull();
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('    at ');
    expect(result.code).toBe(0);
  });

  it.each([[[]], [['--json']]])('when robo start %j loses its reader once it trades then its journal is closed, unlocked and has no order left open', async (flags) => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generated(5, 500), strategies: EVERY_CROSS }));
    const child = spawnRobo(['start', file, ...flags]);
    const done = collect(child, 60_000);

    // Act: leave once the first order was sent
    let seen = '';
    child.stdout?.on('data', (chunk: string) => {
      seen += chunk;
      if (/"msg":"order \d+ /.test(seen)) child.stdout?.destroy();
    });
    const result = await done;
    const journal = await runRobo(['journal', file, '--json']);

    // Assert: the journal reads whole, every order in it has ended, and the session's lock is gone
    expectQuietEnd(result, 0);
    expect(journal.code, journal.stderr).toBe(0);
    const orders = (JSON.parse(journal.stdout) as { orders: { state: string }[] }).orders;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.filter((order) => !['filled', 'cancelled', 'rejected'].includes(order.state))).toEqual([]);
    expect(existsSync(join(dirname(file), '.robo', 'journal.sqlite.lock'))).toBe(false);
  });
});

describe('every command with its stdout closed after the first chunk', () => {
  const config = writeConfig(sampleConfig({ data: generated(12, 100_000), strategies: EVERY_CROSS }));
  // The journal robo journal prints and the breaker commands read: long enough to overflow the pipe.
  beforeAll(async () => {
    expect((await runRobo(['start', config])).code).toBe(0);
  }, 120_000);

  it.each([
    [['journal', config]],
    [['journal', config, '--json']],
    [['start', config]],
    [['start', config, '--json']],
    [['backtest', config]],
    [['backtest', config, '--json']],
    [['validate', config]],
    [['plugins', config]],
    [['plugins', config, '--json']],
    [['breaker', 'status', config]],
    [['breaker', 'status', config, '--json']],
    [COST],
    [[...COST, '--json']],
    [['--help']],
    [['help', 'start']],
    [['--version']],
  ])('when robo %j loses its reader after the first chunk then it ends with exit 0, quietly', async (args) => {
    // Act
    const result = await readOneChunkThenLeave('stdout', args);

    // Assert
    expectQuietEnd(result, 0);
  });

  it('when robo breaker reset loses its reader then the halt is lifted all the same', async () => {
    // Arrange: a halted breaker
    const file = writeConfig(sampleConfig());
    mkdirSync(join(dirname(file), '.robo'));
    writeFileSync(join(dirname(file), '.robo', 'state.json'), JSON.stringify({ 'robo:circuit-breaker': { version: 1, state: 'HALTED', reason: 'a test halt', trip: { kind: 'daily-loss', reason: 'a test halt', atMs: 1772463600000 } } }));

    // Act
    const result = await readOneChunkThenLeave('stdout', ['breaker', 'reset', file]);
    const status = await runRobo(['breaker', 'status', file, '--json']);

    // Assert
    expectQuietEnd(result, 0);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'ACTIVE' });
  });

  it('when robo init loses its reader then the project it made is whole and validates', async () => {
    // Arrange
    const dir = join(mkdtempSync(join(tmpdir(), 'robo-init-')), 'project');

    // Act
    const result = await readOneChunkThenLeave('stdout', ['init', dir]);
    const validated = await runRobo(['validate', join(dir, 'robo.config.yaml')]);

    // Assert
    expectQuietEnd(result, 0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ private: true });
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('robo.config.yaml');
    expect(validated.code, validated.stderr).toBe(0);
  });
});

describe('a command with its stderr closed after the first chunk', () => {
  it('when robo backtest logs to a reader that goes away then the run finishes and its summary is printed whole', async () => {
    // Arrange: info logs on stderr, many of them
    const file = writeConfig(sampleConfig({ data: generated(5, 100_000), strategies: EVERY_CROSS }));

    // Act
    const result = await readOneChunkThenLeave('stderr', ['backtest', file, '--json', '--log-level', 'info']);

    // Assert
    expectQuietEnd(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ end: 'end-of-data' });
  });

  it('when robo validate reports many errors to a reader that goes away then it still exits 2', async () => {
    // Arrange: one error per strategy, two thousand of them
    const strategies = Array.from({ length: 2000 }, (_, i) => `  - { id: s${i}, kind: ma-crossover, symbols: [SPY], params: { fast: 5, slow: 20 }, sizing: { quantity: -1 } }`);
    const file = writeConfig(`${sampleConfig({ strategies: 'strategies:' })}${strategies.join('\n')}\n`);

    // Act
    const result = await readOneChunkThenLeave('stderr', ['validate', file]);

    // Assert
    expectQuietEnd(result, 2);
  });
});

describe('a command whose stderr reader is gone before it writes', () => {
  it('when robo backtest --json has a few warnings for a closed stderr then it ends with exit 0 and prints its summary', async () => {
    // Arrange: a few warnings (orders refused at the close), fewer than the log buffer holds
    const file = writeConfig(sampleConfig({ data: generated(5, 100_000), strategies: EVERY_CROSS }));

    // Act
    const result = await runWithStderrGone(['backtest', file, '--json']);

    // Assert
    expectQuietEnd(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ end: 'end-of-data' });
  });
});

describe('a reader over a socket that resets the connection', () => {
  it('when robo start writes its logs to a socket that is reset then the session stops the normal way and exits 0', async () => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generated(5, 500), strategies: EVERY_CROSS }));

    // Act
    const result = await runWithSocketReset('stdout', ['start', file]);
    const journal = await runRobo(['journal', file, '--json']);

    // Assert
    expectQuietEnd(result, 0);
    expect(journal.code, journal.stderr).toBe(0);
    expect(existsSync(join(dirname(file), '.robo', 'journal.sqlite.lock'))).toBe(false);
  });

  it.each([[['--json']], [['--log-level', 'info']]])('when robo backtest %j logs to a socket that is reset then the run finishes with exit 0 and prints its summary', async (flags) => {
    // Arrange
    const file = writeConfig(sampleConfig({ data: generated(5, 100_000), strategies: EVERY_CROSS }));

    // Act
    const result = await runWithSocketReset('stderr', ['backtest', file, ...flags]);

    // Assert
    expectQuietEnd(result, 0);
    expect(result.stdout).toMatch(/end-of-data|end of data/); // --json says it one way, the text summary the other
  });
});
