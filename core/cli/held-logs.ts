/**
 * Log lines held while a progress bar is drawn on the same terminal, then written out once it is gone:
 * a line written under a bar that redraws itself in place would be torn in two by the next redraw. A run
 * that logs more than the limit (debug logging of a long replay) gives up its bar instead of memory: the
 * bar is stopped, and the lines go straight to the terminal from then on.
 */
import { prettyDestination, type LogSink } from '../log.js';

/** About a hundred thousand log lines. */
const HELD_BYTES = 32 * 1024 * 1024;

export class HeldLogs implements LogSink {
  #lines: string[] = [];
  #bytes = 0;
  #through: LogSink | undefined;
  readonly #stopBar: () => void;

  /** `stopBar` removes the bar from the terminal, for when too much was held. */
  constructor(stopBar: () => void) {
    this.#stopBar = stopBar;
  }

  write(line: string): boolean {
    if (this.#through !== undefined) return this.#through.write(line);
    this.#lines.push(line);
    this.#bytes += line.length;
    if (this.#bytes > HELD_BYTES) {
      this.#stopBar();
      this.release();
    }
    return true;
  }

  /** Writes every held line to stderr as the terminal's logs look, and any later one at once; call once the bar has stopped. */
  release(): void {
    const out = (this.#through ??= prettyDestination(2));
    const lines = this.#lines;
    this.#lines = [];
    for (const line of lines) out.write(line);
  }
}
