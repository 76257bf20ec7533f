/**
 * Turns SIGINT, SIGTERM and SIGHUP (a closed terminal) into an abort for the running session, and removes
 * its listeners afterwards so the process can end. Taken as early as the command starts: a signal that
 * comes while the config loads or the broker connects still ends the run the normal way — never the
 * default death that would skip the shutdown and leave the journal's lock behind.
 */
export interface SignalAbort {
  readonly signal: AbortSignal;
  /** What to do once a signal came (say it in the log); called at once for one that came before. */
  whenSignalled(handler: (signal: NodeJS.Signals) => void): void;
  release(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function abortOnSignals(): SignalAbort {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    received ??= signal;
    onSignal?.(signal);
    controller.abort();
  };
  for (const name of SIGNALS) process.once(name, handler);
  return {
    signal: controller.signal,
    whenSignalled: (next) => {
      onSignal = next;
      if (received !== undefined) next(received);
    },
    release: () => {
      for (const name of SIGNALS) process.off(name, handler);
    },
  };
}
