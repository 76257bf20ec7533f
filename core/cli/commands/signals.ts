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
  /**
   * What to do on a second signal, while the shutdown the first began still waits (on the broker,
   * say): the person means it. Without a handler the process ends at once with 128 + 2.
   */
  whenInsisted(handler: (signal: NodeJS.Signals) => void): void;
  release(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function abortOnSignals(): SignalAbort {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  let onInsist: ((signal: NodeJS.Signals) => void) | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      if (onInsist !== undefined) onInsist(signal);
      else process.exit(130);
      return;
    }
    received = signal;
    onSignal?.(signal);
    controller.abort();
  };
  for (const name of SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    whenSignalled: (next) => {
      onSignal = next;
      if (received !== undefined) next(received);
    },
    whenInsisted: (next) => {
      onInsist = next;
    },
    release: () => {
      for (const name of SIGNALS) process.off(name, handler);
    },
  };
}
