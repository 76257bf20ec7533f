/**
 * Stops, trailing stops, auctions, time in force and brackets end to end: a config file on disk, the
 * composed host with every built-in guard, the simulated broker replaying bars. Bars are one-minute SPY
 * bars from Monday 2 March 2026, 09:30 New York.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import type { OrderIntent } from '../../../core/domain/types.js';
import type { SubmitResult } from '../../../core/host/host.js';
import { runRobo, writeConfig } from '../../support/cli.js';
import { bar, barSource, limitIntent, marketIntent } from '../../support/market.js';
import { guardConfig, pipeline, writeGuardConfig, type Pipeline } from '../../support/pipeline.js';

const CLOSE_BAR = 389;

function code(result: SubmitResult): string {
  return result.kind === 'vetoed' ? (result.veto.code ?? result.veto.reason) : result.kind;
}

function spy(fields: Partial<OrderIntent> & Pick<OrderIntent, 'type'>): OrderIntent {
  return { strategyId: 'test', symbol: 'SPY', side: 'SELL', quantity: dec('100'), ...fields } as OrderIntent;
}

async function started(safety = 'riskLimits: { priceCollarPercent: 20 }', options: { durableState?: boolean } = {}): Promise<Pipeline> {
  const p = await pipeline(writeGuardConfig(guardConfig({ safety })), options);
  await p.start();
  await p.play([bar(0, { symbol: 'SPY', open: 100, close: 100 })]);
  return p;
}

function stateOf(p: Pipeline, result: SubmitResult | undefined): string {
  if (result === undefined || result.kind === 'vetoed') return 'none';
  const order = p.runtime.host.orders.get(result.order.id);
  return `${order?.state.kind ?? 'gone'} ${order?.filledQuantity.toString() ?? ''}`;
}

describe('orders of every type through the host and its guards', () => {
  it('when a bracket is submitted then its legs are sent entry first, exits naming it, held until the last, and a stop fill closes the position and cancels the target', async () => {
    // Arrange
    const p = await started();

    // Act
    const results = await p.runtime.host.submitBracket({
      entry: marketIntent('BUY', '100', 'SPY'),
      takeProfit: spy({ type: 'LMT', limitPrice: dec('110'), tif: 'GTC' }),
      stopLoss: spy({ type: 'STP', stopPrice: dec('95'), tif: 'GTC' }),
    });
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 }), bar(2, { symbol: 'SPY', open: 99, high: 111, low: 94, close: 96 })]);

    // Assert
    expect(results.map(code)).toEqual(['sent', 'sent', 'sent']);
    const [entry, target, stop] = results.map((r) => stateOf(p, r));
    expect([entry, target, stop]).toEqual(['filled 100', 'cancelled 0', 'filled 100']);
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('0');
    expect(p.runtime.host.portfolio.cash.toString()).toBe('99500'); // bought at 100, stopped out at 95
    const ids = results.map((r) => (r.kind === 'vetoed' ? -1 : r.order.id));
    const legs = results.map((r) => (r.kind === 'vetoed' ? undefined : r.order.intent.bracket));
    expect(legs.map((l) => l?.role)).toEqual(['entry', 'take-profit', 'stop-loss']);
    expect(new Set(legs.map((l) => l?.id)).size).toBe(1);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it('when a bar falls through a bracket\'s limit entry and on to its stop then the stop fills in that bar: the price reached the entry on its way down', async () => {
    // Arrange: buy 100 at 99, stop 97 under it
    const p = await started();
    const results = await p.runtime.host.submitBracket({
      entry: limitIntent('BUY', '100', '99', 'SPY'),
      stopLoss: spy({ type: 'STP', stopPrice: dec('97'), tif: 'GTC' }),
    });

    // Act: one bar from 100 down to 95
    await p.play([bar(1, { symbol: 'SPY', open: 100, high: 100, low: 95, close: 96 })]);

    // Assert
    expect(results.map((r) => stateOf(p, r))).toEqual(['filled 100', 'filled 100']);
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('0');
    expect(p.runtime.host.portfolio.cash.toString()).toBe('99800'); // bought at 99, stopped out at 97
  });

  it('when another order is sent while a bracket\'s legs are still being sent then the held entry stays held until its own last leg, so it never works without its stop', async () => {
    // Arrange: as the entry is sent (held), another order is sent and a bar falls through the stop's price
    const p = await started();
    let other: SubmitResult | undefined;
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- afterOrder is awaited (callSeries): the next leg waits for this tap
    p.runtime.host.hooks.afterOrder.tap('test-between-legs', async (outcome) => {
      if (other !== undefined || outcome.kind !== 'sent' || outcome.order.intent.bracket?.role !== 'entry') return;
      other = await p.runtime.host.submit(marketIntent('BUY', '1', 'SPY'));
      await p.sim.replay(barSource([bar(1, { symbol: 'SPY', open: 100, low: 90, close: 91 })]), {}, new AbortController().signal);
    });

    // Act
    const legs = await p.runtime.host.submitBracket({ entry: marketIntent('BUY', '100', 'SPY'), stopLoss: spy({ type: 'STP', stopPrice: dec('95'), tif: 'GTC' }) });
    await p.runtime.host.idle();

    // Assert: the other order filled in that bar; the bracket had not all its legs, so nothing of it worked
    expect(stateOf(p, other)).toBe('filled 1');
    expect(legs.map((r) => stateOf(p, r))).toEqual(['submitted 0', 'submitted 0']);
    await p.play([bar(2, { symbol: 'SPY', open: 92, close: 92 })]);
    expect(legs.map((r) => stateOf(p, r))).toEqual(['filled 100', 'filled 100']); // in at 92, below the stop: out at once
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('1');
  });

  it('when a bar gaps through a stop limit\'s limit and then trades back up to it then it fills at the limit in that bar: the price came back after the open', async () => {
    // Arrange: long 100; sell stop 99, limit 98.5
    const p = await started();
    await p.runtime.host.submit(marketIntent('BUY', '100', 'SPY'));
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);
    const stop = await p.runtime.host.submit(spy({ type: 'STP LMT', stopPrice: dec('99'), limitPrice: dec('98.5'), tif: 'GTC' }));

    // Act: the bar opens at 97, below the limit, and rises to 99
    await p.play([bar(2, { symbol: 'SPY', open: 97, high: 99, low: 96.5, close: 97 })]);

    // Assert
    expect(stateOf(p, stop)).toBe('filled 100');
    expect(p.runtime.host.portfolio.cash.toString()).toBe('99850'); // bought at 100, sold at 98.50
  });

  it('when one leg of a bracket breaks a limit then no leg is sent', async () => {
    // Arrange: the stop is 30% from the last trade, outside the 20% collar
    const p = await started();

    // Act
    const results = await p.runtime.host.submitBracket({
      entry: marketIntent('BUY', '100', 'SPY'),
      stopLoss: spy({ type: 'STP', stopPrice: dec('70') }),
    });

    // Assert
    expect(results.map(code)).toEqual(['RISK_PRICE_COLLAR', 'RISK_PRICE_COLLAR']);
    expect(p.sim.received.filter((r) => r.orderRef !== '')).toHaveLength(0);
  });

  it('when a bracket exit is larger than its entry or on its side then it is refused before any guard', async () => {
    // Arrange
    const p = await started();

    // Act
    const larger = await p.runtime.host.submitBracket({ entry: marketIntent('BUY', '10', 'SPY'), stopLoss: spy({ type: 'STP', stopPrice: dec('95') }) });
    const sameSide = await p.runtime.host.submitBracket({ entry: marketIntent('BUY', '100', 'SPY'), stopLoss: spy({ type: 'STP', stopPrice: dec('95'), side: 'BUY' }) });

    // Assert
    expect(larger.map(code)).toEqual(['ORDER_INVALID', 'ORDER_INVALID']);
    expect(sameSide.map(code)).toEqual(['ORDER_INVALID', 'ORDER_INVALID']);
    expect(p.sim.received).toHaveLength(0);
  });

  it.each([
    ['a stop without its stop price', spy({ type: 'STP' })],
    ['a market on close order that is GTC', spy({ type: 'MOC', tif: 'GTC' as 'DAY' })],
    ['a trailing stop with both an amount and a percent', spy({ type: 'TRAIL', trail: { amount: dec('1'), percent: dec('1') } as unknown as { amount: ReturnType<typeof dec> } })],
    ['a sell stop limit whose limit is above its stop', spy({ type: 'STP LMT', stopPrice: dec('95'), limitPrice: dec('96') })],
    ['an IOC stop', spy({ type: 'STP', stopPrice: dec('95'), tif: 'IOC' as 'DAY' })],
  ])('when a strategy sends %s then the host refuses it before any guard sees it', async (_what, intent) => {
    // Arrange
    const p = await started();
    let guardsSawIt = false;
    p.runtime.host.hooks.beforeOrder.tap('test-observer', () => { guardsSawIt = true; return undefined; });

    // Act
    const result = await p.runtime.host.submit(intent);

    // Assert
    expect(code(result)).toBe('ORDER_INVALID');
    expect(guardsSawIt).toBe(false);
  });

  it('when a market on close order comes after 15:50 then it is refused: the closing auction has stopped taking them', async () => {
    // Arrange
    const p = await started();
    await p.play([bar(381, { symbol: 'SPY', open: 100 })]); // the clock is at 15:52

    // Act
    const result = await p.runtime.host.submit(spy({ type: 'MOC', side: 'BUY' }));

    // Assert
    expect(code(result)).toBe('ORDER_INVALID');
    expect(result.kind === 'vetoed' && result.veto.reason).toMatch(/until 2026-03-02T15:50:00-05:00/);
  });

  it('when a market on close order is sent in the afternoon then it fills at the close of the session\'s last bar', async () => {
    // Arrange
    const p = await started();

    // Act
    const result = await p.runtime.host.submit(spy({ type: 'MOC', side: 'BUY', quantity: dec('10') }));
    await p.play([bar(200, { symbol: 'SPY', open: 100, close: 101 }), bar(CLOSE_BAR, { symbol: 'SPY', open: 101, close: 102.37 })]);

    // Assert
    expect(stateOf(p, result)).toBe('filled 10');
    expect(p.runtime.host.portfolio.position('SPY').averageCost.toString()).toBe('102.37');
  });

  it('when a DAY limit order is not filled by the close then the host sees it cancelled at the close, and a GTC one still working', async () => {
    // Arrange
    const p = await started();
    const day = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('90') }));
    const gtc = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('90'), tif: 'GTC' }));

    // Act
    await p.play([bar(CLOSE_BAR, { symbol: 'SPY', open: 100 })]);

    // Assert
    expect(stateOf(p, day)).toBe('cancelled 0');
    expect(stateOf(p, gtc)).toBe('submitted 0');
  });

  it('when a trailing stop protects a long position then it follows the highs and fills at its raised stop', async () => {
    // Arrange
    const p = await started();
    await p.runtime.host.submit(marketIntent('BUY', '100', 'SPY'));
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);

    // Act
    const trail = await p.runtime.host.submit(spy({ type: 'TRAIL', trail: { amount: dec('2') }, tif: 'GTC' }));
    await p.play([
      bar(2, { symbol: 'SPY', open: 100, high: 106, low: 100, close: 105 }),
      bar(3, { symbol: 'SPY', open: 105, high: 105, low: 101, close: 102 }),
    ]);

    // Assert
    expect(stateOf(p, trail)).toBe('filled 100');
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('0');
    expect(p.runtime.host.portfolio.cash.toString()).toBe('100400'); // bought at 100, out at 106 − 2
  });
});

describe('the circuit breaker and protective exits', () => {
  /** Long 100 SPY bought at 100, then a fall to 85: a loss of 1,500, over the 1% daily limit. `before` runs before the fall. */
  async function halted(before?: (p: Pipeline) => Promise<void>): Promise<Pipeline> {
    const p = await started('riskLimits: { priceCollarPercent: 20 }\ncircuitBreaker: { dailyLossPercent: 1, reducingAtShareOfDailyLoss: 1 }');
    await p.runtime.host.submit(marketIntent('BUY', '100', 'SPY'));
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);
    await before?.(p);
    await p.play([bar(2, { symbol: 'SPY', open: 100, close: 85 })]);
    return p;
  }

  it('when trading is HALTED then a protective stop is sent and fills, a cancel passes, and a new entry is vetoed', async () => {
    // Arrange
    let resting: SubmitResult | undefined;
    const p = await halted(async (q) => { resting = await q.runtime.host.submit(spy({ type: 'LMT', limitPrice: dec('120'), quantity: dec('1') })); });

    // Act
    const entry = await p.runtime.host.submit(marketIntent('BUY', '10', 'SPY'));
    const bracketed = await p.runtime.host.submitBracket({ entry: marketIntent('BUY', '10', 'SPY'), stopLoss: spy({ type: 'STP', stopPrice: dec('80'), quantity: dec('10') }) });
    const cancel = await p.runtime.host.cancel(resting?.kind === 'sent' ? resting.order.id : -1, 'test');
    await p.runtime.host.idle();
    const stop = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('80') }));
    await p.play([bar(3, { symbol: 'SPY', open: 84, high: 84, low: 79, close: 79 })]);

    // Assert
    expect(p.runtime.host.summarySections()['circuitBreaker']).toMatchObject({ state: 'HALTED' });
    expect(cancel).toBeUndefined();
    expect(stateOf(p, resting)).toBe('cancelled 0');
    expect(code(entry)).toBe('BREAKER_HALTED');
    expect(bracketed.map(code)).toEqual(['BREAKER_HALTED', 'BREAKER_HALTED']);
    expect(code(stop)).toBe('sent');
    expect(stateOf(p, stop)).toBe('filled 100');
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('0');
  });

  it('when trading is HALTED then a stop larger than the position is vetoed: it would open a new one', async () => {
    // Arrange
    const p = await halted();

    // Act
    const stop = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('80'), quantity: dec('150') }));

    // Assert
    expect(code(stop)).toBe('BREAKER_HALTED');
  });

  it('when trading is REDUCING then a bracket whose entry reduces the position is refused whole: its exits would take the position back out', async () => {
    // Arrange: long 100 from 100, down to 85 — a loss of 1,500, past half the daily limit of 2,000
    const p = await started('riskLimits: { priceCollarPercent: 20 }\ncircuitBreaker: { dailyLossPercent: 2, reducingAtShareOfDailyLoss: 0.5 }');
    await p.runtime.host.submit(marketIntent('BUY', '100', 'SPY'));
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 }), bar(2, { symbol: 'SPY', open: 100, close: 85 })]);

    // Act: the entry sells the 100; its stop loss would buy 100 back at 90
    const legs = await p.runtime.host.submitBracket({ entry: marketIntent('SELL', '100', 'SPY'), stopLoss: spy({ type: 'STP', side: 'BUY', stopPrice: dec('90') }) });
    await p.play([bar(3, { symbol: 'SPY', open: 85, high: 91, low: 85, close: 91 })]);

    // Assert
    expect(p.runtime.host.summarySections()['circuitBreaker']).toMatchObject({ state: 'REDUCING' });
    expect(legs.map(code)).toEqual(['BREAKER_REDUCING', 'BREAKER_REDUCING']);
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('100');
    const plain = await p.runtime.host.submit(marketIntent('SELL', '100', 'SPY'));
    expect(code(plain)).toBe('sent'); // a plain order still reduces it
  });
});

