/**
 * Specifies what makes an order legal before any guard sees it, how its prices are rounded to the tick,
 * and how it reads in a log line.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { describeOrder, isProtective, orderShapeProblem, snapPrices } from '../../../core/domain/order-rules.js';
import type { OrderIntent } from '../../../core/domain/types.js';

function order(fields: Record<string, unknown>): OrderIntent {
  return { strategyId: 's', symbol: 'SPY', side: 'SELL', quantity: dec('100'), ...fields } as unknown as OrderIntent;
}

describe('orderShapeProblem', () => {
  it.each([
    [{ type: 'MKT' }],
    [{ type: 'LMT', limitPrice: dec('100.25'), tif: 'OPG' }],
    [{ type: 'STP', stopPrice: dec('95'), tif: 'GTC', outsideRth: true }],
    [{ type: 'STP LMT', stopPrice: dec('95'), limitPrice: dec('94.5') }],
    [{ type: 'TRAIL', trail: { percent: dec('1.5') }, initialStop: dec('97') }],
    [{ type: 'MOC' }],
    [{ type: 'LOC', limitPrice: dec('101') }],
    [{ type: 'LMT', limitPrice: dec('105'), oca: { group: 'exits', type: 1 } }],
    [{ type: 'TRAIL', trail: { amount: dec('0.5') }, bracket: { id: 'b', role: 'stop-loss' } }],
  ])('when the order is %j then it is legal', (fields) => {
    expect(orderShapeProblem(order(fields))).toBeUndefined();
  });

  it.each([
    [{ type: 'FOK' }, /order type must be one of/],
    [{ type: 'STP' }, /stop price must be a positive number/],
    [{ type: 'STP', stopPrice: dec('95.001') }, /not on the 0.01 tick grid/],
    [{ type: 'MOC', tif: 'GTC' }, /a MOC order cannot be GTC; it may be DAY/],
    [{ type: 'STP', stopPrice: dec('95'), tif: 'IOC' }, /a STP order cannot be IOC/],
    [{ type: 'LOC', limitPrice: dec('101'), outsideRth: true }, /cannot be outsideRth/],
    [{ type: 'MKT', tif: 'OPG', outsideRth: true }, /cannot be outsideRth/],
    [{ type: 'STP LMT', stopPrice: dec('95'), limitPrice: dec('96') }, /limit price 96 must be at or below its stop price 95/],
    [{ type: 'TRAIL', trail: {} }, /exactly one of a trail amount and a trail percent/],
    [{ type: 'TRAIL', trail: { percent: dec('100') } }, /above 0 and below 100/],
    [{ type: 'MKT', oca: { group: '', type: 1 } }, /OCA group must be a name/],
    [{ type: 'MKT', oca: { group: 'x', type: 4 } }, /OCA type must be 1, 2 or 3/],
    [{ type: 'MKT', bracket: { id: 'b', role: 'take-profit' } }, /take profit must be a limit order/],
    [{ type: 'LMT', limitPrice: dec('1'), bracket: { id: 'b', role: 'stop-loss' } }, /stop loss must be a STP, STP LMT or TRAIL order/],
    [{ type: 'MKT', tif: 'IOC', bracket: { id: 'b', role: 'entry' } }, /entry cannot be IOC/],
  ])('when the order is %j then it is refused in words', (fields, reason) => {
    expect(orderShapeProblem(order(fields))).toMatch(reason);
  });

  it('when the prices are only checked for their sign then a price off the tick passes, for the risk limits to round', () => {
    expect(orderShapeProblem(order({ type: 'STP', stopPrice: dec('95.001') }), { onTick: false })).toBeUndefined();
  });
});

describe('snapPrices', () => {
  it('when a sell stop limit is off the tick then its stop and limit round up, and a buy stop rounds down', () => {
    expect(snapPrices(order({ type: 'STP LMT', stopPrice: dec('95.001'), limitPrice: dec('94.509') }))).toMatchObject({ stopPrice: dec('95.01'), limitPrice: dec('94.51') });
    expect(snapPrices(order({ type: 'STP', side: 'BUY', stopPrice: dec('105.009') }))).toMatchObject({ stopPrice: dec('105') });
  });

  it('when every price is on the tick then the same intent comes back', () => {
    const intent = order({ type: 'TRAIL', trail: { amount: dec('1') }, initialStop: dec('99') });
    expect(snapPrices(intent)).toBe(intent);
  });
});

describe('describeOrder and isProtective', () => {
  it('when an order is described then its type, prices, time in force and links are in the words', () => {
    expect(describeOrder(order({ type: 'STP LMT', stopPrice: dec('95'), limitPrice: dec('94.5'), tif: 'GTC', outsideRth: true }))).toBe('SELL 100 SPY stop 95 limit 94.5 GTC outside regular hours');
    expect(describeOrder(order({ type: 'TRAIL', trail: { percent: dec('1.5') }, bracket: { id: 'b', role: 'stop-loss' } }))).toBe('SELL 100 SPY trail 1.5% (bracket stop-loss)');
    expect(describeOrder(order({ type: 'MOC', side: 'BUY' }))).toBe('BUY 100 SPY market on close');
  });

  it('when an order is a stop or a bracket exit then it is protective; a bracket entry, even a stop, or a limit is not', () => {
    expect(isProtective(order({ type: 'TRAIL', trail: { amount: dec('1') } }))).toBe(true);
    expect(isProtective(order({ type: 'LMT', limitPrice: dec('105'), bracket: { id: 'b', role: 'take-profit' } }))).toBe(true);
    expect(isProtective(order({ type: 'STP', stopPrice: dec('105'), side: 'BUY', bracket: { id: 'b', role: 'entry' } }))).toBe(false);
    expect(isProtective(order({ type: 'LMT', limitPrice: dec('105') }))).toBe(false);
  });
});
