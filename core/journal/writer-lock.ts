/**
 * One writer per journal. A command that writes a journal (`robo start`, `robo breaker reset`) first
 * creates `<journal>.lock` — exclusively, so of two processes only one can — holding its pid, host and
 * command; a second writer is refused with the holder's name, while readers (`robo journal`, `robo breaker
 * status`) never ask. A lock whose process is gone (killed, crashed) on this host is taken over, and
 * says so. The lock is removed when the journal closes, and at process exit whatever happens.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileProblem } from '../file-problem.js';
import { RoboError } from '../domain/errors.js';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

export class WriterLock {
  readonly path: string;
  /** Set when the lock was taken over from a process that is gone: what it said, for the log. */
  readonly tookOverFrom: Holder | undefined;
  #held = true;
  readonly #onExit = (): void => this.release();

  private constructor(path: string, tookOverFrom: Holder | undefined) {
    this.path = path;
    this.tookOverFrom = tookOverFrom;
    process.once('exit', this.#onExit);
  }

  /** Takes the lock of the journal at `journalPath` for `command`, or throws ROBO_ERR_JOURNAL_LOCKED naming the holder. */
  /** `name` is how messages name the journal (journal.path as the config writes it). */
  static acquire(journalPath: string, command: string, nowIso: string, name = journalPath): WriterLock {
    const path = `${journalPath}.lock`;
    const me: Holder = { pid: process.pid, host: hostname(), command, since: nowIso };
    if (tryCreate(path, me, name)) return new WriterLock(path, undefined);
    const holder = readHolder(path);
    if (holder !== undefined && !isGone(holder)) {
      throw new RoboError('ROBO_ERR_JOURNAL_LOCKED', `the journal ${name} is being written by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); one process writes a journal at a time`, {
        details: [`  stop that process first; robo journal and robo breaker status can read the journal meanwhile`, `  if you are certain no such process runs (another machine sharing the folder, say), delete ${name}.lock`],
      });
    }
    // The holder is gone (or the lock is unreadable): take it over — unless another process just did.
    try {
      unlinkSync(path);
    } catch {
      // already removed by a process taking it over at the same moment; creating it decides who wins
    }
    if (tryCreate(path, me, name)) return new WriterLock(path, holder);
    const winner = readHolder(path);
    throw new RoboError('ROBO_ERR_JOURNAL_LOCKED', `the journal ${name} was just taken by ${winner?.command ?? 'another process'} (pid ${winner?.pid ?? '?'}); one process writes a journal at a time`);
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    process.off('exit', this.#onExit);
    try {
      // Only our own lock: one taken over meanwhile (we were presumed gone) is the new holder's.
      if (readHolder(this.path)?.pid === process.pid) unlinkSync(this.path);
    } catch {
      // gone already
    }
  }
}

function tryCreate(path: string, holder: Holder, name: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RoboError('ROBO_ERR_JOURNAL_CORRUPT', `cannot create the journal's lock ${name}.lock: ${fileProblem(error)}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return { pid: value.pid, host: value.host, command: String(value.command ?? 'robo'), since: String(value.since ?? '?') };
  } catch {
    return undefined;
  }
}

/** Whether the holder's process no longer runs. Only a process on this host can be checked; one elsewhere is presumed alive. */
function isGone(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
