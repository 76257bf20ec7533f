/**
 * Runs a sweep's jobs on worker threads, each worker one job at a time, and hands every result back by
 * job id. A worker that dies (an uncaught error, out of memory) fails only the job it held — reported as
 * that job's result — and a new worker takes over the rest. Aborting terminates every worker: no thread
 * outlives the sweep.
 */
import { Worker } from 'node:worker_threads';
import { messageOf } from '../domain/errors.js';
import type { JobResult, SweepJob } from './job.js';

const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

export interface PoolOptions {
  readonly workers: number;
  readonly signal: AbortSignal;
  /** Each result as it comes, in whatever order the workers finish. */
  readonly onResult: (result: JobResult) => void;
}

/** Resolves once every job has a result; rejects with the abort's reason once aborted, after terminating the workers. */
export function runOnWorkers(jobs: readonly SweepJob[], options: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue = [...jobs];
    const live = new Set<Worker>();
    let remaining = jobs.length;
    let stopped = false;

    /** Records a result; false once it was the last, and the pool is stopping. */
    const finish = (result: JobResult): boolean => {
      options.onResult(result);
      remaining--;
      if (remaining > 0) return true;
      stop().then(resolve, reject);
      return false;
    };
    const stop = async (): Promise<void> => {
      stopped = true;
      options.signal.removeEventListener('abort', onAbort);
      await Promise.all([...live].map((worker) => worker.terminate()));
      live.clear();
    };
    const onAbort = (): void => {
      if (stopped) return;
      stop().then(() => reject(options.signal.reason as Error), reject);
    };

    const start = (): void => {
      const first = queue.shift();
      if (first === undefined) return;
      const worker = new Worker(WORKER_SCRIPT, { stdout: true, stderr: true });
      live.add(worker);
      // Whatever a run writes to process.stdout or stderr is dropped: the sweep's terminal shows the table and the bar only.
      worker.stdout.resume();
      worker.stderr.resume();
      let current: SweepJob = first;
      const next = (): void => {
        const job = queue.shift();
        if (job === undefined) {
          live.delete(worker);
          void worker.terminate();
          return;
        }
        current = job;
        worker.postMessage(job);
      };
      worker.on('message', (result: JobResult) => {
        if (!stopped && finish(result)) next();
      });
      // A worker that dies fails the job it held, and only that one; a fresh worker takes the queue on.
      const died = (why: string): void => {
        if (stopped || !live.has(worker)) return;
        live.delete(worker);
        if (finish({ id: current.id, error: { code: 'ROBO_ERR_INTERNAL', message: `the worker thread running this combination died: ${why}` } })) start();
      };
      worker.on('error', (error) => died(messageOf(error)));
      worker.on('exit', (code) => died(`it exited with code ${code}`));
      worker.postMessage(current);
    };

    if (options.signal.aborted) { reject(options.signal.reason as Error); return; }
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (jobs.length === 0) { resolve(); return; }
    for (let i = 0; i < Math.min(options.workers, jobs.length); i++) start();
  });
}
