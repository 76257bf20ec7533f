/**
 * Runs one session on a composed runtime — `robo start` paced in real time, `robo backtest` as fast as
 * possible, or live on Interactive Brokers until a signal — and always stops the host, whatever ended
 * the run: end of data, a signal, or an error.
 */
import { messageOf } from '../domain/errors.js';
import { decimalFromNumber } from '../domain/money.js';
import type { Runtime } from './compose.js';
import { summarize, type RunSummary } from './summary.js';

export interface SessionOptions {
  /** Bars per second of wall time; absent, as fast as possible. */
  readonly barsPerSecond?: number;
  readonly signal: AbortSignal;
}

export async function runSession(runtime: Runtime, options: SessionOptions): Promise<RunSummary> {
  const { host, feed, config } = runtime;
  const firstBarMs = host.clock.nowMs();
  const symbols = [...new Set(config.strategies.flatMap((s) => s.symbols))];
  let end: RunSummary['end'] = 'stopped';
  try {
    await host.start();
    await host.watch(symbols);
    end = feed.kind === 'replay'
      ? await feed.broker.replay(feed.source, options.barsPerSecond === undefined ? {} : { barsPerSecond: options.barsPerSecond }, options.signal)
      : await untilStopped(options.signal, feed.stoppedByItself);
    await host.idle();
  } catch (error) {
    await host.stop({ reason: 'error', detail: messageOf(error) });
    throw error;
  }
  const report = await host.stop(end === 'end-of-data' ? { reason: 'end-of-data' } : { reason: 'signal' });
  return summarize(runtime, end, firstBarMs, report, decimalFromNumber(config.account.startingCash));
}

/** A live session has no end of data: it runs until a signal, or until the broker stops for good (then it is an error). */
function untilStopped(signal: AbortSignal, stoppedByItself: Promise<Error>): Promise<'stopped'> {
  return new Promise<'stopped'>((resolve, reject) => {
    if (signal.aborted) return resolve('stopped');
    signal.addEventListener('abort', () => resolve('stopped'), { once: true });
    void stoppedByItself.then(reject);
  });
}
