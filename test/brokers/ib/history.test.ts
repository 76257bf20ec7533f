/**
 * Historical bars for warm-up, from the real @stoqey/ib client over TCP to the TWS test server: what is
 * asked, what comes back (oldest first, complete bars only, at most the count), IB's pacing rules kept,
 * and every way a request can fail — refused, unanswered, cut off — settling it once, its id released.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerRejection, type HistoryRequest } from '../../../core/brokers/port.js';
import { ManualClock } from '../../../core/market/clock.js';
import { harness, type Harness } from '../../core/brokers/ib/harness.js';
import type { HistoricalBarFields } from '../../support/tws-server/messages.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.finish();
  h = undefined;
});

const OPEN = 1_772_461_800; // Monday 2026-03-02 09:30 New York, in epoch seconds
const END_MS = (OPEN + 5 * 60) * 1000; // 09:35

function minuteBar(minute: number, close: string, volume = '100'): HistoricalBarFields {
  return { time: String(OPEN + 60 * minute), open: '400', high: '401', low: '399', close, volume };
}

function spy(overrides: Partial<HistoryRequest> = {}): HistoryRequest {
  return { symbol: 'SPY', barSeconds: 60, count: 3, endMs: END_MS, useRth: true, whatToShow: 'TRADES', ...overrides };
}

describe('IbBroker historical bars', () => {
  it('when 1-minute bars are asked then TWS gets one request ending at endMs and the complete bars come back oldest first', async () => {
    h = await harness();
    // 09:30 to 09:35, and 09:35 itself, still forming at the end: IB sends it, Robo leaves it out.
    h.server.setHistory('SPY', '1 min', [0, 1, 2, 3, 4, 5].map((m) => minuteBar(m, `400.${m}`)));

    const bars = await h.broker.historicalBars(spy());

    expect(bars).toEqual([
      { symbol: 'SPY', time: (OPEN + 120) * 1000, durationMs: 60_000, open: 400, high: 401, low: 399, close: 400.2, volume: 100 },
      { symbol: 'SPY', time: (OPEN + 180) * 1000, durationMs: 60_000, open: 400, high: 401, low: 399, close: 400.3, volume: 100 },
      { symbol: 'SPY', time: (OPEN + 240) * 1000, durationMs: 60_000, open: 400, high: 401, low: 399, close: 400.4, volume: 100 },
    ]);
    const [sent] = h.server.historyRequests();
    expect(sent && [sent.symbol, sent.endDateTime, sent.barSize, sent.duration, sent.useRth, sent.whatToShow, sent.formatDate, sent.keepUpToDate])
      .toEqual(['SPY', '20260302-14:35:00', '1 min', '240 S', '1', 'TRADES', '2', '0']);
  });

  it('when fewer bars are asked than IB sends then only the most recent ones come back', async () => {
    h = await harness();
    h.server.setHistory('SPY', '1 min', [0, 1, 2, 3, 4].map((m) => minuteBar(m, `400.${m}`)));

    const bars = await h.broker.historicalBars(spy({ count: 2 }));

    expect(bars.map((b) => b.close)).toEqual([400.3, 400.4]);
  });

  it('when daily bars are asked then each starts at midnight New York on its trade date, and today\'s, still forming, is left out', async () => {
    h = await harness();
    h.server.setHistory('SPY', '1 day', [
      { time: '20260226', open: '395', high: '398', low: '394', close: '397', volume: '70000000' },
      { time: '20260227', open: '397', high: '401', low: '396', close: '400', volume: '80000000' },
      { time: '20260302', open: '400', high: '402', low: '399', close: '401', volume: '1000000' },
    ]);

    const bars = await h.broker.historicalBars(spy({ barSeconds: 86_400, count: 5 }));

    expect(bars.map((b) => [b.time, b.durationMs, b.close, b.volume])).toEqual([
      [Date.UTC(2026, 1, 26, 5), 86_400_000, 397, 70_000_000],
      [Date.UTC(2026, 1, 27, 5), 86_400_000, 400, 80_000_000],
    ]);
    expect(h.server.historyRequests()[0]?.duration).toBe('11 D');
  });

  it('when 5-second bars reach back past the open then a second request ends at the last close, and the bars join across the weekend', async () => {
    h = await harness();
    const friday = OPEN - 3 * 86_400 + 390 * 60; // Friday 16:00 New York
    const bar = (time: number, close: string): HistoricalBarFields => ({ time: String(time), open: '400', high: '400.5', low: '399.5', close, volume: '10' });
    h.server.setHistory('SPY', '5 secs', [
      ...[30, 25, 20, 15, 10, 5].map((back) => bar(friday - back, `399.${back}`)),
      bar(OPEN, '400.00'), bar(OPEN + 5, '400.05'), bar(OPEN + 10, '400.10'),
    ]);

    const bars = await h.broker.historicalBars(spy({ barSeconds: 5, count: 5, endMs: (OPEN + 15) * 1000 }));

    expect(bars.map((b) => [b.time / 1000, b.close, b.durationMs])).toEqual([
      [friday - 10, 399.1, 5_000], [friday - 5, 399.5, 5_000], [OPEN, 400, 5_000], [OPEN + 5, 400.05, 5_000], [OPEN + 10, 400.1, 5_000],
    ]);
    expect(h.server.historyRequests().map((r) => [r.barSize, r.endDateTime, r.duration])).toEqual([
      ['5 secs', '20260302-14:30:15', '30 S'],
      ['5 secs', '20260227-21:00:00', '30 S'],
    ]);
  });

  it('when MIDPOINT bars are asked then IB\'s volume -1 becomes 0', async () => {
    h = await harness();
    h.server.setHistory('SPY', '1 min', [minuteBar(3, '400.25', '-1')]);

    const bars = await h.broker.historicalBars(spy({ whatToShow: 'MIDPOINT' }));

    expect(bars.map((b) => [b.close, b.volume])).toEqual([[400.25, 0]]);
    expect(h.server.historyRequests()[0]?.whatToShow).toBe('MIDPOINT');
  });

  it('when seven requests for one symbol come at once then the sixth and seventh wait two seconds and a margin, so IB sees no pacing violation', async () => {
    // The pacer reads a clock that stands still: its waits are exact, whatever this machine's speed.
    h = await harness({ broker: { clock: new ManualClock(END_MS), requestTimeoutMs: 5_000 } });
    h.server.setHistory('SPY', '1 min', [0, 1, 2, 3, 4].map((m) => minuteBar(m, `400.${m}`)));

    // Different ends, so no two are identical requests (which IB spaces 15 seconds apart).
    const { broker } = h;
    const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => broker.historicalBars(spy({ count: 1, endMs: END_MS - n * 1000 }))));

    expect(answers.every((bars) => bars.length === 1)).toBe(true);
    const waits = h.logs.filter((l) => typeof l.waitMs === 'number').map((l) => [l.symbol, l.waitMs]);
    expect(waits).toEqual([['SPY', 2_250], ['SPY', 2_250]]);
    const arrived = h.server.historyRequests().map((r) => r.receivedAt);
    const first = arrived[0] ?? 0;
    // The last two arrive more than two seconds after the first, however the socket delays them.
    expect(arrived.slice(5).every((at) => at - first >= 2_000)).toBe(true);
  });

  it('when 51 requests are open at once then the 51st waits for one of IB\'s 50 places, and is never sent if none frees', async () => {
    h = await harness({ server: { onHistory: () => ({ kind: 'silent' }) }, broker: { requestTimeoutMs: 30_000 } });
    const { broker } = h;
    const symbols = Array.from({ length: 51 }, (_, n) => `S${n}`);
    const answers = symbols.map((symbol) => broker.historicalBars(spy({ symbol })).catch((e: unknown) => String(e)));
    await h.server.waitFor('REQ_HISTORICAL_DATA', 50);

    await broker.disconnect();
    const outcomes = await Promise.all(answers);

    expect(h.server.historyRequests().map((r) => r.symbol)).toEqual(symbols.slice(0, 50));
    expect(outcomes[50]).toMatch(/the request for 3 × 1 min TRADES bars of S50 was not sent: the IB link is not ready/);
    expect(outcomes.slice(0, 50).every((o) => typeof o === 'string' && /were not received: the IB broker is disconnecting/.test(o))).toBe(true);
  });

  it('when the same request would wait longer than the request timeout then it is refused at once and never sent', async () => {
    h = await harness({ broker: { clock: new ManualClock(END_MS) } });
    await h.broker.historicalBars(spy());

    const again = h.broker.historicalBars(spy());

    await expect(again).rejects.toThrow(/wait 15250 ms for IB's pacing rule \(no identical request within 15 seconds\).*SPY|SPY.*wait 15250 ms/);
    expect(h.server.historyRequests()).toHaveLength(1);
  });

  it.each([
    [162, 'Historical Market Data Service error message:HMDS query returned no data: SPY@SMART Trades', /SPY.*historical data service refused it.*IB 162/],
    [200, 'No security definition has been found for the request', /SPY.*does not know the symbol.*IB 200/],
    [366, 'No historical data query found for ticker id:1', /SPY.*no such historical data query.*IB 366/],
  ])('when TWS answers error %i then the request is refused with a message naming the symbol', async (code, message, expected) => {
    h = await harness({ server: { onHistory: () => ({ kind: 'error', code, message }) } });

    const error = await h.broker.historicalBars(spy()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BrokerRejection);
    expect((error as Error).message).toMatch(expected);
  });

  it('when TWS does not answer in time then the request is refused and cancelled at IB with its own id', async () => {
    h = await harness({ server: { onHistory: () => ({ kind: 'silent' }) }, broker: { requestTimeoutMs: 300 } });

    await expect(h.broker.historicalBars(spy())).rejects.toThrow(/IB did not answer the request for 3 × 1 min TRADES bars of SPY within 300 ms; it was cancelled/);
    const [cancel] = await h.server.waitFor('CANCEL_HISTORICAL_DATA');

    const reqId = h.server.historyRequests()[0]?.reqId ?? -1;
    expect(cancel?.fields[2]).toBe(String(reqId));
    expect(h.server.openHistoryRequests()).toEqual([]);
  });

  it('when IB answers a cancelled request late with 366 then the error is taken as about that request, not about an order', async () => {
    h = await harness({ server: { onHistory: () => ({ kind: 'silent' }) }, broker: { requestTimeoutMs: 300 } });
    await h.broker.historicalBars(spy()).catch(() => undefined);
    await h.server.waitFor('CANCEL_HISTORICAL_DATA');
    const reqId = h.server.historyRequests()[0]?.reqId ?? -1;

    h.server.sendError(reqId, 366, `No historical data query found for ticker id:${reqId}`);
    await h.server.waitUntil(() => h?.notices.some((n) => n.code === 366) === true, 'the 366 to arrive');

    expect(h.logs.filter((l) => l.code === 366).map((l) => l.msg)).toEqual([expect.stringMatching(new RegExp(`^historical data request ${reqId}: IB 366`))]);
  });

  it('when the link is lost while the request waits for its answer then it is refused at once', async () => {
    h = await harness({ server: { onHistory: () => ({ kind: 'drop' }) }, broker: { requestTimeoutMs: 10_000 } });

    await expect(h.broker.historicalBars(spy())).rejects.toThrow(/historical bars for SPY were not received: the link to TWS was lost/);
  });

  it('when the broker disconnects while a request is open then it is refused and cancelled at IB', async () => {
    h = await harness({ server: { onHistory: () => ({ kind: 'silent' }) }, broker: { requestTimeoutMs: 10_000 } });
    const pending = h.broker.historicalBars(spy()).catch((e: unknown) => e);
    await h.server.waitFor('REQ_HISTORICAL_DATA');

    await h.broker.disconnect();

    expect(String(await pending)).toMatch(/historical bars for SPY were not received: the IB broker is disconnecting/);
    const cancels = await h.server.waitFor('CANCEL_HISTORICAL_DATA');
    expect(cancels.map((m) => m.fields[2])).toEqual([String(h.server.historyRequests()[0]?.reqId)]);
  });
});
