/**
 * Splits a bar file's bytes, arriving a chunk at a time, into lines — in one pass that looks at each
 * byte a bounded number of times, hands each line on as a range of the chunk (no string per line, no
 * decoding: line ends are single bytes in UTF-8, so they never sit inside a character), and never holds
 * more than one chunk and one unfinished line. Line ends are those of node:readline (\r\n, \n or a lone
 * \r), so line numbers agree with what an editor shows.
 */
import { BYTE } from './bytes.js';
import { MAX_LINE_BYTES, lineTooLong } from './csv-format.js';

/**
 * Receives one line: `bytes[start..end)` without its line end (and without a byte-order mark on line 1);
 * `line` counts every line of the file from 1. Returns true to stop the pass.
 */
export type TakeLine = (bytes: Buffer, start: number, end: number, line: number) => boolean | void;

const { LF, CR } = BYTE;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf] as const;

export class LineSplitter {
  readonly #path: string;
  #carry: Buffer | undefined;
  #line = 0;
  #stopped = false;

  constructor(path: string) {
    this.#path = path;
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
    // Copied: the caller may read its next chunk into the same buffer.
    if (start < length) this.#carry = Buffer.from(bytes.subarray(start));
    // Checked each chunk (one more byte for a \r waiting for its \n), so a file of one endless line is
    // refused at once instead of gathered whole.
    if (length - start > MAX_LINE_BYTES + 1) throw lineTooLong({ path: this.#path, line: this.#line + 1 });
  }

  #emit(bytes: Buffer, start: number, end: number, take: TakeLine): boolean {
    const line = ++this.#line;
    if (end - start > MAX_LINE_BYTES) throw lineTooLong({ path: this.#path, line });
    const marked = line === 1 && bytes[start] === BYTE_ORDER_MARK[0] && bytes[start + 1] === BYTE_ORDER_MARK[1] && bytes[start + 2] === BYTE_ORDER_MARK[2];
    if (take(bytes, marked ? start + 3 : start, end, line) === true) this.#stopped = true;
    return this.#stopped;
  }
}
