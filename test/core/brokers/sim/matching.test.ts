/**
 * Specifies the simulated exchange's matching rules: a bar gives our orders at most a share of its
 * volume, market orders trade at the open, limit orders only when the bar reaches them and never at a
 * worse price, and an order cannot trade in a bar that opened before it was accepted.
 */
import { describe, expect, it } from 'vitest';
import { barCapacity, fillPrice, stopTrigger, trailStop } from '../../../../core/brokers/sim/matching.js';
import { dec } from '../../../../core/domain/money.js';
import { bar, limitIntent, marketIntent } from '../../../support/market.js';

describe('barCapacity', () => {
  it.each([
    [10_000, 1, '10000'],
    [1_000, 0.1, '100'],
    [15, 0.1, '1'],
    [9, 0.1, '0'],
  ])('when a bar traded %s shares and the share is %s then our orders may take %s', (volume, share, capacity) => {
    // Act
    const result = barCapacity(bar(0, { volume }), share);

    // Assert
    expect(result.toString()).toBe(capacity);
  });

  it('when a bar traded 100 shares and the share is 0.29 then our orders may take 29', () => {
    // Act
    const result = barCapacity(bar(0, { volume: 100 }), 0.29);

    // Assert
    expect(result.toString()).toBe('29');
  });
});

describe('fillPrice', () => {
  it('when the order is a market order then it trades at the bar open', () => {
    // Act
    const price = fillPrice(marketIntent('BUY', '10'), bar(0, { open: 100.07, high: 101, low: 99, close: 100.5 }));

    // Assert
    expect(price?.toString()).toBe('100.07');
  });

  it('when a buy limit is below the bar low then it does not trade', () => {
    // Act
    const price = fillPrice(limitIntent('BUY', '10', '98.99'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price).toBeUndefined();
  });

  it('when a bar opens above a buy limit and trades down through it then the buy trades at the limit', () => {
    // Act
    const price = fillPrice(limitIntent('BUY', '10', '99.5'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('99.5');
  });

  it('when a bar opens below a buy limit then the buy trades at the better open', () => {
    // Act
    const price = fillPrice(limitIntent('BUY', '10', '101'), bar(0, { open: 100, high: 102, low: 99, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('100');
  });

  it('when the bar low touches the buy limit exactly then the buy trades at the limit', () => {
    // Act
    const price = fillPrice(limitIntent('BUY', '10', '99'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('99');
  });

  it('when a sell limit is above the bar high then it does not trade', () => {
    // Act
    const price = fillPrice(limitIntent('SELL', '10', '101.01'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price).toBeUndefined();
  });

  it('when a bar opens below a sell limit and trades up through it then the sell trades at the limit', () => {
    // Act
    const price = fillPrice(limitIntent('SELL', '10', '100.5'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('100.5');
  });

  it('when a bar opens above a sell limit then the sell trades at the better open', () => {
    // Act
    const price = fillPrice(limitIntent('SELL', '10', '99'), bar(0, { open: 100, high: 101, low: 98, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('100');
  });

  it('when the bar high touches the sell limit exactly then the sell trades at the limit', () => {
    // Act
    const price = fillPrice(limitIntent('SELL', '10', '101'), bar(0, { open: 100, high: 101, low: 99, close: 100 }));

    // Assert
    expect(price?.toString()).toBe('101');
  });
});

describe('stopTrigger', () => {
  it('when a sell stop is reached inside the bar then it triggers at the stop', () => {
    expect(stopTrigger('SELL', dec('99'), bar(0, { open: 100, high: 101, low: 98 }))?.toString()).toBe('99');
  });

  it('when the bar opens below a sell stop (a gap) then it triggers at the open, the worse price', () => {
    expect(stopTrigger('SELL', dec('99'), bar(0, { open: 97, high: 98, low: 96 }))?.toString()).toBe('97');
  });

  it('when a buy stop is reached inside the bar then it triggers at the stop, and at the open after a gap up', () => {
    expect(stopTrigger('BUY', dec('101'), bar(0, { open: 100, high: 102, low: 99 }))?.toString()).toBe('101');
    expect(stopTrigger('BUY', dec('101'), bar(0, { open: 103, high: 104, low: 102 }))?.toString()).toBe('103');
  });

  it('when the bar does not reach the stop then nothing triggers', () => {
    expect(stopTrigger('SELL', dec('95'), bar(0, { open: 100, high: 101, low: 96 }))).toBeUndefined();
  });
});

describe('trailStop', () => {
  it('when a sell trail is an amount then the stop is that far below the best price', () => {
    expect(trailStop('SELL', { amount: dec('1.5') }, dec('102')).toString()).toBe('100.5');
  });

  it('when a sell trail is a percent then the stop is rounded down to the tick, never tighter than asked', () => {
    expect(trailStop('SELL', { percent: dec('1') }, dec('101.55')).toString()).toBe('100.53');
  });

  it('when a buy trail is a percent then the stop is rounded up to the tick', () => {
    expect(trailStop('BUY', { percent: dec('1') }, dec('101.55')).toString()).toBe('102.57');
  });
});
