/**
 * Worker threads for a sweep's jobs, each worker one job at a time, every result handed back by job id.
 * The workers start before the jobs are known, so their imports load while the main thread still checks
 * every combination. A worker that dies (an uncaught error, out of memory) fails only the job it held —
 * reported as that job's result — and a new worker takes over the rest. Closing or aborting terminates
 * every worker: no thread outlives the sweep.
 */
import { Worker } from 'node:worker_threads';
import { messageOf } from '../domain/errors.js';
import type { JobResult, SweepJob } from './job.js';

const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

export interface RunOptions {
  readonly signal: AbortSignal;
  /** Each result as it comes, in whatever order the workers finish. */
  readonly onResult: (result: JobResult) => void;
}

export class WorkerPool {
  #idle: Worker[] = [];
  readonly #live = new Set<Worker>();

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  /** Resolves once every job has a result; rejects with the abort's reason once aborted, after terminating the workers. */
  run(jobs: readonly SweepJob[], options: RunOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = [...jobs];
      let remaining = jobs.length;
      let stopped = false;
      const settle = (end: () => void): void => {
        stopped = true;
        options.signal.removeEventListener('abort', onAbort);
        this.close().then(end, reject);
      };
      const onAbort = (): void => { if (!stopped) settle(() => reject(options.signal.reason as Error)); };
      /** Records a result; false once it was the last, and the pool is closing. */
      const finish = (result: JobResult): boolean => {
        options.onResult(result);
        remaining--;
        if (remaining > 0) return true;
        settle(resolve);
        return false;
      };
      const drive = (worker: Worker): void => {
        // One that died while it waited for its first job (during its imports) is replaced before it is given one.
        if (!this.#live.has(worker)) { drive(this.#spawn()); return; }
        let current: SweepJob | undefined;
        let gone = false;
        const next = (): void => {
          current = queue.shift();
          if (current === undefined) this.#retire(worker);
          else worker.postMessage(current);
        };
        worker.on('message', (result: JobResult) => {
          if (!stopped && finish(result)) next();
        });
        // A worker that dies fails the job it held, and only that one; a fresh worker takes the queue on.
        const died = (why: string): void => {
          if (stopped || gone) return;
          gone = true;
          this.#live.delete(worker);
          if (current === undefined) return;
          if (finish({ id: current.id, error: { code: 'ROBO_ERR_INTERNAL', message: `the worker thread running this combination died: ${why}` } })) drive(this.#spawn());
        };
        worker.on('error', (error) => died(messageOf(error)));
        worker.on('exit', (code) => died(`it exited with code ${code}`));
        next();
      };

      if (options.signal.aborted) { settle(() => reject(options.signal.reason as Error)); return; }
      options.signal.addEventListener('abort', onAbort, { once: true });
      if (jobs.length === 0) { settle(resolve); return; }
      const idle = this.#idle.splice(0);
      for (const worker of idle.slice(0, jobs.length)) drive(worker);
      for (const worker of idle.slice(jobs.length)) this.#retire(worker);
    });
  }

  /** Terminates every worker still running; safe to call twice. */
  async close(): Promise<void> {
    this.#idle = [];
    const live = [...this.#live];
    this.#live.clear();
    await Promise.all(live.map((worker) => worker.terminate()));
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_SCRIPT, { stdout: true, stderr: true });
    // Whatever a run writes to process.stdout or stderr is dropped: the sweep's terminal shows the table and the bar only.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.once('exit', () => this.#live.delete(worker));
    this.#live.add(worker);
    return worker;
  }

  #retire(worker: Worker): void {
    this.#live.delete(worker);
    worker.removeAllListeners('exit');
    void worker.terminate();
  }
}
