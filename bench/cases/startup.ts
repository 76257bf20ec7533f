/**
 * Startup: `robo start` on the example config, as a user runs it (a child process, logs piped so they
 * are JSON lines), from spawn to the log line `first bar processed` — the first bar went through the
 * host, every plugin and the strategies — against `node -e 0` from spawn to exit. Each robo sample
 * runs on a fresh copy of the config, so no durable state carries over; its Ctrl-C and exit are not timed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { tempDir } from '../lib/configs.js';
import { measure } from '../lib/measure.js';
import { EXAMPLE_CONFIG, ROBO } from '../lib/paths.js';

const FIRST_BAR = '"msg":"first bar processed';
const TIMEOUT_MS = 30_000;

export interface StartupResult {
  /** Median milliseconds from spawn to the first bar processed. */
  readonly roboMs: number;
  /** Median milliseconds from spawn to exit of `node -e 0`. */
  readonly nodeMs: number;
}

export async function measureStartup(options: { readonly warmup: number; readonly samples: number }): Promise<StartupResult> {
  const node = await measure('node -e 0', () => exited(spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })), { iterations: options.samples, warmup: options.warmup });
  let child: ChildProcess | undefined;
  let config = '';
  const robo = await measure('robo start', () => firstBar((child = spawn(process.execPath, [ROBO, 'start', config], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, FORCE_COLOR: '0' } }))), {
    iterations: options.samples,
    warmup: options.warmup,
    beforeEach: () => {
      config = join(tempDir('robo-bench-start-'), 'robo.config.yaml');
      copyFileSync(EXAMPLE_CONFIG, config);
    },
    afterEach: async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited(child);
      }
    },
  });
  return { roboMs: robo.p50, nodeMs: node.p50 };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return once(child, 'exit').then(() => undefined);
}

/** Resolves when `child` logs its first processed bar; rejects if it exits or takes too long first. */
function firstBar(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`robo start did not log its first bar within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes(FIRST_BAR)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`robo start exited (${String(code)}) before its first bar: ${out.slice(-500)}`));
    });
  });
}
