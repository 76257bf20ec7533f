import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { symbolField } from '../../../../../core/brokers/sim/data/csv-format.js';
import { scanSymbols } from '../../../../../core/brokers/sim/data/csv-scan.js';
import { isSymbol } from '../../../../../core/domain/symbol.js';

const dir = mkdtempSync(join(tmpdir(), 'robo-csv-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'time,symbol,open,high,low,close,volume';

/** The rule spelled out: the second field of every data line, trimmed, in order of first appearance. */
function symbolsByTheRule(lines: readonly string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const symbol = symbolField(line);
    if (symbol !== undefined && isSymbol(symbol) && !found.includes(symbol)) found.push(symbol);
  }
  return found;
}

describe('scanSymbols', () => {
  it('when lines name symbols with spaces, odd white space, non-ASCII letters or none then it finds the true symbols the rule finds, in order', () => {
    const symbol = fc.constantFrom('SPY', 'QQQ', ' SPY', 'SPY\t', 'SPY\u00a0', 'ÉTF', '', ' ', 'BRK.B');
    const line = fc.tuple(fc.constantFrom('2026-03-02T09:30:00-05:00', '1772461800000', ' 2026-03-02T09:30:00Z'), symbol, fc.boolean())
      .map(([time, name, more]) => (more ? `${time},${name},1,1,1,1,1` : `${time},${name}`));
    let file = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const path = join(dir, `bars-${++file}.csv`);
        writeFileSync(path, [HEADER, ...lines].join('\n'));
        expect(scanSymbols({ path, name: path })).toEqual(symbolsByTheRule(lines));
      }),
      { numRuns: 300 },
    );
  });
});
