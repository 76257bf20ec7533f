/** Runs one benchmark job in a fresh worker process and returns its one-line JSON result. */
import { spawn } from 'node:child_process';
import type { Job } from '../worker.js';
import { WORKER } from './paths.js';

/**
 * Robo's logs (stderr) go to /dev/null: writing them costs what it costs in a real run, but nothing
 * reads them, so the parent never competes with the case for one of the machine's two cores.
 */
export function runJob<T>(job: Job, options: { readonly nodeArgs?: readonly string[]; readonly timeoutMs?: number } = {}): Promise<T> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), WORKER, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        reject(new Error(`benchmark job ${job.kind} ended with ${String(signal ?? code)} and no result: ${out.slice(0, 500)}`));
        return;
      }
      const error = (parsed as { error?: string }).error;
      if (code !== 0 || error !== undefined) reject(new Error(`benchmark job ${job.kind} failed: ${error ?? `exit ${String(signal ?? code)}`}`));
      else resolve(parsed as T);
    });
  });
}