describe('modifying a working order', () => {
  it('when a working limit order is modified then the broker works it at the new price and the journal reads back its new terms', async () => {
    // Arrange
    const p = await started(undefined, { durableState: true });
    const placed = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('95'), tif: 'GTC' }));
    const id = placed.kind === 'vetoed' ? -1 : placed.order.id;

    // Act
    const modified = await p.runtime.host.modify(id, { limitPrice: dec('99.5'), quantity: dec('20') });
    await p.play([bar(1, { symbol: 'SPY', open: 100, low: 99.4, close: 100 })]);

    // Assert
    expect(modified.kind).toBe('modified');
    expect(stateOf(p, placed)).toBe('filled 20');
    expect(p.runtime.host.portfolio.position('SPY').averageCost.toString()).toBe('99.5');
    await p.runtime.host.stop({ reason: 'end-of-data' });
    const journal = await runRobo(['journal', p.file, '--json']);
    expect(journal.code, journal.stderr).toBe(0);
    const orders = (JSON.parse(journal.stdout) as { orders: { id: number; quantity: string; limitPrice: string; state: string }[] }).orders;
    expect(orders.find((o) => o.id === id), journal.stdout).toMatchObject({ quantity: '20', limitPrice: '99.5', state: 'filled' });
  });

  it('when a modify breaks a limit then it is vetoed and the order keeps working on its old terms', async () => {
    // Arrange: the collar is 20% of the last trade of 100
    const p = await started();
    const placed = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('95'), quantity: dec('10'), side: 'BUY' }));
    const id = placed.kind === 'vetoed' ? -1 : placed.order.id;

    // Act
    const modified = await p.runtime.host.modify(id, { stopPrice: dec('130') });

    // Assert
    expect(modified.kind === 'vetoed' && modified.veto.code).toBe('RISK_PRICE_COLLAR');
    const order = p.runtime.host.orders.get(id);
    expect(order?.intent.type === 'STP' && order.intent.stopPrice.toString()).toBe('95');
  });

  it('when a modify asks for a price the order type does not have, or less than is filled, then it is refused before any guard', async () => {
    // Arrange
    const p = await started();
    const placed = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('95'), quantity: dec('10') }));
    const id = placed.kind === 'vetoed' ? -1 : placed.order.id;

    // Act
    const noLimit = await p.runtime.host.modify(id, { limitPrice: dec('96') });
    const gone = await p.runtime.host.modify(999, { quantity: dec('1') });

    // Assert
    expect(noLimit.kind === 'vetoed' && noLimit.veto.reason).toMatch(/a STP order has no limit price/);
    expect(gone.kind === 'vetoed' && gone.veto.reason).toMatch(/order 999 is not working/);
  });

  it('when a modify asks for just the quantity already filled then it is refused, and the order keeps working for the rest', async () => {
    // Arrange: a GTC buy of 100 that a bar of 3,000 shares fills 30 of (1% of its volume)
    const file = writeGuardConfig(guardConfig({ safety: 'riskLimits: { priceCollarPercent: 20 }' }).replace('slippage: { model: none }', 'slippage: { model: none }\n    maxShareOfBarVolume: 0.01'));
    const p = await pipeline(file);
    await p.start();
    await p.play([bar(0, { symbol: 'SPY', open: 100, close: 100 })]);
    const placed = await p.runtime.host.submit(spy({ type: 'MKT', side: 'BUY', tif: 'GTC' }));
    const id = placed.kind === 'vetoed' ? -1 : placed.order.id;
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100, volume: 3_000 })]);

    // Act: 30 would leave the order working with nothing to fill, for ever
    const modified = await p.runtime.host.modify(id, { quantity: dec('30') });
    await p.play([bar(2, { symbol: 'SPY', open: 100, close: 100, volume: 7_000 })]);

    // Assert
    expect(modified.kind === 'vetoed' && modified.veto.code).toBe('ORDER_INVALID');
    expect(modified.kind === 'vetoed' && modified.veto.reason).toMatch(/has filled 30 already.*cancel it/);
    expect(stateOf(p, placed)).toBe('filled 100');
  });

  it('when the order filled before the modify reached the broker then the broker refuses it and the order stays filled', async () => {
    // Arrange
    const p = await started();
    const placed = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('100') }));
    const id = placed.kind === 'vetoed' ? -1 : placed.order.id;
    const order = p.runtime.host.orders.get(id)!;
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);

    // Act: the strategy still holds the order as it was before the fill
    const modified = await p.runtime.host.modify(id, { limitPrice: dec('99') });

    // Assert
    expect(order.state.kind).toBe('submitted');
    expect(modified.kind === 'vetoed' && modified.veto.reason).toMatch(/not working/);
    expect(stateOf(p, placed)).toBe('filled 10');
  });

  it('when a modify would make a bracket\'s exit larger than its entry, or its entry smaller than an exit, then it is refused before any guard and the legs keep their terms', async () => {
    // Arrange: a working entry of 100 with a stop loss of 100
    const p = await started();
    const legs = await p.runtime.host.submitBracket({
      entry: limitIntent('BUY', '100', '99', 'SPY'),
      stopLoss: spy({ type: 'STP', stopPrice: dec('95'), tif: 'GTC' }),
    });
    const [entryId, stopId] = legs.map((r) => (r.kind === 'vetoed' ? -1 : r.order.id));
    let guardsSawIt = false;
    p.runtime.host.hooks.beforeOrder.tap('test-observer', () => { guardsSawIt = true; return undefined; });

    // Act: the stop would sell 300 where the entry buys 100; the entry would buy 50 under a stop of 100
    const biggerExit = await p.runtime.host.modify(stopId!, { quantity: dec('300') });
    const smallerEntry = await p.runtime.host.modify(entryId!, { quantity: dec('50') });

    // Assert
    expect(biggerExit.kind === 'vetoed' && biggerExit.veto.code).toBe('ORDER_INVALID');
    expect(biggerExit.kind === 'vetoed' && biggerExit.veto.reason).toMatch(/stop-loss of 300 shares would be larger than its entry of 100/);
    expect(smallerEntry.kind === 'vetoed' && smallerEntry.veto.code).toBe('ORDER_INVALID');
    expect(smallerEntry.kind === 'vetoed' && smallerEntry.veto.reason).toMatch(/entry of 50 shares would be smaller than its stop-loss of 100/);
    expect(guardsSawIt).toBe(false);
    expect(p.runtime.host.orders.get(stopId!)?.intent.quantity.toString()).toBe('100');
    expect(p.runtime.host.orders.get(entryId!)?.intent.quantity.toString()).toBe('100');
    expect(p.sim.requests.filter((r) => r.kind === 'placeOrder')).toHaveLength(2); // the two legs, and no modify
  });
});

