import { describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../../core/domain/money.js';
import type { RecordedFill } from '../../../core/backtest/recorder.js';
import { tradesOf } from '../../../core/backtest/trades.js';

let n = 0;
function fill(side: 'BUY' | 'SELL', quantity: string, price: string, time: number, fees = '1', extra: Partial<RecordedFill> = {}): RecordedFill {
  n++;
  return { execId: `e${n}`, orderId: n, strategyId: 's', symbol: 'SPY', side, quantity: dec(quantity), price: dec(price), time, fees: dec(fees), slippage: dec('0'), ...extra };
}
const noClose = (): Decimal | undefined => undefined;
const strings = (t: ReturnType<typeof tradesOf>[number]): Record<string, unknown> => ({
  direction: t.direction, quantity: t.quantity.toString(), entryPrice: t.entryPrice.toString(), exitPrice: t.exitPrice?.toString(),
  gross: t.grossPnl.toString(), fees: t.fees.toString(), net: t.netPnl.toString(), holdingMs: t.holdingMs, open: t.open,
});

describe('round trips from fills', () => {
  it('makes one trade of an entry filled in parts and an exit filled in parts', () => {
    const trades = tradesOf([fill('BUY', '60', '100', 0), fill('BUY', '40', '101', 1000), fill('SELL', '50', '103', 5000), fill('SELL', '50', '104', 9000)], noClose, 10_000);
    expect(trades.map(strings)).toEqual([{ direction: 'long', quantity: '100', entryPrice: '100.4', exitPrice: '103.5', gross: '310', fees: '4', net: '306', holdingMs: 9000, open: false }]);
  });

  it('keeps scaling in and out inside one trade, and its size is the largest held', () => {
    const trades = tradesOf([fill('BUY', '100', '10', 0), fill('SELL', '50', '12', 1), fill('BUY', '150', '11', 2), fill('SELL', '200', '13', 3)], noClose, 4);
    expect(trades).toHaveLength(1);
    // Bought 100 @ 10 and 150 @ 11 (2650), sold 50 @ 12 and 200 @ 13 (3200).
    expect(strings(trades[0]!)).toMatchObject({ quantity: '200', gross: '550', net: '546' });
  });

  it('splits a fill that crosses zero into a close and a new trade the other way, fees in proportion', () => {
    const trades = tradesOf([fill('BUY', '100', '50', 0), fill('SELL', '300', '55', 10, '3')], noClose, 20);
    expect(trades.map(strings)).toEqual([
      { direction: 'long', quantity: '100', entryPrice: '50', exitPrice: '55', gross: '500', fees: '2', net: '498', holdingMs: 10, open: false },
      { direction: 'short', quantity: '200', entryPrice: '55', exitPrice: undefined, gross: '0', fees: '2', net: '-2', holdingMs: 10, open: true },
    ]);
  });

  it('marks an open trade at the last close and ends it at the end of the data', () => {
    const trades = tradesOf([fill('SELL', '10', '20', 100)], () => dec('18'), 500);
    expect(trades.map(strings)).toEqual([{ direction: 'short', quantity: '10', entryPrice: '20', exitPrice: undefined, gross: '20', fees: '1', net: '19', holdingMs: 400, open: true }]);
  });

  it('keeps strategies and symbols apart', () => {
    const trades = tradesOf([
      fill('BUY', '10', '20', 0, '0', { strategyId: 'a' }),
      fill('BUY', '10', '30', 1, '0', { strategyId: 'b' }),
      fill('SELL', '10', '21', 2, '0', { strategyId: 'a' }),
      fill('BUY', '5', '7', 3, '0', { strategyId: 'a', symbol: 'QQQ' }),
    ], () => dec('8'), 9);
    expect(trades.map((t) => [t.strategyId, t.symbol, t.netPnl.toString(), t.open])).toEqual([['a', 'SPY', '10', false], ['b', 'SPY', '-220', true], ['a', 'QQQ', '5', true]]);
  });
});
