/** Real-time bars from TWS: aggregated to barSeconds, asked again after 1101 or a reconnect, and every request cancelled at shutdown. */
import { afterEach, describe, expect, it } from 'vitest';
import { BarAggregator } from '../../../../core/brokers/ib/bar-aggregator.js';
import type { Bar } from '../../../../core/domain/types.js';
import { eventually, harness, type Harness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const T = 1_772_461_800; // 2026-03-02 14:30:00 UTC, 09:30 in New York: a multiple of 60

function five(time: number, open: number, high: number, low: number, close: number, volume: number) {
  return { time, open, high, low, close, volume };
}

describe('BarAggregator', () => {
  it('when the last 5-second bar of a 15-second bar arrives then the bar is complete, with open, high, low, close and volume', () => {
    const agg = new BarAggregator('SPY', 15);

    expect(agg.add(five(T, 10, 11, 9.5, 10.5, 100))).toEqual([]);
    expect(agg.add(five(T + 5, 10.5, 12, 10, 11, 50))).toEqual([]);
    const [bar] = agg.add(five(T + 10, 11, 11.5, 9, 9.25, 25));

    expect(bar).toEqual({ symbol: 'SPY', time: T * 1000, durationMs: 15_000, open: 10, high: 12, low: 9, close: 9.25, volume: 175 });
  });

  it('when a 5-second bar is missing then the bar is emitted when the next one starts, and late bars are ignored', () => {
    const agg = new BarAggregator('SPY', 15);
    agg.add(five(T, 10, 10, 10, 10, 1));

    const done = agg.add(five(T + 15, 11, 11, 11, 11, 1));

    expect(done.map((b) => [b.time, b.close])).toEqual([[T * 1000, 10]]);
    expect(agg.add(five(T + 5, 99, 99, 99, 99, 1))).toEqual([]);
  });

  it('when barSeconds is not a multiple of 5 then it is refused', () => {
    expect(() => new BarAggregator('SPY', 1)).toThrow(/multiple of 5/);
  });
});

describe('IbBroker market data', () => {
  it('when bars are subscribed then TWS gets one 5-second TRADES request per symbol and the subscriber gets aggregated bars in order', async () => {
    h = await harness();
    const bars: Bar[] = [];
    const stop = await h.broker.subscribeBars(['SPY', 'QQQ'], (bar) => { bars.push(bar); });
    const requests = await h.server.waitFor('REQ_REAL_TIME_BARS', 2);

    for (let i = 0; i < 6; i++) h.server.pushBar('SPY', { time: T + 5 * i, open: '401', high: String(401 + i), low: '400.5', close: `401.${i}`, volume: '100' });
    await eventually(() => bars.length === 2, 'two SPY bars');
    await stop();
    await h.server.waitFor('CANCEL_REAL_TIME_BARS', 2);

    expect(requests.map((m) => [m.fields[4], m.fields[15], m.fields[16], m.fields[17]])).toEqual([['SPY', '5', 'TRADES', '1'], ['QQQ', '5', 'TRADES', '1']]);
    expect(bars.map((b) => [b.symbol, b.time, b.high, b.close, b.volume])).toEqual([['SPY', T * 1000, 403, 401.2, 300], ['SPY', (T + 15) * 1000, 406, 401.5, 300]]);
    expect(h.server.openBarRequests()).toEqual([]);
  });

  it('when TWS reports 1100 then 1101 (data lost) then the bars are asked again once with new ids, the old ones cancelled', async () => {
    h = await harness();
    await h.broker.subscribeBars(['SPY'], () => {});
    const [first] = await h.server.waitFor('REQ_REAL_TIME_BARS');

    h.server.sendInfo(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    h.server.sendInfo(1101, 'Connectivity between IB and TWS has been restored- data lost.');
    const again = await h.server.waitFor('REQ_REAL_TIME_BARS', 2);
    await h.server.waitFor('CANCEL_REAL_TIME_BARS');

    expect(again).toHaveLength(2);
    expect(again[1]?.fields[2]).not.toBe(first?.fields[2]);
    expect(h.server.messages('CANCEL_REAL_TIME_BARS').map((m) => m.fields[2])).toEqual([first?.fields[2]]);
    expect(h.server.openBarRequests().map((r) => String(r.reqId))).toEqual([again[1]?.fields[2]]);
  });

  it('when the broker shuts down then every market-data request it ever made on a live socket has a matching cancel', async () => {
    h = await harness();
    await h.broker.subscribeBars(['SPY', 'QQQ'], () => {});
    await h.broker.subscribeBars(['AAPL'], () => {});
    h.server.sendInfo(1100, 'lost');
    h.server.sendInfo(1101, 'restored, data lost');
    await h.server.waitFor('REQ_REAL_TIME_BARS', 6);

    await h.broker.disconnect();
    await h.server.waitFor('CANCEL_REAL_TIME_BARS', 6);

    const requested = h.server.messages('REQ_REAL_TIME_BARS').map((m) => m.fields[2]).sort();
    const cancelled = h.server.messages('CANCEL_REAL_TIME_BARS').map((m) => m.fields[2]).sort();
    expect(cancelled).toEqual(requested);
    expect(h.server.openBarRequests()).toEqual([]);
  });

  it('when the socket drops then the bars are asked again on the new session with new ids', async () => {
    h = await harness();
    await h.broker.subscribeBars(['SPY'], () => {});
    await h.server.waitFor('REQ_REAL_TIME_BARS');

    h.server.drop();
    const all = await h.server.waitFor('REQ_REAL_TIME_BARS', 2);

    expect(all.map((m) => m.session)).toEqual([1, 2]);
    expect(all[1]?.fields[2]).not.toBe(all[0]?.fields[2]);
  });
});