describe('OCA groups and trading hours', () => {
  it('when two exits of one OCA group protect a position then the guards count them once, and the one that fills cancels the other', async () => {
    // Arrange: long 100 under a position limit of 100: the group's two sells commit 100, not 200, so one more sell of 100 still fits (to -100)
    const p = await started('riskLimits: { priceCollarPercent: 20, maxPositionQuantity: 100 }');
    await p.runtime.host.submit(marketIntent('BUY', '100', 'SPY'));
    await p.play([bar(1, { symbol: 'SPY', open: 100, close: 100 })]);

    // Act
    const target = await p.runtime.host.submit(spy({ type: 'LMT', limitPrice: dec('105'), tif: 'GTC', oca: { group: 'spy-exit', type: 1 } }));
    const stop = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('95'), tif: 'GTC', oca: { group: 'spy-exit', type: 1 } }));
    const third = await p.runtime.host.submit(spy({ type: 'STP', stopPrice: dec('94'), tif: 'GTC' }));
    await p.play([bar(2, { symbol: 'SPY', open: 101, high: 106, low: 100, close: 105 })]);

    // Assert
    expect([code(target), code(stop), code(third)]).toEqual(['sent', 'sent', 'sent']);
    expect([stateOf(p, target), stateOf(p, stop)]).toEqual(['filled 100', 'cancelled 0']);
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('0');
  });

  it('when the market is in its extended session then an outsideRth order passes the trading-hours guard and a regular-hours one is vetoed', async () => {
    // Arrange: the replay clock at 08:30 New York
    const early = 'time,symbol,open,high,low,close,volume\n2026-03-02T08:29:00-05:00,SPY,100,100,100,100,100000\n';
    const p = await pipeline(writeConfig(guardConfig({ safety: 'riskLimits: { priceCollarPercent: 20 }' }), { 'bars.csv': early }));
    await p.start();
    await p.play([{ ...bar(0, { symbol: 'SPY', open: 100 }), time: bar(0).time - 61 * 60_000 }]);

    // Act
    const regular = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('99') }));
    const extended = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('99'), outsideRth: true }));

    // Assert
    expect(code(regular)).toBe('RISK_MARKET_CLOSED');
    expect(code(extended)).toBe('sent');
  });
});

