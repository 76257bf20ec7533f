/** Specifies robo:risk-limits on a real host and simulated broker: what is vetoed, with which code, and that a vetoed order never reaches the broker. */
import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskLimitsWithDefaults } from '../../../core/config/defaults.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { rateLimiterWithDefaults } from '../../../core/config/defaults.js';
import { rateLimiter } from '../../../plugins/rate-limiter/plugin.js';
import { riskLimits } from '../../../plugins/risk-limits/plugin.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { hostFixture, type HostFixture } from '../../support/host-fixture.js';
import { bar, limitIntent, marketIntent, MINUTE } from '../../support/market.js';

type Limits = Parameters<typeof riskLimitsWithDefaults>[0];

/** A started host with only the risk limits installed, and AAPL last traded at `close` (the clock at 09:31 New York). */
async function guarded(limits: Limits = {}, close = 100): Promise<HostFixture> {
  const fx = await hostFixture({ start: false });
  await fx.host.install(riskLimits, riskLimitsWithDefaults(limits));
  await fx.host.start();
  await fx.host.watch(['AAPL']);
  await fx.play([bar(0, { close })]);
  return fx;
}

function vetoCode(result: SubmitResult): string | undefined {
  return result.kind === 'vetoed' ? result.veto.code : undefined;
}

