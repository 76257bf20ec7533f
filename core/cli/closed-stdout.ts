/**
 * `robo … | head`: when the reader of stdout goes away, nothing more can be said there. A running session
 * stops the normal way, as on SIGTERM — no one can watch it any more — and every later write is dropped,
 * so an EPIPE stack trace never replaces the run's own ending and exit code. Other commands just end.
 */
let gone = false;

export function watchForClosedStdout(): void {
  process.stdout.on('error', stdoutFailed);
}

/** For every writer to fd 1 (the logger's destination too): EPIPE is the reader leaving; anything else is a real error. */
export function stdoutFailed(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  if (gone) return;
  gone = true;
  // A session listens for SIGTERM from the moment its command starts (commands/signals.ts).
  if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
}
