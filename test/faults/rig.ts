/**
 * The fault-injection rig: a real Host with the built-in link plugins (heartbeat, state recovery) and
 * cost accounting, on the real IB adapter and @stoqey/ib client, over TCP to the local TWS-protocol
 * server, journaling to a file. `expectAgreement` is what must hold after every fault: position and cash
 * equal the server's, every execution booked exactly once, no order id or orderRef sent twice.
 */
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { IbBroker, type IbBrokerOptions } from '../../core/brokers/ib/ib-broker.js';
import { dec, ZERO } from '../../core/domain/money.js';
import type { OrderIntent } from '../../core/domain/types.js';
import { Host } from '../../core/host/host.js';
import { SqliteJournal } from '../../core/journal/journal.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { SystemClock } from '../../core/market/clock.js';
import { costAccounting } from '../../plugins/costs/plugin.js';
import { heartbeat } from '../../plugins/heartbeat/plugin.js';
import { stateRecovery, type StateRecoveryOptions } from '../../plugins/state-recovery/plugin.js';
import { captureLogger, eventually, type LogLine } from '../core/brokers/ib/harness.js';
import { journalPath } from '../support/journal.js';
import { TwsServer, type TwsServerOptions } from '../support/tws-server/server.js';

export const STARTING_CASH = '100000';

export interface Rig {
  readonly server: TwsServer;
  readonly host: Host;
  readonly broker: IbBroker;
  readonly logs: LogLine[];
  readonly journal: string;
  /** Stops the host (and with it the broker and the journal); the server keeps running for a restart. */
  stop(): Promise<void>;
}

export interface RigOptions {
  /** A server to reuse (a restart of the host against the same TWS); else a new one with these options. */
  readonly server?: TwsServer;
  readonly serverOptions?: TwsServerOptions;
  /** A journal file to reuse (a restart); else a new one. */
  readonly journal?: string;
  readonly heartbeat?: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly unknown?: StateRecoveryOptions['unknown'];
  readonly broker?: Partial<IbBrokerOptions>;
  /** Whether stopping cancels the open orders (default true). */
  readonly cancelOpenOrdersOnStop?: boolean;
  /** How many closed orders the host keeps in memory (default the host's); 0 lets each go as soon as it closes. */
  readonly keepClosedOrders?: number;
  /** Whether to start the host; a test that expects the start to fail starts it itself. */
  readonly start?: boolean;
}

export async function rig(options: RigOptions = {}): Promise<Rig> {
  const server = options.server ?? new TwsServer(options.serverOptions);
  if (options.server === undefined) await server.start();
  const logs: LogLine[] = [];
  const log = captureLogger(logs);
  const clock = new SystemClock();
  const broker = new IbBroker({
    host: '127.0.0.1', port: server.port, clientId: 7, connectTimeoutMs: 2_000, requestTimeoutMs: 2_000, maxRequestsPerSecond: 40,
    account: { mode: 'paper' }, confirmation: { live: false }, bars: { barSeconds: 15, whatToShow: 'TRADES', useRth: true },
    clock, log, reconnectDelaysMs: [50], random: () => 0, ...options.broker,
  });
  const journal = options.journal ?? journalPath();
  const host = new Host({ broker, clock, calendar: loadExchangeCalendar('XNYS'), log, startingCash: dec(STARTING_CASH), journal: SqliteJournal.open(journal, { now: () => clock.nowMs() }), cancelOpenOrdersOnStop: options.cancelOpenOrdersOnStop ?? true, ...(options.keepClosedOrders === undefined ? {} : { keepClosedOrders: options.keepClosedOrders }) });
  await host.install(heartbeat, options.heartbeat ?? { intervalMs: 60_000, timeoutMs: 1_000 });
  await host.install(stateRecovery, { unknown: options.unknown ?? 'refuse' });
  await host.install(costAccounting, { plan: 'zero' });
  if (options.start !== false) await host.start();
  const stop = async (): Promise<void> => {
    if (host.state === 'running' || host.state === 'starting') await host.stop({ reason: 'signal' });
    else if (host.state === 'created') await broker.disconnect();
  };
  return { server, host, broker, logs, journal, stop };
}

/**
 * The rigs a test file starts, stopped with their servers after each test — a restart reuses a server,
 * which stops once: `const rigs = trackedRigs(); afterEach(rigs.stopAll);`, then `await rigs.track(rig(…))`.
 */
