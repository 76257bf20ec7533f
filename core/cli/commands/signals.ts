/** Turns SIGINT/SIGTERM into an abort for the running session, and removes its listeners afterwards so the process can end. */
export function abortOnSignals(onSignal: (signal: NodeJS.Signals) => void): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    onSignal(signal);
    controller.abort();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