describe('every type and time in force through the host', () => {
  it('when a stop limit, a limit on close, an IOC and a GTC stop are sent then each ends as the documented rule says', async () => {
    // Arrange
    const p = await started();

    // Act
    const stopLimit = await p.runtime.host.submit(spy({ type: 'STP LMT', side: 'BUY', quantity: dec('10'), stopPrice: dec('101'), limitPrice: dec('101.5') }));
    const onClose = await p.runtime.host.submit(spy({ type: 'LOC', side: 'BUY', quantity: dec('10'), limitPrice: dec('103') }));
    const ioc = await p.runtime.host.submit(spy({ type: 'LMT', side: 'BUY', quantity: dec('10'), limitPrice: dec('99'), tif: 'IOC' }));
    const gtcStop = await p.runtime.host.submit(spy({ type: 'STP', side: 'BUY', quantity: dec('10'), stopPrice: dec('110'), tif: 'GTC' }));
    await p.play([bar(1, { symbol: 'SPY', open: 100.5, high: 101.2, low: 100.4, close: 101 }), bar(CLOSE_BAR, { symbol: 'SPY', open: 102, close: 102.5 })]);

    // Assert
    expect([stopLimit, onClose, ioc, gtcStop].map(code)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect([stateOf(p, stopLimit), stateOf(p, onClose), stateOf(p, ioc), stateOf(p, gtcStop)]).toEqual(['filled 10', 'filled 10', 'cancelled 0', 'submitted 0']);
    expect(p.runtime.host.portfolio.position('SPY').quantity.toString()).toBe('20');
  });

  it('when an OPG order is sent before the open then the hours guard lets it through and it fills at the opening bar\'s open', async () => {
    // Arrange: the replay clock at 08:30 New York
    const early = 'time,symbol,open,high,low,close,volume\n2026-03-02T08:29:00-05:00,SPY,100,100,100,100,100000\n';
    const p = await pipeline(writeConfig(guardConfig({ safety: 'riskLimits: { priceCollarPercent: 20 }' }), { 'bars.csv': early }));
    await p.start();
    await p.play([{ ...bar(0, { symbol: 'SPY', open: 100 }), time: bar(0).time - 61 * 60_000 }]);

    // Act
    const opening = await p.runtime.host.submit(spy({ type: 'MKT', side: 'BUY', quantity: dec('10'), tif: 'OPG' }));
    await p.play([bar(0, { symbol: 'SPY', open: 100.75, close: 101 })]);

    // Assert
    expect(code(opening)).toBe('sent');
    expect(stateOf(p, opening)).toBe('filled 10');
    expect(p.runtime.host.portfolio.position('SPY').averageCost.toString()).toBe('100.75');
  });
});

describe('a bracket whose entry ends partly filled', () => {
  it('when the entry ends with part of it filled then its exits are modified down to what it filled, at the broker too', async () => {
    // Arrange: a DAY limit entry for 100, of which a thin bar fills 40; it ends at the close
    const p = await started('riskLimits: { priceCollarPercent: 20 }');
    const legs = await p.runtime.host.submitBracket({
      entry: { ...marketIntent('BUY', '100', 'SPY'), type: 'LMT', limitPrice: dec('100') },
      takeProfit: spy({ type: 'LMT', limitPrice: dec('110'), tif: 'GTC' }),
      stopLoss: spy({ type: 'STP', stopPrice: dec('90'), tif: 'GTC' }),
    });
    await p.play([bar(1, { symbol: 'SPY', open: 100, low: 99.5, volume: 160 })]);

    // Act
    await p.play([bar(CLOSE_BAR, { symbol: 'SPY', open: 101, low: 100.5, close: 101 })]);

    // Assert
    const [entry, target, stop] = legs.map((r) => (r.kind === 'vetoed' ? undefined : p.runtime.host.orders.get(r.order.id)));
    expect([entry?.state.kind, entry?.filledQuantity.toString()]).toEqual(['cancelled', '40']);
    expect([target?.state.kind, target?.intent.quantity.toString()]).toEqual(['submitted', '40']);
    expect([stop?.state.kind, stop?.intent.quantity.toString()]).toEqual(['submitted', '40']);
    expect(p.sim.requests.filter((r) => r.kind === 'placeOrder').map((r) => r.orderId)).toEqual([entry?.id, target?.id, stop?.id, target?.id, stop?.id]);
  });
});
