/**
 * A sweep's worker thread: runs the jobs it is handed one at a time, each through runBacktest — the code
 * path of `robo backtest --json` — with the run's logs kept in memory at warn, never written to the
 * terminal the sweep draws on.
 */
import { parentPort } from 'node:worker_threads';
import { Settings } from 'luxon';
import { isRoboError, messageOf } from '../domain/errors.js';
import type { LogSink } from '../log.js';
import { runBacktest } from '../cli/backtest-run.js';
import { requireCleanEnd } from '../cli/session.js';
import type { JobResult, RunError, SweepJob } from './job.js';

// As the command line sets them (core/cli/main.ts): a run must compute exactly what `robo backtest` does.
Settings.throwOnInvalid = true;
Settings.defaultZone = 'utc';

/** The run's last log lines, for nobody to read unless something is wrong; bounded, as a long run logs a lot. */
class RecentLines implements LogSink {
  readonly lines: string[] = [];
  write(line: string): boolean {
    if (this.lines.push(line) > 100) this.lines.shift();
    return true;
  }
}

async function run(job: SweepJob): Promise<JobResult> {
  try {
    const summary = await runBacktest(
      { configPath: job.configPath, overrides: job.overrides, window: job.window },
      { logLevel: 'warn', logSink: new RecentLines(), signal: new AbortController().signal },
    );
    const summaryJson = JSON.stringify(summary);
    try {
      requireCleanEnd(summary);
      return { id: job.id, summaryJson };
    } catch (error) {
      return { id: job.id, summaryJson, error: errorOf(error) };
    }
  } catch (error) {
    return { id: job.id, error: errorOf(error) };
  }
}

function errorOf(error: unknown): RunError {
  if (!isRoboError(error)) return { code: 'ROBO_ERR_INTERNAL', message: messageOf(error) };
  return { code: error.code, message: [error.message, ...error.details].join('\n') };
}

const port = parentPort;
if (port === null) throw new Error('core/sweep/worker.js runs as a worker thread of robo sweep');
port.on('message', (job: SweepJob) => {
  void run(job).then((result) => port.postMessage(result));
});
