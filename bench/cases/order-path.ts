/**
 * The order path, one order at a time: `host.submit` (beforeOrder, the guards' re-check, id, journal,
 * beforeBrokerRequest, the broker, afterOrder), the broker's acknowledgement (orderUpdate), then one
 * execution booked (orderUpdate, afterFill). Measured twice in the same process: on the host `compose()`
 * builds — every built-in plugin installed — and on the same Host with no taps at all. Logging is off,
 * as the issue's target says; both hosts share the market clock's pace of one order per second.
 */
import { compose, replayFeed } from '../../core/cli/compose.js';
import { SimBroker } from '../../core/brokers/sim/broker.js';
import type { BrokerListener } from '../../core/brokers/port.js';
import { dec } from '../../core/domain/money.js';
import type { Side } from '../../core/domain/types.js';
import { Host } from '../../core/host/host.js';
import { MemoryStateStore } from '../../core/host/state-store.js';
import { SqliteJournal } from '../../core/journal/journal.js';
import { silentLogger } from '../../core/log.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { ManualClock } from '../../core/market/clock.js';
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import { loadBenchConfig, symbolNames, writeReplayConfig } from '../lib/configs.js';
import { measure } from '../lib/measure.js';

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

export interface OrderPathResult {
  /** The plugins installed on the measured host, in order. */
  readonly plugins: readonly string[];
  /** Microseconds per order with every built-in plugin. */
  readonly withPlugins: Latency;
  /** Microseconds per order on the same host with no taps. */
  readonly noTaps: Latency;
  /** How the measured orders ended on the host with plugins: sent, vetoed or rejected. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Microseconds per order on the same host with one built-in plugin alone, by plugin name. */
  readonly byPlugin: Readonly<Record<string, Latency>>;
  /** The no-taps host again, measured like the single plugins and after them (the JIT is warmer by then): their baseline. */
  readonly noTapsAfter: Latency;
}

/** Market time between two orders: one a second, a pace no guard should throttle. */
const ORDER_GAP_MS = 1_000;
const QUANTITY = dec('100');
const PRICE = dec('100.00');

export async function measureOrderPath(options: { readonly warmup: number; readonly samples: number }): Promise<OrderPathResult> {
  const file = writeReplayConfig({ symbols: 1, days: 1, barSeconds: 60, strategies: 1, logLevel: 'silent' });
  const { file: resolved, config } = await loadBenchConfig(file);
  const runtime = await compose(resolved, config, { logFd: 2, logLevel: 'silent' });
  const sim = replayFeed(runtime).broker;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the bench runtime is built with a ManualClock
  const clock = runtime.clock as ManualClock;

  /** The same Host, broker, clock and journal (a scratch file) as compose() builds, with no plugin or strategy at all. */
  const plainHost = (): { host: Host; broker: SimBroker; clock: ManualClock } => {
    const hostClock = new ManualClock(clock.nowMs());
    const broker = new SimBroker({ clock: hostClock, latencyMs: 0, maxShareOfBarVolume: 1, rejectProbability: 0, seed: 1 });
    const host = new Host({ broker, clock: hostClock, calendar: loadExchangeCalendar('XNYS'), log: silentLogger(), journal: SqliteJournal.scratch(() => hostClock.nowMs()), store: new MemoryStateStore(), startingCash: dec(String(config.account.startingCash)) });
    return { host, broker, clock: hostClock };
  };

  const bare = plainHost();
  const noTaps = await latencyOf('order path, no taps', await orderDriver(bare.host, bare.broker, bare.clock, () => {}), options);
  await bare.host.stop({ reason: 'end-of-data' });

  const outcomes: Record<string, number> = {};
  const pluginOrder = await orderDriver(runtime.host, sim, clock, (kind) => { outcomes[kind] = (outcomes[kind] ?? 0) + 1; });
  const withPlugins = await latencyOf('order path, built-in plugins', pluginOrder, options);
  await runtime.host.stop({ reason: 'end-of-data' });

  // Which plugin costs what: each built-in alone, with the options compose() would give it.
  const byPlugin: Record<string, Latency> = {};
  const few = { warmup: Math.ceil(options.warmup / 2), samples: Math.ceil(options.samples / 2) };
  for (const { plugin, configKey } of BUILTIN_PLUGINS) {
    const one = plainHost();
    await one.host.install(plugin, ((config.safety as Record<string, unknown>)[configKey] ?? {}) as never);
    byPlugin[plugin.name] = await latencyOf(`order path, ${plugin.name} alone`, await orderDriver(one.host, one.broker, one.clock, () => {}), few);
    await one.host.stop({ reason: 'end-of-data' });
  }
  const again = plainHost();
  const noTapsAfter = await latencyOf('order path, no taps, again', await orderDriver(again.host, again.broker, again.clock, () => {}), few);
  await again.host.stop({ reason: 'end-of-data' });
  return { plugins: runtime.host.plugins, withPlugins, noTaps, outcomes, byPlugin, noTapsAfter };
}

async function latencyOf(name: string, order: () => Promise<void>, options: { readonly warmup: number; readonly samples: number }): Promise<Latency> {
  const latency = await measure(name, order, { iterations: options.samples, warmup: options.warmup });
  return { p50: latency.p50 * 1000, p99: latency.p99 * 1000, p999: latency.p999 * 1000 };
}

/**
 * Starts `host` on `broker` and returns one order's round: submit, acknowledgement, one full execution.
 * Sides alternate so the position stays flat and no guard sees it grow; the host sees one bar first so
 * every guard knows a price.
 */
async function orderDriver(host: Host, broker: SimBroker, clock: ManualClock, outcome: (kind: string) => void): Promise<() => Promise<void>> {
  let emit: BrokerListener | undefined;
  const connect = broker.connect.bind(broker);
  broker.connect = (listener) => { emit = listener; return connect(listener); };
  await host.start();
  const symbol = symbolNames(1)[0]!;
  await host.handleBar({ symbol, time: clock.nowMs(), durationMs: 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1_000_000 });
  let n = 0;
  return async () => {
    clock.advance(ORDER_GAP_MS);
    const side: Side = n++ % 2 === 0 ? 'BUY' : 'SELL';
    const result = await host.submit({ strategyId: 's1', symbol, side, quantity: QUANTITY, type: 'MKT' });
    await host.idle();
    outcome(result.kind);
    if (result.kind !== 'sent') return;
    const { id } = result.order;
    emit!({ type: 'execution', execution: { execId: `bench-${id}`, orderId: id, symbol, side, quantity: QUANTITY, price: PRICE, time: clock.nowMs() } });
    await host.idle();
  };
}
