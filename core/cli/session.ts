/**
 * Runs one session on a composed runtime — `robo start` paced in real time, `robo backtest` as fast as
 * possible, or live on Interactive Brokers until a signal — and always stops the host, whatever ended
 * the run: end of data, a signal, or an error.
 */
import { isRoboError, messageOf, RoboError } from '../domain/errors.js';
import { decimalFromNumber } from '../domain/money.js';
import type { Bar } from '../domain/types.js';
import type { Runtime } from './compose.js';
import { catchEscapes } from './last-resort.js';
import { summarize, type RunSummary } from './summary.js';
import { warmUpLive } from './warm-up.js';

export interface SessionOptions {
  /** Bars per second of wall time; absent, as fast as possible. */
  readonly barsPerSecond?: number;
  readonly signal: AbortSignal;
  /** A replay calls this with each instant's bars before delivering them (a backtest's recorder). */
  readonly beforeInstant?: (bars: readonly Bar[]) => void;
}

export async function runSession(runtime: Runtime, options: SessionOptions): Promise<RunSummary> {
  const { host, feed, config } = runtime;
  const firstBarMs = host.clock.nowMs();
  const symbols = [...new Set(config.strategies.flatMap((s) => s.symbols))];
  // Caught from here until the host has stopped: an error escaping while orders are cancelled counts too.
  const escapes = catchEscapes(host, runtime.owners, runtime.broker.kind);
  // A journal that cannot be written ends the session as a signal would: books it cannot keep are not traded on.
  const journalStop = new AbortController();
  let journalFailure: RoboError | undefined;
  void host.journalFailure.then((failure) => { journalFailure = failure; journalStop.abort(); });
  const signal = AbortSignal.any([options.signal, escapes.signal, journalStop.signal]);
  try {
    try {
      await host.start();
      if (feed.kind === 'live') await warmUpLive(runtime);
      await host.watch(symbols);
      await host.watchHeld();
    } catch (error) {
      // Refused before trading (state recovery, a broker that will not serve bars): nothing to summarize.
      await host.stop({ reason: 'error', detail: messageOf(error) });
      throw error;
    }
    // Once trading started, whatever ends it — a bad line further down the data, a broker that gave up —
    // ends it the normal way: orders cancelled, the summary printed, then the error.
    let end: 'end-of-data' | 'stopped' = 'stopped';
    let stoppedBy: RoboError | undefined;
    try {
      end = feed.kind === 'replay'
        ? await feed.broker.replay(feed.source, {
          ...(options.barsPerSecond === undefined ? {} : { barsPerSecond: options.barsPerSecond }),
          ...(options.beforeInstant === undefined ? {} : { beforeInstant: options.beforeInstant }),
        }, signal)
        : await untilStopped(signal, feed.stoppedByItself);
      await host.idle();
    } catch (error) {
      stoppedBy = isRoboError(error) ? error : new RoboError('ROBO_ERR_INTERNAL', messageOf(error), { cause: error });
    }
    const fault = escapes.faults[0];
    const failed = journalFailure ?? (await Promise.race([host.journalFailure, Promise.resolve(undefined)]));
    const report = await host.stop(fault !== undefined ? { reason: 'error', detail: `an unhandled ${fault.kind} in ${fault.owner}` }
      : failed !== undefined ? { reason: 'error', detail: failed.message }
      : stoppedBy !== undefined ? { reason: 'error', detail: stoppedBy.message }
      : end === 'end-of-data' ? { reason: 'end-of-data' } : { reason: 'signal' });
    const crashed = escapes.faults.length > 0 || failed !== undefined || stoppedBy !== undefined;
    const summary = summarize(runtime, crashed ? 'crashed' : end, firstBarMs, report, decimalFromNumber(config.account.startingCash), escapes.faults);
    if (failed !== undefined) return { ...summary, notices: [`stopped: ${failed.message}`, ...summary.notices], journalFailure: failed.message };
    if (stoppedBy !== undefined) {
      return { ...summary, notices: [`stopped: ${stoppedBy.message}`, ...summary.notices], stoppedBy: { code: stoppedBy.code, message: stoppedBy.message, details: stoppedBy.details } };
    }
    return summary;
  } finally {
    escapes.release();
  }
}

/** A live session has no end of data: it runs until a signal, or until the broker stops for good (then it is an error). */
function untilStopped(signal: AbortSignal, stoppedByItself: Promise<Error>): Promise<'stopped'> {
  return new Promise<'stopped'>((resolve, reject) => {
    if (signal.aborted) { resolve('stopped'); return; }
    signal.addEventListener('abort', () => resolve('stopped'), { once: true });
    void stoppedByItself.then(reject);
  });
}

/**
 * After the summary is printed: a run an escaped error stopped ends with ROBO_ERR_UNHANDLED, naming every
 * fault; one whose shutdown left something undone (an order that may still work) with ROBO_ERR_SHUTDOWN_INCOMPLETE.
 */
export function requireCleanEnd(summary: RunSummary): void {
  const { stoppedBy } = summary;
  if (stoppedBy !== undefined) throw new RoboError(stoppedBy.code, stoppedBy.message, { details: stoppedBy.details });
  if (summary.journalFailure !== undefined) {
    throw new RoboError('ROBO_ERR_JOURNAL_WRITE', summary.journalFailure, { details: summary.shutdownProblems.map((problem) => `  ${problem}`) });
  }
  const [first, ...more] = summary.faults;
  if (first === undefined) {
    if (summary.shutdownProblems.length > 0) {
      throw new RoboError('ROBO_ERR_SHUTDOWN_INCOMPLETE', `the run stopped, but ${summary.shutdownProblems.length === 1 ? 'one shutdown problem remains' : `${summary.shutdownProblems.length} shutdown problems remain`}`, {
        details: summary.shutdownProblems.map((problem) => `  ${problem}`),
      });
    }
    return;
  }
  throw new RoboError('ROBO_ERR_UNHANDLED', `an unhandled ${first.kind} in ${first.owner}: ${first.message}`, {
    details: more.map((fault) => `  then an unhandled ${fault.kind} in ${fault.owner}: ${fault.message}`),
  });
}
