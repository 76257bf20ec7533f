/**
 * The lines of a bar file in, bars out in the order the BarSource contract promises: time order, bars of
 * one time in the order of the file's symbols. Each line is checked here (header, fields, symbol, time
 * never going backwards, one bar per symbol and time), and a bad one is handed to `problem`: the replay
 * throws at once; `robo validate` keeps reading and reports every bad line.
 */
import type { Bar } from '../../../domain/types.js';
import { isRoboError, type RoboError } from '../../../domain/errors.js';
import { excerpt } from '../../../quote.js';
import { checkHeader, invalidLine, isIgnorable, isoUtc, noHeader } from './csv-format.js';
import { BYTE } from './bytes.js';
import { createRowParser, type RowParser } from './csv-row.js';

/** What to do with a bad data line: throw to stop the pass, or return to skip the line and go on. */
export type OnBadLine = (error: RoboError) => void;

export const throwBadLine: OnBadLine = (error) => {
  throw error;
};


export class BarFileReader {
  readonly #path: string;
  readonly #symbols: readonly string[];
  readonly #rank: ReadonlyMap<string, number>;
  readonly #parse: RowParser;
  readonly #onBadLine: OnBadLine;
  readonly #durationMs: number;
  #headerSeen = false;
  #lines = 0;
  /** Bars read and not yet taken; the last time's bars (the open group) start at #groupStart. */
  #bars: Bar[] = [];
  #groupStart = 0;
  #groupTime = Number.NEGATIVE_INFINITY;
  #groupInOrder = true;
  #lastRankInGroup = -1;
  #previousLine = 0;
  /** Per symbol: the time of its last bar and that bar's line, to refuse a second bar of one time. */
  readonly #lastTime: Float64Array;
  readonly #lastLine: Uint32Array;

  constructor(path: string, durationMs: number, symbols: readonly string[], onBadLine: OnBadLine) {
    this.#path = path;
    this.#symbols = symbols;
    this.#rank = new Map(symbols.map((symbol, index) => [symbol, index]));
    this.#parse = createRowParser(durationMs, symbols);
    this.#onBadLine = onBadLine;
    this.#durationMs = durationMs;
    this.#lastTime = new Float64Array(symbols.length).fill(Number.NaN);
    this.#lastLine = new Uint32Array(symbols.length);
  }

  /** Takes one line (a LineSplitter's TakeLine). */
  readonly take = (bytes: Buffer, start: number, end: number, line: number): void => {
    this.#lines = line;
    const first = bytes[start] ?? 0;
    // Data lines start with a digit; anything else is looked at closely: a blank, a comment, the header.
    if (!this.#headerSeen || first < BYTE.ZERO || first > BYTE.NINE) {
      const raw = bytes.toString('utf8', start, end);
      if (isIgnorable(raw)) return;
      if (!this.#headerSeen) {
        checkHeader(raw, { path: this.#path, line });
        this.#headerSeen = true;
        return;
      }
    }
    try {
      this.#add(bytes, start, end, line);
    } catch (error) {
      if (!isRoboError(error, 'ROBO_ERR_DATA_INVALID')) throw error;
      this.#onBadLine(error);
    }
  };

  /** The bars whose order is settled: every bar before the last time read (a later line may add to that time). */
  takeSettled(): Bar[] {
    if (this.#groupStart === 0) return [];
    const settled = this.#bars;
    this.#bars = settled.splice(this.#groupStart);
    this.#groupStart = 0;
    return settled;
  }

  /** Every bar not yet taken, once the file has ended; throws if the file had no header. */
  takeRest(): Bar[] {
    if (!this.#headerSeen) throw noHeader(this.#path, this.#lines);
    this.#closeGroup();
    const rest = this.#bars;
    this.#bars = [];
    this.#groupStart = 0;
    return rest;
  }

  #add(bytes: Buffer, start: number, end: number, line: number): void {
    const place = { path: this.#path, line };
    const bar = this.#parse.parse(bytes, start, end, place);
    const rank = this.#parse.rank;
    if (rank < 0) {
      throw invalidLine(place, `symbol: expected one of ${listed(this.#symbols)}, was ${excerpt(bar.symbol)}`);
    }
    const time = bar.time;
    if (time < this.#groupTime) {
      throw invalidLine(place, `time goes backwards: expected ${isoUtc(this.#groupTime)} (line ${this.#previousLine}) or later, was ${isoUtc(time)}`);
    }
    if (time > this.#groupTime) {
      this.#closeGroup();
      this.#groupStart = this.#bars.length;
      this.#groupTime = time;
      this.#groupInOrder = true;
      this.#lastRankInGroup = -1;
    } else if (this.#lastTime[rank] === time) {
      throw invalidLine(place, `expected one ${excerpt(bar.symbol)} bar at ${isoUtc(time)}, was a second one (the first is on line ${String(this.#lastLine[rank])})`);
    }
    const previous = this.#lastTime[rank] ?? Number.NaN;
    // A bar that starts inside the one before would count the same minutes twice (NaN: the symbol's first bar).
    if (time < previous + this.#durationMs) {
      throw invalidLine(place, `this ${excerpt(bar.symbol)} bar starts inside the one on line ${String(this.#lastLine[rank])} (${isoUtc(previous)} plus ${this.#durationMs / 1000} s): expected ${isoUtc(previous + this.#durationMs)} or later, was ${isoUtc(time)}`);
    }
    if (rank < this.#lastRankInGroup) this.#groupInOrder = false;
    this.#lastRankInGroup = rank;
    this.#lastTime[rank] = time;
    this.#lastLine[rank] = line;
    this.#bars.push(bar);
    this.#previousLine = line;
  }

  /** Puts the bars of the last time in symbol order, if the file listed them in another. */
  #closeGroup(): void {
    if (this.#groupInOrder) return;
    const rank = this.#rank;
    const group = this.#bars.splice(this.#groupStart).sort((a, b) => (rank.get(a.symbol) ?? 0) - (rank.get(b.symbol) ?? 0));
    this.#bars.push(...group);
    this.#groupInOrder = true;
  }
}

/** Up to ten symbols, then how many more: a file may hold thousands. */
function listed(symbols: readonly string[]): string {
  if (symbols.length === 0) return '(no symbols)';
  const shown = symbols.slice(0, 10).join(', ');
  return symbols.length > 10 ? `${shown} and ${symbols.length - 10} more` : shown;
}
