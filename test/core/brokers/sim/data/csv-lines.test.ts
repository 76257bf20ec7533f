import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../../core/brokers/sim/data/csv-lines.js';
import { MAX_LINE_BYTES } from '../../../../../core/brokers/sim/data/csv-format.js';

/** Every line the splitter hands on when the bytes of `text` arrive cut at the byte offsets `cuts`. */
function linesOf(text: string, cuts: readonly number[]): string[] {
  const bytes = Buffer.from(text);
  const lines: string[] = [];
  const splitter = new LineSplitter('bars.csv');
  const take = (chunk: Buffer, start: number, end: number, line: number): void => {
    expect(line).toBe(lines.length + 1);
    lines.push(chunk.toString('utf8', start, end));
  };
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.push(bytes.subarray(from, cut), take);
    from = cut;
  }
  splitter.push(bytes.subarray(from), take);
  splitter.end(take);
  return lines;
}

/** What node:readline makes of a whole text: lines end in \r\n, \n or a lone \r; a last line needs no end. */
function readlineLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

describe('LineSplitter', () => {
  it('when a text arrives cut anywhere, between a \\r and its \\n and inside a character included, then it hands on the lines readline finds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '1', '\r', '\n', '\r\n', '\ufeff', 'é', '€'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(180), { maxLength: 6 }), (whole, cuts) => {
        const expected = readlineLines(whole);
        if (expected[0]?.startsWith('\ufeff')) expected[0] = expected[0].slice(1);
        expect(linesOf(whole, cuts.map((cut) => Math.min(cut, Buffer.byteLength(whole))))).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('when a line is longer than a bar line can be then it throws naming that line, even before the line ends', () => {
    const splitter = new LineSplitter('bars.csv');
    splitter.push(Buffer.from('header\n'), () => undefined);
    expect(() => splitter.push(Buffer.alloc(MAX_LINE_BYTES + 10, 'x'), () => undefined)).toThrow('bars.csv:2 this line is longer than');
  });

  it('when told to skip lines that are too long then, however the text is cut, it reports each by its number and hands on every other line as readline numbers it', () => {
    // Short lines and lines one past the limit, with every kind of line end; the long ones are reported, never handed on.
    // LONG stands for a line one byte past the limit, so a counterexample prints as a few words.
    const line = fc.constantFrom('a', 'b,1', '', 'LONG');
    const end = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, end), { maxLength: 6 }), fc.array(fc.nat(5 * (MAX_LINE_BYTES + 4)), { maxLength: 6 }), (parts, cuts) => {
        const whole = parts.map(([text, ending]) => (text === 'LONG' ? 'x'.repeat(MAX_LINE_BYTES + 1) : text) + ending).join('');
        const bytes = Buffer.from(whole);
        const expected = readlineLines(whole).map((text, i) => ({ line: i + 1, text })).filter(({ text }) => text.length <= MAX_LINE_BYTES);
        const reportedLong = readlineLines(whole).flatMap((text, i) => (text.length > MAX_LINE_BYTES ? [i + 1] : []));
        const handed: { line: number; text: string }[] = [];
        const reported: number[] = [];
        const splitter = new LineSplitter('bars.csv', (error) => void reported.push(Number(/bars\.csv:(\d+)/.exec(error.message)?.[1])));
        const take = (chunk: Buffer, start: number, stop: number, number: number): void => void handed.push({ line: number, text: chunk.toString('utf8', start, stop) });
        let from = 0;
        for (const cut of [...cuts].map((c) => Math.min(c, bytes.length)).sort((a, b) => a - b)) {
          splitter.push(bytes.subarray(from, cut), take);
          from = cut;
        }
        splitter.push(bytes.subarray(from), take);
        splitter.end(take);
        expect(handed).toEqual(expected);
        expect(reported).toEqual(reportedLong);
      }),
      { numRuns: 2_000 },
    );
  });

  it('when the taker asks to stop then no further line is handed on', () => {
    const splitter = new LineSplitter('bars.csv');
    const seen: number[] = [];
    const stopped = splitter.push(Buffer.from('a\nb\nc\n'), (_, __, ___, line) => {
      seen.push(line);
      return line === 2;
    });
    expect(stopped).toBe(true);
    expect(splitter.push(Buffer.from('d\n'), (_, __, ___, line) => void seen.push(line))).toBe(true);
    expect(seen).toEqual([1, 2]);
  });
});
