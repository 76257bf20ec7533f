/** Executions and commissions read from the wire strings, never through JS numbers; IB times read with their zone. */
import { describe, expect, it } from 'vitest';
import { ExecutionBook, splitExecId } from '../../../../core/brokers/ib/executions.js';
import { parseCommission, parseExecution, parseExecutionTime } from '../../../../core/brokers/ib/wire.js';
import { commissionReport, executionData, UNSET_DOUBLE } from '../../../support/tws-server/messages.js';

const tokens = (fields: readonly (string | number | boolean)[]): string[] => fields.map((f) => (typeof f === 'boolean' ? (f ? '1' : '0') : String(f)));

function execution(execId: string, shares: string, price: string): string[] {
  return tokens(executionData({
    reqId: -1, orderId: 3, contract: { conId: 1, symbol: 'SPY', exchange: 'SMART', currency: 'USD' }, execId, time: '20260302 09:35:00 US/Eastern',
    account: 'DU1234567', side: 'SLD', shares, price, permId: 9, clientId: 7, cumQty: shares, avgPrice: price, orderRef: 'robo:s:3',
  }));
}

describe('wire parsing', () => {
  it('when an execution arrives then quantity and price are Decimals from the wire text, exactly', () => {
    const parsed = parseExecution(execution('0001.0002.01.01', '0.1', '0.30000000000000004'));

    expect(parsed).toMatchObject({ reqId: -1, orderId: 3, symbol: 'SPY', execId: '0001.0002.01.01', side: 'SELL', orderRef: 'robo:s:3' });
    expect([parsed.shares.toString(), parsed.price.toString()]).toEqual(['0.1', '0.30000000000000004']);
  });

  it('when a commission is "not set" then it is undefined, otherwise an exact Decimal', () => {
    expect(parseCommission(tokens(commissionReport('x.01', '1.005', 'USD'))).commission?.toString()).toBe('1.005');
    expect(parseCommission(tokens(commissionReport('x.01', UNSET_DOUBLE, 'USD'))).commission).toBeUndefined();
  });

  it('when IB writes a time with its zone then it is read in that zone; without a zone the receipt time is used, never a guess', () => {
    expect(parseExecutionTime('20260302 09:35:00 US/Eastern', 0)).toBe(Date.UTC(2026, 2, 2, 14, 35));
    expect(parseExecutionTime('20260710 09:35:00 America/New_York', 0)).toBe(Date.UTC(2026, 6, 10, 13, 35));
    expect(parseExecutionTime('20260302-14:35:00', 0)).toBe(Date.UTC(2026, 2, 2, 14, 35));
    expect(parseExecutionTime('20260302  09:35:00', 123)).toBe(123);
    expect(parseExecutionTime('20260302 09:35:00 Mars/Olympus', 456)).toBe(456);
  });

  it('when a field is malformed then parsing fails with what was expected', () => {
    const bad = execution('e.01', 'abc', '1');
    expect(() => parseExecution(bad)).toThrow('expected a decimal shares, was "abc"');
  });
});

describe('ExecutionBook', () => {
  it('when the same execution, a restatement, a correction and a stale revision arrive then only the first is booked', () => {
    const book = new ExecutionBook();
    const first = parseExecution(execution('a.b.01.01', '10', '5'));

    expect(book.accept(first, 1).kind).toBe('new');
    expect(book.accept(first, 1).kind).toBe('duplicate');
    expect(book.accept(parseExecution(execution('a.b.01.02', '10', '5')), 1).kind).toBe('restated');
    expect(book.accept(parseExecution(execution('a.b.01.03', '10', '4.99')), 1)).toMatchObject({ kind: 'correction', booked: { execId: 'a.b.01.01' } });
    expect(book.accept(parseExecution(execution('a.b.01.02', '10', '5')), 1).kind).toBe('superseded');
    expect(splitExecId('a.b.01.03')).toEqual({ base: 'a.b.01', revision: 3 });
  });

  it('when commissions arrive before, after and twice then each fill gets one, after its execution', () => {
    const book = new ExecutionBook();
    const report = parseCommission(tokens(commissionReport('a.b.01.01', '1', 'USD')));

    expect(book.commission(report).kind).toBe('wait');
    book.accept(parseExecution(execution('a.b.01.01', '10', '5')), 1);
    expect(book.takeWaiting('a.b.01.01')).toMatchObject({ kind: 'emit', execId: 'a.b.01.01' });
    expect(book.commission(report).kind).toBe('duplicate');
    book.ignore('other.01');
    expect(book.commission(parseCommission(tokens(commissionReport('other.01', '1', 'USD')))).kind).toBe('ignored');
  });
});
