/** Specifies the execution ledger: each fill booked once by its id's base, announced under its first id, and let go of on request. */
import { describe, expect, it } from 'vitest';
import { ExecutionLedger } from '../../../core/domain/execution-ledger.js';
import { dec } from '../../../core/domain/money.js';
import type { Execution } from '../../../core/domain/types.js';
import { T0 } from '../../support/market.js';

function execution(execId: string, price = '100.25'): Execution {
  return { execId, orderId: 1, symbol: 'AAPL', side: 'BUY', quantity: dec('10'), price: dec(price), time: T0 };
}

describe('ExecutionLedger', () => {
  it('when a fill is corrected then it stays announced under the id it was first booked with', () => {
    const ledger = new ExecutionLedger();
    ledger.book(execution('0000e0d5.1.01'));
    ledger.book(execution('0000e0d5.1.02', '100.05'));

    expect(ledger.announced('0000e0d5.1.02')).toBe('0000e0d5.1.01');
    expect(ledger.booked('0000e0d5.1.01')?.price.toString()).toBe('100.05');
    expect(ledger.classify(execution('0000e0d5.1.02', '100.05'))).toEqual({ kind: 'duplicate' });
  });

  it('when its fills are forgotten then they are unknown again, and the others stay', () => {
    const ledger = new ExecutionLedger();
    ledger.book(execution('0000e0d5.1.01'));
    ledger.book(execution('0000e0d5.2.01'));

    ledger.forget(['0000e0d5.1.01', '0000e0d5.1.02']);

    expect(ledger.size).toBe(1);
    expect(ledger.classify(execution('0000e0d5.1.01'))).toEqual({ kind: 'new' });
    expect(ledger.announced('0000e0d5.2.01')).toBe('0000e0d5.2.01');
  });
});
