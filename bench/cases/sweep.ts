/**
 * `robo sweep` on worker threads against the same runs one after another in one thread: the same eight
 * combinations of an ma-crossover, run by the real CLI as a child process with `--workers 4` and with
 * `--workers 1` (one thread runs every combination in turn). Both print the same JSON, which is checked:
 * a speed-up that changed the results would be no speed-up. Alternated, so a noisy minute hurts both alike.
 */
import { spawn } from 'node:child_process';
import { ROBO } from '../lib/paths.js';

export interface SweepSpeedup {
  /** Wall milliseconds of each round, one thread then the workers. */
  readonly oneThreadMs: readonly number[];
  readonly workersMs: readonly number[];
  readonly runs: number;
}

/** Eight values of the fast average, the slow one fixed. */
const AXIS = 'strategies[0].params.fast=4..18:2';

export async function measureSweep(config: string, options: { readonly workers: number; readonly rounds: number }): Promise<SweepSpeedup> {
  const oneThreadMs: number[] = [];
  const workersMs: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const one = await timedSweep(config, 1);
    const many = await timedSweep(config, options.workers);
    if (one.stdout !== many.stdout) throw new Error('robo sweep printed different results with one worker and with several');
    oneThreadMs.push(one.ms);
    workersMs.push(many.ms);
  }
  return { oneThreadMs, workersMs, runs: 8 };
}

async function timedSweep(config: string, workers: number): Promise<{ readonly ms: number; readonly stdout: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [ROBO, 'sweep', config, `--set=${AXIS}`, '--workers', String(workers), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`robo sweep --workers ${workers} exited with ${String(code)}: ${stderr.slice(0, 500)}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout };
}