describe('robo:risk-limits', () => {
  it('when an order is over the quantity limit then it is vetoed with RISK_MAX_QUANTITY and never reaches the broker', async () => {
    // Arrange
    const fx = await guarded({ maxOrderQuantity: 100 });

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '101'));

    // Assert
    expect(result).toMatchObject({ kind: 'vetoed', veto: { by: 'robo:risk-limits', code: 'RISK_MAX_QUANTITY' } });
    expect(result.kind === 'vetoed' && result.veto.reason).toContain('over the limit of 100 shares');
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a market order is worth more than the notional limit at the last trade then it is vetoed with RISK_MAX_NOTIONAL', async () => {
    // Arrange
    const fx = await guarded({ maxOrderNotional: 10_000 }, 100);

    // Act
    const over = await fx.host.submit(marketIntent('BUY', '101'));
    const within = await fx.host.submit(marketIntent('BUY', '100'));

    // Assert
    expect(vetoCode(over)).toBe('RISK_MAX_NOTIONAL');
    expect(over.kind === 'vetoed' && over.veto.reason).toContain('10100.00');
    expect(within.kind).toBe('sent');
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when a limit order is judged then its notional is at the limit price rounded to the tick, the price that is sent', async () => {
    // Arrange: 1000 × 10.009 would be 10,009, over; the buy rounds down to 10.00, exactly at the limit
    const fx = await guarded({ maxOrderNotional: 10_000 }, 10);

    // Act
    const result = await fx.host.submit(limitIntent('BUY', '1000', '10.009'));

    // Assert
    expect(result.kind).toBe('sent');
    expect(fx.broker.placed[0]?.intent).toMatchObject({ type: 'LMT' });
    expect(fx.broker.placed[0]?.intent.type === 'LMT' && fx.broker.placed[0].intent.limitPrice.toString()).toBe('10');
  });

  it('when no trade price is known for the symbol then every order on it is vetoed with RISK_NO_PRICE (fail closed)', async () => {
    // Arrange
    const fx = await guarded();

    // Act
    const market = await fx.host.submit(marketIntent('BUY', '1', 'MSFT'));
    const limit = await fx.host.submit(limitIntent('BUY', '1', '100', 'MSFT'));

    // Assert
    expect([vetoCode(market), vetoCode(limit)]).toEqual(['RISK_NO_PRICE', 'RISK_NO_PRICE']);
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a limit price is further from the last trade than the collar then it is vetoed with RISK_PRICE_COLLAR', async () => {
    // Arrange
    const fx = await guarded({ priceCollarPercent: 5 }, 100);

    // Act
    const fatFinger = await fx.host.submit(limitIntent('SELL', '10', '10.00'));
    const tooHigh = await fx.host.submit(limitIntent('BUY', '10', '105.01'));
    const inside = await fx.host.submit(limitIntent('BUY', '10', '105.00'));

    // Assert
    expect([vetoCode(fatFinger), vetoCode(tooHigh), inside.kind]).toEqual(['RISK_PRICE_COLLAR', 'RISK_PRICE_COLLAR', 'sent']);
    expect(fatFinger.kind === 'vetoed' && fatFinger.veto.reason).toContain('90.00% from the last trade of 100');
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when the market is closed then the order is vetoed with RISK_MARKET_CLOSED; extended hours allow the pre-market', async () => {
    // Arrange: 08:00 New York, pre-market
    const regular = await guarded({ tradingHours: 'regular' });
    const extended = await guarded({ tradingHours: 'extended' });
    const preMarket = DateTime.fromISO('2026-03-03T08:00', { zone: 'America/New_York' }).toMillis();
    regular.clock.set(preMarket);
    extended.clock.set(preMarket);

    // Act
    const refused = await regular.host.submit(marketIntent('BUY', '1'));
    const allowed = await extended.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(vetoCode(refused)).toBe('RISK_MARKET_CLOSED');
    expect(refused.kind === 'vetoed' && refused.veto.reason).toContain('2026-03-03T08:00:00-05:00');
    expect(allowed.kind).toBe('sent');
    expect(regular.broker.placed).toEqual([]);
  });

  it('when the clock is outside the calendar\'s coverage then the order is vetoed, because the hours cannot be known', async () => {
    // Arrange
    const fx = await guarded();
    fx.clock.set(DateTime.fromISO('2040-01-02T10:00', { zone: 'America/New_York' }).toMillis());

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(vetoCode(result)).toBe('RISK_MARKET_HOURS_UNKNOWN');
    expect(fx.broker.placed).toEqual([]);
  });

  it('when a symbol already has the most open orders on one side then the next on that side is vetoed, the other side is not', async () => {
    // Arrange
    const fx = await guarded({ maxOpenOrdersPerSide: 2 }, 100);
    await fx.host.submit(limitIntent('BUY', '1', '99'));
    await fx.host.submit(limitIntent('BUY', '1', '98'));

    // Act
    const third = await fx.host.submit(limitIntent('BUY', '1', '97'));
    const sell = await fx.host.submit(limitIntent('SELL', '1', '101'));

    // Assert
    expect(vetoCode(third)).toBe('RISK_MAX_OPEN_ORDERS');
    expect(sell.kind).toBe('sent');
  });

  it('when the position, the open orders on its side and the order pass the position limit then it is vetoed; an order that shrinks it passes', async () => {
    // Arrange: long 100 after a fill, and 50 more on order
    const fx = await guarded({ maxPositionQuantity: 160 }, 100);
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(1, { close: 100 })]);
    await fx.host.submit(limitIntent('BUY', '50', '99'));

    // Act
    const over = await fx.host.submit(limitIntent('BUY', '11', '99'));
    const atLimit = await fx.host.submit(limitIntent('BUY', '10', '99'));
    const reducing = await fx.host.submit(limitIntent('SELL', '100', '101'));

    // Assert
    expect(fx.host.portfolio.position('AAPL').quantity.toString()).toBe('100');
    expect(vetoCode(over)).toBe('RISK_MAX_POSITION');
    expect(over.kind === 'vetoed' && over.veto.reason).toContain('would reach 161');
    expect([atLimit.kind, reducing.kind]).toEqual(['sent', 'sent']);
  });

  it('when a sell flips a long position through zero then the short it leaves is judged against the limit on the other side', async () => {
    // Arrange: long 100, at the limit
    const fx = await guarded({ maxPositionQuantity: 100 }, 100);
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(1, { close: 100 })]);

    // Act: 201 would leave 101 short; 200 leaves 100 short, at the limit
    const past = await fx.host.submit(marketIntent('SELL', '201'));
    const atLimit = await fx.host.submit(marketIntent('SELL', '200'));

    // Assert
    expect(vetoCode(past)).toBe('RISK_MAX_POSITION');
    expect(past.kind === 'vetoed' && past.veto.reason).toContain('would reach -101');
    expect(atLimit.kind).toBe('sent');
  });

  it('property: from flat, no sequence of orders the limits accept ever holds more than maxPositionQuantity on either side', async () => {
    const order = fc.record({ side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), quantity: fc.integer({ min: 1, max: 400 }), fillNow: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.array(order, { minLength: 1, maxLength: 12 }), async (max, orders) => {
      const fx = await guarded({ maxPositionQuantity: max, maxOpenOrdersPerSide: 1000 }, 100);
      let minute = 1;
      for (const { side, quantity, fillNow } of orders) {
        await fx.host.submit(marketIntent(side, String(quantity)));
        if (fillNow) await fx.play([bar(minute++, { close: 100 })]);
        expect(fx.host.portfolio.position('AAPL').quantity.abs().toNumber()).toBeLessThanOrEqual(max);
      }
      await fx.play([bar(minute, { close: 100 })]);
      expect(fx.host.portfolio.position('AAPL').quantity.abs().toNumber()).toBeLessThanOrEqual(max);
    }), { numRuns: 60 });
  });

  it('when many orders arrive at once then the ones still on their way count too, so together they cannot pass the position limit', async () => {
    // Arrange
    const fx = await guarded({ maxPositionQuantity: 300 }, 100);

    // Act: ten concurrent orders of 50, none of them booked when the others are judged
    const results = await Promise.all(Array.from({ length: 10 }, () => fx.host.submit(limitIntent('BUY', '50', '99'))));

    // Assert
    expect(results.filter((r) => r.kind === 'sent')).toHaveLength(6);
    expect(results.filter((r) => vetoCode(r) === 'RISK_MAX_POSITION')).toHaveLength(4);
    expect(fx.broker.placed).toHaveLength(6);
  });

  it('when an order judged before the close waits at the rate limiter past 16:00 then it is judged again as it leaves, and refused', async () => {
    // Arrange: market time runs with the timers, as in a live session; one message a second, the bucket emptied
    const timers = new FakeTimers();
    const fx = await hostFixture({ start: false, timers });
    await fx.host.install(riskLimits, riskLimitsWithDefaults({}));
    await fx.host.install(rateLimiter, rateLimiterWithDefaults({ messagesPerSecond: 1, burst: 1, maxWaitMs: 3000 }));
    await fx.host.start();
    await fx.host.watch(['AAPL']);
    await fx.play([bar(388, { close: 100 })]); // 15:58, a fresh price
    fx.clock.set(DateTime.fromISO('2026-03-02T15:59:59.700', { zone: 'America/New_York' }).toMillis());

    // Act: the first order takes the last token; the second is judged at 15:59:59.7 and waits about a second
    const first = fx.host.submit(marketIntent('BUY', '1'));
    const second = fx.host.submit(marketIntent('BUY', '1'));
    for (let i = 0; i < 40; i++) {
      await timers.advance(50);
      fx.clock.advance(50);
    }
    const results = await Promise.all([first, second]);

    // Assert
    expect(results[0]?.kind).toBe('sent');
    expect(vetoCode(results[1])).toBe('RISK_MARKET_CLOSED');
    expect(results[1]?.kind === 'vetoed' && results[1].veto.reason).toContain('16:00:00');
    expect(fx.broker.placed).toHaveLength(1);
  });

  it('when a symbol\'s last price is older than the limit in regular hours then orders adding to it are vetoed with RISK_PRICE_STALE; one that reduces passes', async () => {
    // Arrange: long 10 AAPL, then no AAPL price for 20 minutes of the session (the host's limit is 15)
    const fx = await guarded({}, 100);
    await fx.host.submit(marketIntent('BUY', '10'));
    await fx.play([bar(1, { close: 100 })]);
    fx.clock.advance(20 * MINUTE);

    // Act
    const add = await fx.host.submit(marketIntent('BUY', '1'));
    const reduce = await fx.host.submit(marketIntent('SELL', '5'));

    // Assert
    expect(vetoCode(add)).toBe('RISK_PRICE_STALE');
    expect(add.kind === 'vetoed' && add.veto.reason).toContain('the last price of AAPL is 20m old (the limit is 15m)');
    expect(reduce.kind).toBe('sent');
  });

  it('when the price is old only because the market was closed then it is not stale: the session\'s first minutes give the bars time to come', async () => {
    // Arrange: priced at Monday 09:31; Tuesday 09:35, no bar yet today
    const fx = await guarded({}, 100);
    fx.clock.set(DateTime.fromISO('2026-03-03T09:35', { zone: 'America/New_York' }).toMillis());

    // Act
    const result = await fx.host.submit(marketIntent('BUY', '1'));

    // Assert
    expect(result.kind).toBe('sent');
  });

  it('when the orders sent in one New York day reach maxDailyNotional then the next that adds exposure is vetoed; refused orders do not count, and the next day starts again', async () => {
    // Arrange: 2,500 a day; each order is worth 1,000 at 100
    const fx = await guarded({ maxDailyNotional: 2500, maxOpenOrdersPerSide: 100 }, 100);

    // Act
    const first = await fx.host.submit(limitIntent('BUY', '10', '100'));
    fx.broker.refuse = () => 'test: the broker refuses';
    const refused = await fx.host.submit(limitIntent('BUY', '10', '100'));
    fx.broker.refuse = () => undefined;
    const second = await fx.host.submit(limitIntent('BUY', '10', '100'));
    const third = await fx.host.submit(limitIntent('BUY', '10', '100'));
    await fx.play([bar(1, { close: 100 })]); // the two sent buys fill: long 20
    const reducing = await fx.host.submit(limitIntent('SELL', '10', '100'));
    fx.clock.set(DateTime.fromISO('2026-03-03T09:31', { zone: 'America/New_York' }).toMillis());
    await fx.play([bar(24 * 60 + 1, { close: 100 })]);
    const nextDay = await fx.host.submit(limitIntent('BUY', '10', '100'));

    // Assert
    expect([first.kind, refused.kind, second.kind]).toEqual(['sent', 'rejected', 'sent']);
    expect(vetoCode(third)).toBe('RISK_MAX_DAILY_NOTIONAL');
    expect(third.kind === 'vetoed' && third.veto.reason).toContain('would bring the orders sent on 2026-03-02 to 3000.00, over the limit of 2500.00 a day');
    expect(reducing.kind).toBe('sent'); // 3,000 sent that day, over the limit, but it only reduces
    expect(nextDay.kind).toBe('sent');
  });

  it('when a strategy has a position limit of its own then its own fills and orders are judged against it, and another strategy in the same symbol is not', async () => {
    // Arrange: "small" may hold 100 AAPL of its own; the account may hold 20,000
    const fx = await hostFixture({ start: false });
    await fx.host.install(riskLimits, { ...riskLimitsWithDefaults({}), strategyLimits: { small: { maxPositionQuantity: 100 } } });
    await fx.host.start();
    await fx.host.watch(['AAPL']);
    await fx.play([bar(0, { close: 100 })]);
    await fx.host.submit(marketIntent('BUY', '80', 'AAPL', 'small'));
    await fx.play([bar(1, { close: 100 })]);

    // Act
    const over = await fx.host.submit(marketIntent('BUY', '21', 'AAPL', 'small'));
    const other = await fx.host.submit(marketIntent('BUY', '500', 'AAPL', 'large'));
    const atLimit = await fx.host.submit(marketIntent('BUY', '20', 'AAPL', 'small'));
    const flipPast = await fx.host.submit(marketIntent('SELL', '201', 'AAPL', 'small'));

    // Assert
    expect(vetoCode(over)).toBe('RISK_MAX_STRATEGY_POSITION');
    expect(over.kind === 'vetoed' && over.veto.reason).toContain('strategy small holds 80 AAPL of its own');
    expect([other.kind, atLimit.kind]).toEqual(['sent', 'sent']);
    expect(vetoCode(flipPast)).toBe('RISK_MAX_STRATEGY_POSITION');
  });
});
