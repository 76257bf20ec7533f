/**
 * Specifies the valuation guards compare against on every bar: its float estimate never decides a
 * comparison the exact Decimal would decide otherwise — not for levels far away, not for levels exactly
 * at equity, not for levels a hair (one unit of the 34th digit) to either side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, ONE, ZERO, dec, type Decimal } from '../../../core/domain/money.js';
import { Portfolio } from '../../../core/domain/portfolio.js';
import { levelOf, loweredLevel, scaledLevel } from '../../../core/domain/valuation.js';

const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => dec(String(n)).div(100));
const price = fc.integer({ min: 1, max: 5_000_000 }).map((n) => n / 10_000); // 0.0001 .. 500
const trade = fc.record({ symbol: fc.constantFrom('AAA', 'BBB', 'CCC'), side: fc.constantFrom('BUY' as const, 'SELL' as const), quantity: fc.integer({ min: 1, max: 5_000 }), price });

function portfolioOf(cash: Decimal, trades: readonly { symbol: string; side: 'BUY' | 'SELL'; quantity: number; price: number }[], marks: readonly number[]): Portfolio {
  const portfolio = new Portfolio(cash);
  for (const t of trades) portfolio.applyFill(t.symbol, t.side, dec(String(t.quantity)), dec(String(t.price)));
  ['AAA', 'BBB', 'CCC'].forEach((symbol, i) => { if (marks[i] !== undefined) portfolio.mark(symbol, marks[i]); });
  return portfolio;
}

describe('Valuation', () => {
  it('when asked whether equity is above or at least a level then it answers as the exact Decimal does, also at and right next to equity', () => {
    fc.assert(fc.property(cents(-10_000_000_00, 10_000_000_00), fc.array(trade, { maxLength: 8 }), fc.array(price, { maxLength: 3 }), cents(-100_000_00, 100_000_00), (cash, trades, marks, offset) => {
      // Arrange
      const portfolio = portfolioOf(cash, trades, marks);
      const valuation = portfolio.valuation();
      const equity = valuation.exact();
      const hair = new Dec('1e-20');
      const levels = [equity, equity.plus(hair), equity.minus(hair), equity.plus(offset), equity.minus(offset)].map(levelOf);

      // Act + Assert
      for (const level of levels) {
        expect(valuation.above(level)).toBe(equity.gt(level.value()));
        expect(valuation.atLeast(level)).toBe(equity.gte(level.value()));
      }
    }), { numRuns: 500 });
  });

  it('when the level is itself lazy — another valuation, a share of it, or it lowered by an amount — then the answers still equal the exact ones', () => {
    fc.assert(fc.property(cents(-1_000_000_00, 1_000_000_00), fc.array(trade, { maxLength: 6 }), fc.array(price, { maxLength: 3 }), fc.array(price, { maxLength: 3 }), fc.integer({ min: 1, max: 100 }), cents(0, 10_000_00), (cash, trades, marks, otherMarks, percent, amount) => {
      // Arrange: the same positions at two sets of prices, as a peak and a later bar
      const now = portfolioOf(cash, trades, marks).valuation();
      const peak = portfolioOf(cash, trades, otherMarks).valuation();
      const share = ONE.minus(dec(String(percent)).div(100));
      const equity = now.exact();
      const levels = [peak, scaledLevel(peak, share, share.toNumber()), loweredLevel(peak, amount), now, scaledLevel(now, ONE, 1), loweredLevel(now, ZERO)];

      // Act + Assert
      for (const level of levels) {
        expect(now.above(level)).toBe(equity.gt(level.value()));
        expect(now.atLeast(level)).toBe(equity.gte(level.value()));
      }
    }), { numRuns: 300 });
  });

  it('when prices move away from a peak and come back then the new valuation of the same holdings at the same prices equals the peak, as the exact Decimals say', () => {
    fc.assert(fc.property(cents(-1_000_000_00, 1_000_000_00), fc.array(trade, { minLength: 1, maxLength: 6 }), fc.array(price, { maxLength: 3 }), price, (cash, trades, marks, away) => {
      // Arrange: a peak, a bar elsewhere, then every marked symbol back at the peak's price
      const portfolio = portfolioOf(cash, trades, marks);
      const peak = portfolio.valuation();
      portfolio.mark(trades[0]!.symbol, away);
      const elsewhere = portfolio.valuation();
      ['AAA', 'BBB', 'CCC'].forEach((symbol, i) => { if (marks[i] !== undefined) portfolio.mark(symbol, marks[i]); });
      const back = portfolio.valuation();

      // Act + Assert
      for (const [now, level] of [[back, peak], [peak, back], [elsewhere, peak], [back, elsewhere]] as const) {
        expect(now.above(level)).toBe(now.exact().gt(level.exact()));
        expect(now.atLeast(level)).toBe(now.exact().gte(level.exact()));
      }
    }), { numRuns: 300 });
  });

  it('when the portfolio holds positions then the exact value is cash plus each position at its last price, and the estimate is within its error of it', () => {
    // Arrange
    const portfolio = new Portfolio(dec('100000'));
    portfolio.applyFill('AAA', 'BUY', dec('300'), dec('10.10'));
    portfolio.applyFill('BBB', 'SELL', dec('100'), dec('20'));
    portfolio.mark('AAA', 10.3);

    // Act
    const valuation = portfolio.valuation();

    // Assert: 100000 − 3030 + 2000 + 300 × 10.30 − 100 × 20 (BBB never marked: its cost)
    expect(valuation.exact().toString()).toBe('100060');
    expect(Math.abs(valuation.estimate - 100_060)).toBeLessThanOrEqual(valuation.error);
  });

  it('when nothing changed then the portfolio hands back the same valuation, and a new price of a held symbol makes a new one', () => {
    // Arrange
    const portfolio = new Portfolio(dec('1000'));
    portfolio.applyFill('AAA', 'BUY', dec('1'), dec('10'));
    portfolio.mark('AAA', 10);
    const first = portfolio.valuation();

    // Act
    portfolio.mark('BBB', 5);
    const unchanged = portfolio.valuation();
    portfolio.mark('AAA', 11);
    const moved = portfolio.valuation();

    // Assert
    expect(unchanged).toBe(first);
    expect(moved).not.toBe(first);
    expect(first.exact().toString()).toBe('1000');
    expect(moved.exact().toString()).toBe('1001');
  });
});
