/** Specifies the execution ledger: each fill booked once by its id's base, announced under its first id, and let go of on request. */
import { describe, expect, it } from 'vitest';
import { ExecutionLedger, splitExecId } from '../../../core/domain/execution-ledger.js';
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

  it('when an execution id is split then the revision is the digits after its last dot, and any other id is its own base', () => {
    expect(splitExecId('0000e0d5.65a1b2c3.01.02')).toEqual({ base: '0000e0d5.65a1b2c3.01', revision: 2 });
    expect(splitExecId('sim-1-3.01')).toEqual({ base: 'sim-1-3', revision: 1 });
    for (const id of ['plain', '.01', 'ends.', 'a.b1', 'a.1b', '']) expect(splitExecId(id)).toEqual({ base: id, revision: 0 });
  });
});
