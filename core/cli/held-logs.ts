/**
 * Log lines held while a progress bar is drawn on the same terminal, then written out once it is gone:
 * a line written under a bar that redraws itself in place would be torn in two by the next redraw.
 */
import { prettyDestination, type LogSink } from '../log.js';

export class HeldLogs implements LogSink {
  #lines: string[] = [];

  write(line: string): boolean {
    this.#lines.push(line);
    return true;
  }

  /** Writes every held line to stderr as the terminal's logs look; call once the bar has stopped. */
  release(): void {
    const lines = this.#lines;
    this.#lines = [];
    if (lines.length === 0) return;
    const out = prettyDestination(2);
    for (const line of lines) out.write(line);
  }
}