export function trackedRigs(): { track(r: Promise<Rig>): Promise<Rig>; stopAll(): Promise<void> } {
  const started: Rig[] = [];
  return {
    track: async (r) => {
      const one = await r;
      started.push(one);
      return one;
    },
    stopAll: async () => {
      const all = started.splice(0);
      for (const r of all) await r.stop();
      for (const server of new Set(all.map((r) => r.server))) await server.stop();
    },
  };
}

export function buy(quantity: string, limit = '401.00', symbol = 'SPY'): OrderIntent {
  return { strategyId: 'faults', symbol, side: 'BUY', quantity: dec(quantity), type: 'LMT', limitPrice: dec(limit) };
}

export function sell(quantity: string, limit = '401.00', symbol = 'SPY'): OrderIntent {
  return { strategyId: 'faults', symbol, side: 'SELL', quantity: dec(quantity), type: 'LMT', limitPrice: dec(limit) };
}

/** Cash at the server: the starting cash, less what every execution bought, plus what it sold, less every commission. */
export function serverCash(server: TwsServer): string {
  let cash = dec(STARTING_CASH);
  for (const e of server.executionRecords()) {
    const value = dec(e.shares).times(e.price);
    cash = e.side === 'BOT' ? cash.minus(value) : cash.plus(value);
    cash = cash.minus(e.commission ?? ZERO);
  }
  return cash.toFixed(2);
}

/** What the journal booked, read straight from the file (WAL lets a second reader in while the host writes). */
export function journaledExecutions(file: string): { execId: string; count: number }[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT exec_id AS execId, count(*) AS count FROM events WHERE kind IN ('execution', 'correction') GROUP BY exec_id").all() as { execId: string; count: number }[];
  } finally {
    db.close();
  }
}

/** What must hold after every fault. Waits for the host to settle first (commissions may trail their fills). */
export async function expectAgreement(r: Rig, symbols: readonly string[] = ['SPY']): Promise<void> {
  const cash = serverCash(r.server);
  await eventually(() => r.host.portfolio.cash.toFixed(2) === cash, `the host's cash to reach the server's ${cash} (it is ${r.host.portfolio.cash.toFixed(2)})`, 5_000);
  await r.host.idle();
  for (const symbol of symbols) expect(r.host.portfolio.position(symbol).quantity.toString(), `position in ${symbol}`).toBe(r.server.positionOf(symbol));
  expect(r.host.portfolio.cash.toFixed(2)).toBe(cash);
  // Every execution the server made is booked once, under the id of its latest revision.
  const booked = journaledExecutions(r.journal);
  expect(booked.filter((b) => b.count !== 1)).toEqual([]);
  const base = (execId: string): string => execId.slice(0, execId.lastIndexOf('.'));
  expect(new Set(booked.map((b) => base(b.execId)))).toEqual(new Set(r.server.executionRecords().map((e) => base(e.execId))));
  // Nothing was ever sent twice.
  const placed = r.server.placedOrders();
  expect(new Set(placed.map((p) => p.orderId)).size, 'order ids sent').toBe(placed.length);
  expect(new Set(placed.map((p) => p.orderRef)).size, 'orderRefs sent').toBe(placed.length);
  expect(r.logs.filter((l) => l['code'] === 505), 'decode errors (505)').toEqual([]);
  expect(r.server.protocolErrors).toEqual([]);
}

/** `robo journal --json` as the crash tests read it. */
export interface JournalJson {
  readonly orders: readonly { id: number; state: string; reason?: string; filled: string }[];
  readonly executions: readonly { execId: string }[];
  readonly positions: readonly { symbol: string; quantity: string }[];
  readonly cash: string;
}

/** The journal and the server agree on SPY: its position, cash to the cent, the executions, and no order placed twice. */
export function expectBooksAgree(journal: JournalJson, server: TwsServer): void {
  expect(journal.positions).toEqual(server.positionOf('SPY') === '0' ? [] : [{ symbol: 'SPY', quantity: server.positionOf('SPY'), averageCost: expect.any(String) }]);
  expect(journal.cash).toBe(serverCash(server));
  expect(journal.executions.map((e) => e.execId).sort()).toEqual(server.executionRecords().map((e) => e.execId).sort());
  const placed = server.placedOrders();
  expect(new Set(placed.map((p) => p.orderId)).size).toBe(placed.length);
  expect(new Set(placed.map((p) => p.orderRef)).size).toBe(placed.length);
}
