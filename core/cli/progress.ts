/**
 * A progress bar with an ETA on stderr, for the commands that run long (`backtest`, `sweep`, `data fetch`).
 * Shown only to a person: never when stderr is not a terminal (piped, redirected, CI) and never under
 * `--json`, whose stdout must stay exactly one object. Drawn by cli-progress, which redraws in place and
 * throttles itself, so an update per bar costs little.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Moves the bar to `done` of the total, with a short note shown after it (the date reached, say). */
  update(done: number, note?: string): void;
  /** Grows or shrinks the total when the work turns out bigger or smaller than first thought. */
  setTotal(total: number): void;
  /** Removes the bar from the terminal; safe to call twice. */
  stop(): void;
  /** Whether a bar is drawn at all (false when quiet or stderr is not a terminal): what else writes to stderr meanwhile must wait. */
  readonly live: boolean;
}

export interface ProgressOptions {
  /** What is being done, before the bar: `backtest`, `sweep`, `fetch SPY`. */
  readonly label: string;
  readonly total: number;
  /** What the numbers count, after them: `days`, `runs`, `requests`. */
  readonly unit: string;
  /** `--json` and the like: no bar whatever the terminal. */
  readonly quiet?: boolean;
  /** The stream to draw on; stderr unless a test hands another. */
  readonly stream?: NodeJS.WriteStream;
}

const SILENT: Progress = { update: () => undefined, setTotal: () => undefined, stop: () => undefined, live: false };

export function progressBar(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || !stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | ETA {eta_formatted} | {note}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 10,
  });
  bar.start(options.total, 0, { note: '' });
  let stopped = false;
  return {
    live: true,
    update: (done, note) => { if (!stopped) bar.update(done, { note: note ?? '' }); },
    setTotal: (total) => { if (!stopped) bar.setTotal(total); },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
