/**
 * The TWS side of tick to order over TCP, run by a worker in its own process (as TWS is): the local
 * TWS-protocol server of the tests, answering as TWS does — its clock inside a New York session, every
 * order acknowledged and filled at once with a commission report — and, once the client asked for
 * real-time bars, one 5-second bar at a time with closes alternating up and down. Each sample is the
 * time from just before a bar is written to the moment the PLACE_ORDER it caused is read from the socket;
 * both instants are taken here, in one process, so no clock is shared between processes.
 *
 * Protocol with the parent: prints `{ "port": n }`, then `{ "micros": [...], … }` when every bar is
 * done, then waits until its stdin closes.
 */
import { once } from 'node:events';
import { TwsServer, type PlacedOrder } from '../../test/support/tws-server/server.js';

export interface TwsFeedJob {
  /** The symbol the client asks real-time bars for. */
  readonly symbol: string;
  /** Bars that should each cause an order (after the first three, which only prime the averages). */
  readonly bars: number;
  /**
   * Quiet time after each bar's order before the next bar: the fill is booked meanwhile, and orders stay
   * under every message and order limit (one order per intervalMs plus the latency).
   */
  readonly intervalMs: number;
  /**
   * What TWS says the time is when the server starts, in epoch seconds (inside a regular New York
   * session); it advances with the wall clock from there. The IB session holds its clock to TWS's, so
   * the trading-hours guard judges by this time. The first bar starts at the 5-second mark after it.
   */
  readonly twsSeconds: number;
}

export interface TwsFeedResult {
  /** Microseconds from bar written to PLACE_ORDER read, one per bar that caused an order, in order. */
  readonly micros: readonly number[];
  /** Bars that caused no order within ORDER_WAIT_MS. */
  readonly missed: number;
  /** Every bar written, the priming ones included. */
  readonly barsSent: number;
  /** The first bars, which cause no order and are not timed. */
  readonly primingBars: number;
  readonly ordersFilled: number;
}

/** A bar that should cause an order but did not within this long counts as missed. */
const ORDER_WAIT_MS = 2_000;
/** Bars 0–2 cause no order: the slow average fills, then the first cross is down while flat. */
const PRIMING_BARS = 3;
const CLOSES = ['100.00', '100.10'] as const;

export async function serveTwsFeed(job: TwsFeedJob): Promise<undefined> {
  const startedMs = Date.now();
  let lastClose: string = CLOSES[0];
  let placed: { readonly readAt: bigint } | undefined;
  let wake: (() => void) | undefined;
  let filled = 0;
  const server = new TwsServer({
    accounts: ['DU1234567'],
    nowSeconds: () => job.twsSeconds + Math.floor((Date.now() - startedMs) / 1000),
    onReceive: (message, readAt) => {
      if (message.name !== 'PLACE_ORDER') return;
      placed = { readAt };
      wake?.();
    },
    // Filled at once at the bar's close, as a market order on a liquid symbol would be.
    onOrder: (order: PlacedOrder) => {
      filled++;
      return { kind: 'fill', parts: [{ quantity: order.totalQuantity, price: lastClose, commission: '1.00' }] };
    },
  });
  const port = await server.start();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  try {
    await server.waitFor('REQ_REAL_TIME_BARS', 1, 60_000);
    await sleep(100);
    const micros: number[] = [];
    let missed = 0;
    let barsSent = 0;
    const firstBar = Math.ceil(job.twsSeconds / 5) * 5;
    for (let i = 0; i < PRIMING_BARS + job.bars; i++) {
      const close = CLOSES[i % 2]!;
      const bar = { time: firstBar + 5 * i, open: close, high: close, low: close, close, volume: '1000' };
      lastClose = close;
      placed = undefined;
      const order = new Promise<void>((resolve) => { wake = resolve; });
      const writtenAt = process.hrtime.bigint();
      if (server.pushBar(job.symbol, bar) === 0) throw new Error('the client has no real-time bar request open');
      barsSent++;
      if (i < PRIMING_BARS) {
        await sleep(job.intervalMs * 2);
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([order, new Promise<void>((resolve) => { timer = setTimeout(resolve, ORDER_WAIT_MS); })]);
      clearTimeout(timer);
      const got = placed as { readonly readAt: bigint } | undefined;
      if (got === undefined) missed++;
      else micros.push(Number(got.readAt - writtenAt) / 1000);
      // The gap counts from the order (or the give-up), so a slow sample never bunches the next orders up.
      await sleep(job.intervalMs);
    }
    const result: TwsFeedResult = { micros, missed, barsSent, primingBars: PRIMING_BARS, ordersFilled: filled };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stdin.resume();
    await once(process.stdin, 'end');
  } finally {
    await server.stop();
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
