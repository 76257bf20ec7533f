/** IB's codes mean something specific; each family is classified and explained in words. */
import { describe, expect, it } from 'vitest';
import { classify, describeNotice, isOrderRefusal } from '../../../../core/brokers/ib/codes.js';

describe('classify', () => {
  it.each([
    [1100, 'link-lost', 'warn'], [2110, 'link-lost', 'warn'], [1101, 'link-restored-data-lost', 'info'], [1102, 'link-restored', 'info'],
    [2103, 'farm-broken', 'warn'], [2105, 'farm-broken', 'warn'], [2157, 'farm-broken', 'warn'],
    [2104, 'farm-ok', 'info'], [2106, 'farm-ok', 'info'], [2158, 'farm-ok', 'info'], [2107, 'farm-inactive', 'info'], [2108, 'farm-inactive', 'info'],
    [502, 'client', 'error'], [504, 'client', 'error'], [505, 'client', 'error'], [326, 'client-id-in-use', 'error'],
    [100, 'rate', 'warn'], [162, 'pacing', 'warn'], [366, 'pacing', 'info'],
    [103, 'order', 'error'], [110, 'order', 'error'], [201, 'order', 'error'], [202, 'order-warning', 'info'], [399, 'order-warning', 'warn'],
    [2150, 'other', 'info'], [9999, 'other', 'error'],
  ])('when TWS sends code %i then it is %s at level %s', (code, kind, severity) => {
    expect(classify(code, 'text', -1)).toMatchObject({ code, kind, severity });
  });

  it('when an order error arrives then only refusals reject a pending order, not warnings or cancel notices', () => {
    expect([103, 110, 201, 200].map((c) => isOrderRefusal(classify(c, '', 5)))).toEqual([true, true, true, true]);
    expect([202, 399, 10147, 2109].map((c) => isOrderRefusal(classify(c, '', 5)))).toEqual([false, false, false, false]);
  });

  it('when described then the line says what it means for Robo, then what TWS said', () => {
    expect(describeNotice(classify(1100, 'Connectivity between IB and Trader Workstation has been lost.', undefined))).toBe(
      'IB 1100: TWS / IB Gateway lost its connection to IB\'s servers; new orders are refused until it is restored — TWS said "Connectivity between IB and Trader Workstation has been lost."',
    );
    expect(describeNotice(classify(162, 'Historical Market Data Service error message:pacing violation', 12))).toMatch(/^IB 162 \(request 12\): the historical data service refused a request/);
  });
});
