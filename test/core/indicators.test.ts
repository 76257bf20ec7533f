/** Specification of core/indicators.ts: the strategies get trading-signals' own classes, loaded without the whole package. */
import { describe, expect, it } from 'vitest';
import * as TradingSignals from 'trading-signals';
import { SMA } from '../../core/indicators.js';

describe('indicators', () => {
  it('when SMA is imported from core/indicators then it is the class the trading-signals entry exports', () => {
    expect(SMA).toBe(TradingSignals.SMA);
  });

  it('when fed closes then it averages the last period of them', () => {
    const sma = new SMA(2);

    expect([1, 2, 4].map((close) => sma.add(close))).toEqual([null, 1.5, 3]);
  });
});
