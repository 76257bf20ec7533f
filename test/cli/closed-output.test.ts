/**
 * Every command with its output closed by the reader before it writes (`robo … | true`, a pager quit at
 * once, `2>&-`): the command does its work and ends with the exit code it would have had — the reader
 * leaving is not the command failing — with no stack trace and no EPIPE text on the other stream.
 * Real child processes whose stdout or stderr pipe is closed as soon as they start.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROBO, ROOT, runRobo, sampleConfig, writeConfig, type CliResult } from '../support/cli.js';

/** Runs robo with one of its output pipes closed by the reader at once. */
function runWithClosed(stream: 'stdout' | 'stderr', args: readonly string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [ROBO, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child[stream].destroy();
  let other = '';
  const open = stream === 'stdout' ? child.stderr : child.stdout;
  open.setEncoding('utf8').on('data', (chunk: string) => { other += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`robo ${args.join(' ')} did not exit\n${other}`)); }, 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: stream === 'stdout' ? '' : other, stderr: stream === 'stderr' ? '' : other });
    });
  });
}

const DAY = 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 1\n  barSeconds: 60\n  seed: 42\n  pace: { barsPerSecond: 100000 }';
const config = writeConfig(sampleConfig({ data: DAY }));
const broken = writeConfig('version: 1\naccount: [\n');
const COST = ['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '10.5', '--date', '2026-03-02'];

describe('a command whose reader has gone', () => {
  // The journal the reading commands (journal, breaker) read.
  beforeAll(async () => {
    expect((await runRobo(['start', config])).code).toBe(0);
  });

  it.each([
    [['validate', config], 0],
    [['validate', broken], 2],
    [['start', config], 0],
    [['start', config, '--json'], 0],
    [['backtest', config], 0],
    [['backtest', config, '--json'], 0],
    [['journal', config], 0],
    [['journal', config, '--json'], 0],
    [['breaker', 'status', config], 0],
    [['breaker', 'status', config, '--json'], 0],
    [['breaker', 'reset', config], 0],
    [['cost', ...COST.slice(1)], 0],
    [['cost', ...COST.slice(1), '--json'], 0],
    [['plugins', config], 0],
    [['plugins', config, '--json'], 0],
    [['--help'], 0],
    [['--version'], 0],
    [['frobnicate'], 2],
  ] as const)('when stdout is closed then robo %j ends with exit %i and no stack trace', async (args, code) => {
    // Act
    const result = await runWithClosed('stdout', args);

    // Assert
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at .+:\d+:\d+|ROBO_ERR_INTERNAL/);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(code);
  });

  it.each([
    [['validate', broken], 2],
    [['validate', '/nonexistent/robo.config.yaml'], 2],
    [['start', config], 0],
    [['backtest', config], 0],
    [['frobnicate'], 2],
  ] as const)('when stderr is closed then robo %j ends with exit %i and stdout holds no stack trace', async (args, code) => {
    // Act
    const result = await runWithClosed('stderr', args);

    // Assert
    expect(result.stdout).not.toMatch(/EPIPE|\n\s+at .+:\d+:\d+|ROBO_ERR_INTERNAL/);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(code);
  });
});
