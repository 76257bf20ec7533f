/**
 * `robo sweep` on worker threads against the same runs one after another: the same eight combinations of
 * an ma-crossover, run by the real CLI as a child process with `--workers 4`, with `--workers 1` (one
 * thread runs every combination in turn, its code compiled once), and as eight `robo backtest --set …`
 * commands in turn (what a user without sweep would run). The sweeps print the same JSON, and each
 * backtest's summary equals its row's, which is checked: a speed-up that changed the results would be no
 * speed-up. Alternated, so a noisy minute hurts each alike.
 */
import { spawn } from 'node:child_process';
import { ROBO } from '../lib/paths.js';

export interface SweepSpeedup {
  /** Wall milliseconds of each round, one thread then the workers. */
  readonly oneThreadMs: readonly number[];
  readonly workersMs: readonly number[];
  /** Wall milliseconds of the eight `robo backtest` commands in turn, each round. */
  readonly backtestsMs: readonly number[];
  readonly runs: number;
  /**
   * The ceiling the machine allowed meanwhile: two `robo backtest` processes one after the other, over
   * the two at once, each round. On a quiet 2-core machine about 2; on a shared one whatever is left.
   */
  readonly machineParallelism: readonly number[];
}

/** Eight values of the fast average, the slow one fixed. */
const PATH = 'strategies[0].params.fast';
const VALUES = [4, 6, 8, 10, 12, 14, 16, 18];
const AXIS = `${PATH}=4..18:2`;

export async function measureSweep(config: string, options: { readonly workers: number; readonly rounds: number }): Promise<SweepSpeedup> {
  const oneThreadMs: number[] = [];
  const workersMs: number[] = [];
  const machineParallelism: number[] = [];
  const backtestsMs: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const one = await timedSweep(config, 1);
    const many = await timedSweep(config, options.workers);
    if (one.stdout !== many.stdout) throw new Error('robo sweep printed different results with one worker and with several');
    oneThreadMs.push(one.ms);
    workersMs.push(many.ms);
    const rows = (JSON.parse(many.stdout) as { runs: { index: number; summary: unknown }[] }).runs;
    const inTurn = process.hrtime.bigint();
    for (const [index, value] of VALUES.entries()) {
      const backtest = await timed(config, ['backtest', config, '--json', '--set', `${PATH}=${value}`]);
      const row = rows.find((r) => r.index === index);
      if (JSON.stringify(row?.summary) !== backtest.stdout.trim()) throw new Error(`robo backtest --set ${PATH}=${value} printed another summary than the sweep's row ${index}`);
    }
    backtestsMs.push(Number(process.hrtime.bigint() - inTurn) / 1e6);
    const started = process.hrtime.bigint();
    await timed(config, ['backtest', config, '--json']);
    await timed(config, ['backtest', config, '--json']);
    const sequential = Number(process.hrtime.bigint() - started) / 1e6;
    const both = process.hrtime.bigint();
    await Promise.all([timed(config, ['backtest', config, '--json']), timed(config, ['backtest', config, '--json'])]);
    machineParallelism.push(sequential / (Number(process.hrtime.bigint() - both) / 1e6));
  }
  return { oneThreadMs, workersMs, backtestsMs, runs: VALUES.length, machineParallelism };
}

function timedSweep(config: string, workers: number): Promise<{ readonly ms: number; readonly stdout: string }> {
  return timed(config, ['sweep', config, `--set=${AXIS}`, '--workers', String(workers), '--json']);
}

async function timed(config: string, args: readonly string[]): Promise<{ readonly ms: number; readonly stdout: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [ROBO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`robo ${args.join(' ')} on ${config} exited with ${String(code)}: ${stderr.slice(0, 500)}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout };
}
