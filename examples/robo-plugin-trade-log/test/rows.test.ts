/** The journal's lines: one per event, CSV with a header or JSON lines, decimals as exact text. */
import { describe, expect, it } from 'vitest';
import { formatRow, header } from '../src/rows.js';

const fill = { time: '2026-03-02T09:59:00.000-05:00', event: 'fill', strategy: 'spy-trend', symbol: 'SPY', side: 'BUY', quantity: '100', price: '250.76', orderId: 1, execId: 'sim-1-1.01', position: '100' } as const;

describe('trade log rows', () => {
  it('when the format is csv then a header names every column and a fill fills its own', () => {
    expect(header('csv')).toBe('time,event,strategy,symbol,side,quantity,price,orderId,execId,position,by,code,reason\n');
    expect(formatRow(fill, 'csv')).toBe('2026-03-02T09:59:00.000-05:00,fill,spy-trend,SPY,BUY,100,250.76,1,sim-1-1.01,100,,,\n');
  });

  it('when a reason holds commas and quotes then the csv field is quoted with its quotes doubled', () => {
    const veto = { time: 't', event: 'veto', by: 'robo:risk-limits', code: 'RISK_MAX_NOTIONAL', reason: 'notional 500,000 is over "the" limit' } as const;

    expect(formatRow(veto, 'csv')).toBe('t,veto,,,,,,,,,robo:risk-limits,RISK_MAX_NOTIONAL,"notional 500,000 is over ""the"" limit"\n');
  });

  it('when the format is jsonl then there is no header and each event is one JSON object', () => {
    expect(header('jsonl')).toBeUndefined();
    expect(JSON.parse(formatRow(fill, 'jsonl'))).toEqual(fill);
  });
});
