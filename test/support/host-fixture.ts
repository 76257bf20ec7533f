/**
 * A real Host on a real SimBroker (wrapped in a RecordingBroker), a ManualClock at T0, the XNYS
 * calendar, a silent logger and 100,000 of starting cash; timers are fake unless a test asks for real ones.
 */
import { SimBroker } from '../../core/brokers/sim/broker.js';
import { dec } from '../../core/domain/money.js';
import type { Bar } from '../../core/domain/types.js';
import { Host, type IntentJournal } from '../../core/host/host.js';
import type { PluginDefinition } from '../../core/host/plugin.js';
import type { StateStore } from '../../core/host/state-store.js';
import type { Journal } from '../../core/journal/journal.js';
import { isJournal, journalWith } from './journal.js';
import type { Timers } from '../../core/host/timers.js';
import { silentLogger } from '../../core/log.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { ManualClock, type Clock } from '../../core/market/clock.js';
import { FakeTimers } from './fake-timers.js';
import { barSource, T0 } from './market.js';
import { RecordingBroker } from './recording-broker.js';

export interface HostFixtureOptions {
  readonly maxShareOfBarVolume?: number;
  readonly rejectProbability?: number;
  readonly seed?: number;
  readonly tapTimeoutMs?: number;
  /** Defaults to a FakeTimers, so nothing waits on real time. */
  readonly timers?: Timers;
  /** A whole journal, or just the intent step of an in-memory one (to fail it, or trace it). */
  readonly journal?: IntentJournal | Journal;
  /** Plugin state; pass the same store to two fixtures to restart a host on what the first one kept. */
  readonly store?: StateStore;
  /** Installed in this order before start; given the host so a plugin can call `host.submit` (the plugin API has no submit). */
  readonly plugins?: (host: Host) => readonly PluginDefinition[];
  /** Whether to start the host and watch the symbols; defaults to true. */
  readonly start?: boolean;
  readonly symbols?: readonly string[];
  /** The host's clock over the market's manual one (as the IB broker's clock corrects the system clock); defaults to the manual clock itself. */
  readonly hostClock?: (market: ManualClock) => Clock;
}

export interface HostFixture {
  readonly host: Host;
  readonly broker: RecordingBroker;
  readonly sim: SimBroker;
  readonly clock: ManualClock;
  readonly timers: Timers;
  /** Replays `bars` through the sim broker, then waits until the host handled every broker event. */
  play(bars: readonly Bar[]): Promise<void>;
}

export async function hostFixture(options: HostFixtureOptions = {}): Promise<HostFixture> {
  const clock = new ManualClock(T0);
  const timers = options.timers ?? new FakeTimers();
  const sim = new SimBroker({
    clock,
    latencyMs: 0,
    maxShareOfBarVolume: options.maxShareOfBarVolume ?? 1,
    rejectProbability: options.rejectProbability ?? 0,
    seed: options.seed ?? 1,
    timers,
  });
  const broker = new RecordingBroker(sim);
  const host = new Host({
    broker,
    clock: options.hostClock?.(clock) ?? clock,
    calendar: loadExchangeCalendar('XNYS'),
    log: silentLogger(),
    startingCash: dec('100000'),
    timers,
    ...(options.tapTimeoutMs === undefined ? {} : { tapTimeoutMs: options.tapTimeoutMs }),
    ...(options.journal === undefined ? {} : { journal: isJournal(options.journal) ? options.journal : journalWith(options.journal) }),
    ...(options.store === undefined ? {} : { store: options.store }),
  });
  for (const plugin of options.plugins?.(host) ?? []) await host.install(plugin, {});
  if (options.start ?? true) {
    await host.start();
    await host.watch(options.symbols ?? ['AAPL']);
  }
  const play = async (bars: readonly Bar[]): Promise<void> => {
    const end = await sim.replay(barSource(bars), {}, new AbortController().signal);
    if (end !== 'end-of-data') throw new Error(`expected the replay to reach the end of its bars, it ended ${end}`);
    await host.idle();
  };
  return { host, broker, sim, clock, timers, play };
}
