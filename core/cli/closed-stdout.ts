/**
 * `robo … | head`: when the reader of stdout goes away, nothing more can be said there. A running session
 * stops the normal way, as on SIGTERM — no one can watch it any more — and every later write is dropped,
 * so an EPIPE stack trace never replaces the run's own ending and exit code. Other commands just end.
 * A closed stderr (`2>&-`, a log reader gone) only loses what would have been said there: the command
 * goes on, and ends with the exit code it would have had.
 */
let gone = false;

/** How a write says its reader went away: a pipe's reader closed it (EPIPE), a socket's peer reset it (ECONNRESET). */
const READER_GONE: ReadonlySet<string | undefined> = new Set(['EPIPE', 'ECONNRESET']);

export function watchForClosedStdout(): void {
  process.stdout.on('error', stdoutFailed);
  process.stderr.on('error', stderrFailed);
}

function stderrFailed(error: NodeJS.ErrnoException): void {
  // Nowhere is left to report anything else on; the exit code still says how the command ended.
  if (!READER_GONE.has(error.code)) process.exitCode ??= 1;
}

/** For every writer to fd 1 (the logger's destination too): the reader leaving ends the output; anything else is a real error. */
export function stdoutFailed(error: NodeJS.ErrnoException): void {
  if (!READER_GONE.has(error.code)) throw error;
  if (gone) return;
  gone = true;
  // A session listens for SIGTERM from the moment its command starts (commands/signals.ts).
  if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
}
