/** Specifies the cost ledger's memory: it keeps the latest fills' estimates for the broker's actuals, not every fill of a run. */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import { NO_FEES } from '../../../plugins/costs/fees.js';
import { CostLedger, FILLS_KEPT } from '../../../plugins/costs/ledger.js';

const FEES = { ...NO_FEES, commission: dec('1.00') };

describe('CostLedger', () => {
  it('when more fills are booked than it keeps then the oldest estimates go, and an actual for a recent fill still replaces its estimate', () => {
    const ledger = new CostLedger();
    for (let i = 1; i <= FILLS_KEPT + 5; i++) ledger.recordFill(`e-${i}`, 's1', FEES, dec('0'));

    const recent = ledger.recordActual(`e-${FILLS_KEPT + 5}`, dec('1.25'));

    expect(ledger.size).toBe(FILLS_KEPT);
    expect(recent.toString()).toBe('0.25');
    expect(ledger.summary('ibkr-fixed', 'per-fill')).toMatchObject({ fills: FILLS_KEPT + 5, commission: '10005.00', brokerAdjustment: '0.25' });
  });
});
