/**
 * The runner's warm-up: a strategy that has not seen the bars its indicators need changes nothing at the
 * broker — its orders are refused, and so are its cancels, or a close it asks for would take a held
 * position's stop away and then be refused itself.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../core/domain/money.js';
import { installStrategies } from '../../strategies/runner.js';
import { rules } from '../../strategies/rules/kind.js';
import type { StrategyEntry } from '../../strategies/sdk.js';
import { hostFixture } from '../support/host-fixture.js';
import { bar } from '../support/market.js';

describe('a strategy warming up', () => {
  it('when it would close a position held at its start then the position keeps its stop at the broker, and nothing is sent', async () => {
    // Arrange: 10 AAPL bought by strategy "held" with a stop at 95, as a restart finds them
    const fx = await hostFixture();
    await fx.play([bar(0)]);
    const leg = { strategyId: 'held', symbol: 'AAPL', quantity: dec('10'), tif: 'GTC' as const };
    await fx.host.submitBracket({ entry: { ...leg, side: 'BUY', type: 'MKT' }, stopLoss: { ...leg, side: 'SELL', type: 'STP', stopPrice: dec('95') } });
    await fx.play([bar(1)]);
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('10');
    // Its rules need 50 bars; the time stop of one bar would close the position at the second
    const entry = { id: 'held', kind: 'rules', symbols: ['AAPL'], params: {}, sizing: { quantity: 10 }, indicators: { slow: { sma: { period: 50 } } }, entry: { long: 'close > slow' }, exits: { maxBarsInTrade: 1 } } as unknown as StrategyEntry;
    installStrategies(fx.host, [entry], new Map([['rules', rules]]), 60);

    // Act
    await fx.play([bar(2), bar(3), bar(4)]);

    // Assert
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('10');
    expect(fx.host.orders.open({ symbol: 'AAPL' }).map((o) => [o.intent.type, 'stopPrice' in o.intent ? o.intent.stopPrice.toString() : undefined])).toEqual([['STP', '95']]);
  });
});
