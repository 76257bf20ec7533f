/**
 * Splits a bar file's bytes, arriving a chunk at a time, into lines — in one pass that looks at each
 * byte a bounded number of times, hands each line on as a range of the chunk (no string per line, no
 * decoding: line ends are single bytes in UTF-8, so they never sit inside a character), and never holds
 * more than one chunk and one unfinished line. Line ends are those of node:readline (\r\n, \n or a lone
 * \r), so line numbers agree with what an editor shows.
 */
import type { RoboError } from '../../../domain/errors.js';
import { BYTE } from './bytes.js';
import { MAX_LINE_BYTES, lineTooLong } from './csv-format.js';

/** Told of a line longer than MAX_LINE_BYTES: throw to stop the pass, or return to skip the line and go on. */
export type OnLongLine = (error: RoboError) => void;

/**
 * Receives one line: `bytes[start..end)` without its line end (and without a byte-order mark on line 1);
 * `line` counts every line of the file from 1. Returns true to stop the pass.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a taker returns false to stop and nothing to go on
export type TakeLine = (bytes: Buffer, start: number, end: number, line: number) => boolean | void;

const { LF, CR } = BYTE;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf] as const;

export class LineSplitter {
  readonly #path: string;
  #carry: Buffer | undefined;
  #line = 0;
  #stopped = false;
  /** Inside a line already reported as too long: its bytes are dropped until its line end. */
  #skipping = false;
  readonly #onLongLine: OnLongLine;

  /** By default a line that is too long ends the pass; `onLongLine` may instead let it be skipped. */
  constructor(path: string, onLongLine: OnLongLine = (error) => { throw error; }) {
    this.#path = path;
    this.#onLongLine = onLongLine;
  }

  /** Lines handed on so far: after the pass, the number of lines in the file. */
  get lines(): number {
    return this.#line;
  }

  /** Hands on every line `chunk` completes; returns true once `take` has asked to stop. */
  push(chunk: Buffer, take: TakeLine): boolean {
    if (this.#stopped) return true;
    const carry = this.#carry;
    this.#carry = undefined;
    this.#split(carry === undefined ? chunk : Buffer.concat([carry, chunk]), take, false);
    return this.#stopped;
  }

  /** Hands on the last line, which has no line end. */
  end(take: TakeLine): boolean {
    const carry = this.#carry;
    this.#carry = undefined;
    if (!this.#stopped && carry !== undefined) this.#split(carry, take, true);
    return this.#stopped;
  }

  #split(bytes: Buffer, take: TakeLine, final: boolean): void {
    const length = bytes.length;
    let start = 0;
    let lf = bytes.indexOf(LF);
    let cr = bytes.indexOf(CR);
    if (this.#skipping) {
      // The rest of a line too long to keep: dropped up to its line end (its number was counted when it was reported).
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1 || (end === cr && cr === length - 1 && !final)) {
        if (end !== -1) this.#carry = Buffer.from(bytes.subarray(end));
        return;
      }
      this.#skipping = false;
      start = end === cr && bytes[cr + 1] === LF ? cr + 2 : end + 1;
      if (lf !== -1 && lf < start) lf = bytes.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = bytes.indexOf(CR, start);
    }
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A \r as the chunk's last byte may be the first half of a \r\n: wait for the next chunk.
        if (cr === length - 1 && !final) break;
        end = cr;
        next = bytes[cr + 1] === LF ? cr + 2 : cr + 1;
      } else {
        end = lf;
        next = lf + 1;
      }
      if (this.#emit(bytes, start, end, take)) return;
      start = next;
      if (lf !== -1 && lf < next) lf = bytes.indexOf(LF, next);
      if (cr !== -1 && cr < next) cr = bytes.indexOf(CR, next);
    }
    if (final) {
      if (start < length) this.#emit(bytes, start, length, take);
      return;
    }
    // Checked each chunk (one more byte for a \r waiting for its \n), so a file of one endless line is
    // refused at once instead of gathered whole.
    if (length - start > MAX_LINE_BYTES + 1) {
      const line = ++this.#line;
      this.#skipping = true;
      // A \r as the last byte already ended this line: kept, so the skip ends there (with its \n, if one follows).
      if (bytes[length - 1] === CR) this.#carry = Buffer.from([CR]);
      this.#onLongLine(lineTooLong({ path: this.#path, line }));
      return;
    }
    // Copied: the caller may read its next chunk into the same buffer.
    if (start < length) this.#carry = Buffer.from(bytes.subarray(start));
  }

  #emit(bytes: Buffer, start: number, end: number, take: TakeLine): boolean {
    const line = ++this.#line;
    if (end - start > MAX_LINE_BYTES) {
      this.#onLongLine(lineTooLong({ path: this.#path, line }));
      return false;
    }
    const marked = line === 1 && bytes[start] === BYTE_ORDER_MARK[0] && bytes[start + 1] === BYTE_ORDER_MARK[1] && bytes[start + 2] === BYTE_ORDER_MARK[2];
    if (take(bytes, marked ? start + 3 : start, end, line) === true) this.#stopped = true;
    return this.#stopped;
  }
}
