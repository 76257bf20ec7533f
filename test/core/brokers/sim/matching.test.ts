/**
 * Specifies the simulated exchange's matching rules: a bar gives our orders at most a share of its
 * volume, market orders trade at the open, limit orders only when the bar reaches them and never at a
 * worse price, and an order cannot trade in a bar that opened before it was accepted.
 */
import { describe, expect, it } from 'vitest';
import { barCapacity, fillPrice, matchBar, type RestingOrder } from '../../../../core/brokers/sim/matching.js';
import { dec, ZERO } from '../../../../core/domain/money.js';
import type { OrderIntent } from '../../../../core/domain/types.js';
import { bar, limitIntent, marketIntent, T0 } from '../../../support/market.js';

function resting(orderId: number, intent: OrderIntent, activeFrom = T0, filled = '0'): RestingOrder {
  return { orderId, intent, activeFrom, filled: dec(filled), fills: 0 };
}

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

describe('matchBar', () => {
  it('when the resting orders want more than the bar can give then the oldest is served first and the total is the capacity', () => {
    // Arrange
    const older = resting(1, marketIntent('BUY', '80'));
    const newer = resting(2, marketIntent('SELL', '80'));

    // Act
    const fills = matchBar([older, newer], bar(0, { volume: 1_000 }), 0.1);

    // Assert
    expect(fills.map((f) => [f.order.orderId, f.quantity.toString()])).toEqual([[1, '80'], [2, '20']]);
  });

  it('when an order is partly filled already then only its remainder is matched', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '100'), T0, '70');

    // Act
    const fills = matchBar([order], bar(0, { volume: 10_000 }), 1);

    // Assert
    expect(fills.map((f) => f.quantity.toString())).toEqual(['30']);
  });

  it('when an order is for another symbol then the bar does not fill it', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '10', 'MSFT'));

    // Act
    const fills = matchBar([order], bar(0, { symbol: 'AAPL' }), 1);

    // Assert
    expect(fills).toEqual([]);
  });

  it('when a bar opened before the order was accepted then the bar does not fill it', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '10'), T0 + 1);

    // Act
    const fills = matchBar([order], bar(0), 1);

    // Assert
    expect(fills).toEqual([]);
  });

  it('when a bar opens at the instant the order was accepted then the bar may fill it', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '10'), T0);

    // Act
    const fills = matchBar([order], bar(0), 1);

    // Assert
    expect(fills.map((f) => f.quantity.toString())).toEqual(['10']);
  });

  it('when a limit order is not reached then it leaves the capacity to the next order', () => {
    // Arrange
    const unreached = resting(1, limitIntent('BUY', '50', '90'));
    const market = resting(2, marketIntent('BUY', '50'));

    // Act
    const fills = matchBar([unreached, market], bar(0, { open: 100, low: 99, volume: 50 }), 1);

    // Assert
    expect(fills.map((f) => f.order.orderId)).toEqual([2]);
  });

  it('when the bar has no volume then nothing fills', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '10'));

    // Act
    const fills = matchBar([order], bar(0, { volume: 0 }), 1);

    // Assert
    expect(fills).toEqual([]);
  });

  it('when matching then the resting orders themselves are not changed (the broker books the fills)', () => {
    // Arrange
    const order = resting(1, marketIntent('BUY', '10'));

    // Act
    matchBar([order], bar(0), 1);

    // Assert
    expect(order.filled.eq(ZERO)).toBe(true);
    expect(order.fills).toBe(0);
  });
});
