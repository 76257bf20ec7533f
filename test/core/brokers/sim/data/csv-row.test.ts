import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBarParser } from '../../../../../core/brokers/sim/data/csv-format.js';
import { createRowParser } from '../../../../../core/brokers/sim/data/csv-row.js';

// As scanSymbols finds them: only what the symbol rule accepts; 'ÉTF' and the like stay in the lines to be refused.
const SYMBOLS = ['SPY', 'QQQ', 'BRK.B'];
const place = { path: 'bars.csv', line: 7 };

/** What a parser makes of a line: the bar, or the error's message. */
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    return { error: String(error) };
  }
}

/** Fields as bar files write them, and as careless ones do: spaces, signs, exponents, odd digits. */
const numberText = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc.tuple(fc.nat(99_999), fc.nat(9_999)).map(([a, b]) => `${a}.${String(b).padStart(4, '0')}`),
  fc.constantFrom('', '.', '-', '+1', '-0', '1e3', '.5', '5.', '0x1F', ' 12 ', '\t7', '1,5', 'NaN', 'Infinity', '1e999', '12345678901234567', '0.1234567890123456789', '\u00a05'),
);
const timeText = fc.oneof(
  fc.constantFrom('2026-03-02T09:30:00-05:00', '2026-03-02T09:30-05:00', '2026-03-02T14:30:00Z', '2026-03-02T09:30:00-0500', '2026-03-02T09:30:00-05', '1772461800000', ' 2026-03-02T09:30:00-05:00 '),
  fc.constantFrom('2026-03-02T09:30:00', '2026-02-30T09:30:00-05:00', '1772461800', '2026-03-02T09:30:00.250-05:00', '2026-03-02t09:30:00-05:00', 'yesterday', ''),
);
const symbolText = fc.constantFrom('SPY', 'QQQ', 'BRK.B', 'ÉTF', 'ÉT', ' SPY', 'SPY ', 'IWM', '', 'spy', 'SP Y');

describe('createRowParser', () => {
  it('when any line is read then the bar or the error is exactly what the general parser gives', () => {
    fc.assert(
      fc.property(timeText, symbolText, fc.array(numberText, { minLength: 4, maxLength: 6 }), (time, symbol, numbers) => {
        const line = [time, symbol, ...numbers].join(',');
        const fast = createRowParser(60_000, SYMBOLS);
        const general = createBarParser(60_000);
        // Embedded in a longer text, as the row parser reads lines in place in a chunk.
        const text = Buffer.from(`x\n${line}\nnext,line`);
        const got = outcome(() => fast.parse(text, 2, 2 + Buffer.byteLength(line), place));
        const want = outcome(() => general(line, place));
        expect(got, line).toStrictEqual(want);
      }),
      { numRuns: 30_000 },
    );
  });

  it('when prices are plain decimals then they are exactly the numbers Number() reads', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(999_999_999), fc.nat(999_999)).filter(([a, b]) => a > 0 || b > 0), { minLength: 5, maxLength: 5 }), (pairs) => {
        const fields = pairs.map(([a, b]) => Number(`${a}.${b}`)).sort((a, b) => a - b).map(String);
        const [low, open, volume, close, high] = fields as [string, string, string, string, string];
        const line = `2026-03-02T09:30:00-05:00,SPY,${open},${high},${low},${close},${volume}`;
        const bar = createRowParser(60_000, SYMBOLS).parse(Buffer.from(line), 0, line.length, place);
        expect([bar.open, bar.high, bar.low, bar.close, bar.volume]).toStrictEqual([open, high, low, close, volume].map(Number));
      }),
    );
  });

  it('when the file has many symbols in any order then every line finds its own symbol and rank', () => {
    const many = Array.from({ length: 40 }, (_, i) => `S${String(i).padStart(3, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.nat(39), { minLength: 1, maxLength: 100 }), (indexes) => {
        const parser = createRowParser(60_000, many);
        for (const index of indexes) {
          const line = Buffer.from(`2026-03-02T09:30:00-05:00,${String(many[index])},1,2,1,2,5`);
          expect(parser.parse(line, 0, line.length, place).symbol).toBe(many[index]);
          expect(parser.rank).toBe(index);
        }
      }),
    );
  });

  it('when the symbol is a known one then the bar carries the known string and its rank', () => {
    const line = '2026-03-02T09:30:00-05:00,BRK.B,1,2,1,2,5';
    const parser = createRowParser(60_000, SYMBOLS);
    const bar = parser.parse(Buffer.from(line), 0, line.length, place);
    expect(parser.rank).toBe(2);
    expect(bar.symbol).toBe('BRK.B');
  });
});
