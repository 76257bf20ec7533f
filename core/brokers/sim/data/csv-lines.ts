/**
 * Splits a bar file's text, arriving a chunk at a time, into lines — in one pass that looks at each
 * character a bounded number of times, hands each line on as a range of the chunk (no string per line),
 * and never holds more than one chunk and one unfinished line. Line ends are those of node:readline
 * (\r\n, \n or a lone \r), so line numbers agree with what an editor shows.
 */
import { MAX_LINE_CHARS, lineTooLong } from './csv-format.js';

/**
 * Receives one line: `text.slice(start, end)` without its line end (and without a byte-order mark on
 * line 1); `line` counts every line of the file from 1. Returns true to stop the pass.
 */
export type TakeLine = (text: string, start: number, end: number, line: number) => boolean | void;

const LF = 0x0a;
const BYTE_ORDER_MARK = 0xfeff;

export class LineSplitter {
  readonly #path: string;
  #carry = '';
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
  push(chunk: string, take: TakeLine): boolean {
    if (this.#stopped) return true;
    this.#split(this.#carry === '' ? chunk : this.#carry + chunk, take, false);
    return this.#stopped;
  }

  /** Hands on the last line, which has no line end. */
  end(take: TakeLine): boolean {
    if (!this.#stopped && this.#carry !== '') this.#split(this.#carry, take, true);
    this.#carry = '';
    return this.#stopped;
  }

  #split(text: string, take: TakeLine, final: boolean): void {
    const length = text.length;
    let start = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A \r as the chunk's last character may be the first half of a \r\n: wait for the next chunk.
        if (cr === length - 1 && !final) break;
        end = cr;
        next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
      } else {
        end = lf;
        next = lf + 1;
      }
      if (this.#emit(text, start, end, take)) return;
      start = next;
      if (lf !== -1 && lf < next) lf = text.indexOf('\n', next);
      if (cr !== -1 && cr < next) cr = text.indexOf('\r', next);
    }
    if (final) {
      if (start < length) this.#emit(text, start, length, take);
      return;
    }
    this.#carry = start === 0 ? text : text.slice(start);
    // Checked each chunk (one more character for a \r waiting for its \n), so a file of one endless line is refused at once instead of gathered whole.
    if (this.#carry.length > MAX_LINE_CHARS + 1) throw lineTooLong({ path: this.#path, line: this.#line + 1 });
  }

  #emit(text: string, start: number, end: number, take: TakeLine): boolean {
    const line = ++this.#line;
    if (end - start > MAX_LINE_CHARS) throw lineTooLong({ path: this.#path, line });
    const from = line === 1 && text.charCodeAt(start) === BYTE_ORDER_MARK ? start + 1 : start;
    if (take(text, from, end, line) === true) this.#stopped = true;
    return this.#stopped;
  }
}
