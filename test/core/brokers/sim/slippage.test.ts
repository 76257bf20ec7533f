/** The simulated broker's slippage: each model moves the price against the trader, onto the tick grid, never past a limit. */
import { describe, expect, it } from 'vitest';
import { applySlippage, type SlippageOptions } from '../../../../core/brokers/sim/slippage.js';
import { dec } from '../../../../core/domain/money.js';
import { bar, limitIntent, marketIntent } from '../../../support/market.js';

const model = (options: Partial<SlippageOptions> & Pick<SlippageOptions, 'model'>): SlippageOptions => ({ bps: 0, spreadBps: 0, impact: 0, ...options });

describe('applySlippage', () => {
  it.each([
    { name: 'no slippage model', options: model({ model: 'none' }), side: 'BUY' as const, reference: '100', quantity: '100', volume: 10_000, price: '100', slippage: '0' },
    { name: '1 bp on a buy at 100', options: model({ model: 'fixed-bps', bps: 1 }), side: 'BUY' as const, reference: '100', quantity: '100', volume: 10_000, price: '100.01', slippage: '0.01' },
    { name: '1 bp on a sell at 100', options: model({ model: 'fixed-bps', bps: 1 }), side: 'SELL' as const, reference: '100', quantity: '100', volume: 10_000, price: '99.99', slippage: '0.01' },
    { name: '1 bp of 250 (0.025) on a buy rounds up to the next cent', options: model({ model: 'fixed-bps', bps: 1 }), side: 'BUY' as const, reference: '250', quantity: '100', volume: 10_000, price: '250.03', slippage: '0.03' },
    { name: '1 bp of 250 (0.025) on a sell rounds down to the next cent', options: model({ model: 'fixed-bps', bps: 1 }), side: 'SELL' as const, reference: '250', quantity: '100', volume: 10_000, price: '249.97', slippage: '0.03' },
    { name: 'half of a 4 bp spread at 50', options: model({ model: 'half-spread', spreadBps: 4 }), side: 'BUY' as const, reference: '50', quantity: '100', volume: 10_000, price: '50.01', slippage: '0.01' },
    { name: 'volume share 0.1 × (2,500 / 10,000)² × 100 = 0.625', options: model({ model: 'volume-share', impact: 0.1 }), side: 'BUY' as const, reference: '100', quantity: '2500', volume: 10_000, price: '100.63', slippage: '0.63' },
    { name: '10 bp below one dollar, on the 0.0001 grid', options: model({ model: 'fixed-bps', bps: 10 }), side: 'BUY' as const, reference: '0.5', quantity: '100', volume: 10_000, price: '0.5005', slippage: '0.0005' },
  ])('when $name then the fill price is $price ($slippage a share)', ({ options, side, reference, quantity, volume, price, slippage }) => {
    // Act
    const result = applySlippage(options, marketIntent(side, quantity), dec(reference), dec(quantity), bar(0, { volume }));

    // Assert
    expect([result.price.toString(), result.slippage.toString()]).toEqual([price, slippage]);
  });

  it('when slippage would push a buy past its limit then the fill stops at the limit', () => {
    const result = applySlippage(model({ model: 'fixed-bps', bps: 100 }), limitIntent('BUY', '100', '100.30'), dec('100'), dec('100'), bar(0));
    expect([result.price.toString(), result.slippage.toString()]).toEqual(['100.3', '0.3']);
  });

  it('when slippage would push a sell below its limit then the fill stops at the limit', () => {
    const result = applySlippage(model({ model: 'fixed-bps', bps: 100 }), limitIntent('SELL', '100', '99.95'), dec('100'), dec('100'), bar(0));
    expect([result.price.toString(), result.slippage.toString()]).toEqual(['99.95', '0.05']);
  });

  it('when a limit fill is already at its limit then it has no slippage', () => {
    const result = applySlippage(model({ model: 'fixed-bps', bps: 5 }), limitIntent('BUY', '100', '100'), dec('100'), dec('100'), bar(0));
    expect(result.slippage.isZero()).toBe(true);
  });
});
