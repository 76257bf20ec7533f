/** `robo start <config>`: a live session — paced bars on the simulated broker — until Ctrl-C or the end of the data. */
import type { LogLevel } from '../../log.js';
import { compose } from '../compose.js';
import { loadCliConfig } from '../load.js';
import { runSession } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals } from './signals.js';

export async function startCommand(path: string, options: { logLevel?: string; barsPerSecond?: number }): Promise<void> {
  const { file, config } = await loadCliConfig(path);
  const runtime = await compose(file, config, { logFd: 1, durableState: true, ...(options.logLevel ? { logLevel: options.logLevel as LogLevel } : {}) });
  const barsPerSecond = options.barsPerSecond ?? config.data.pace.barsPerSecond;
  runtime.log.info({ config: path, broker: config.broker.kind, strategies: config.strategies.map((s) => s.id), barsPerSecond }, `starting: ${barsPerSecond} bars per second; press Ctrl-C to stop`);
  const signals = abortOnSignals((signal) => runtime.log.info({ signal }, `received ${signal}, stopping`));
  try {
    const summary = await runSession(runtime, { barsPerSecond, signal: signals.signal });
    runtime.log.info({ summary }, 'stopped');
    process.stdout.write(`${formatSummary(summary)}\n`);
  } finally {
    signals.release();
  }
}
