/**
 * The real pipeline for end-to-end tests of the guards: a config file on disk → loadCliConfig → compose
 * (built-in plugins, strategies, simulated broker) → host. Bars are replayed by the simulated broker.
 */
import { DateTime } from 'luxon';
import { compose, replayFeed, type Runtime } from '../../core/cli/compose.js';
import { loadCliConfig } from '../../core/cli/load.js';
import type { SimBroker } from '../../core/brokers/sim/broker.js';
import type { Bar } from '../../core/domain/types.js';
import { EXCHANGE_ZONE, ManualClock } from '../../core/market/clock.js';
import { writeConfig } from './cli.js';
import { barSource } from './market.js';

/** One bar at the open of 2 March 2026, so the replay clock starts at 09:30 New York. */
export const ONE_BAR_CSV = 'time,symbol,open,high,low,close,volume\n2026-03-02T09:30:00-05:00,SPY,100,100,100,100,100000\n';

/** A config on the bundled-style CSV above, with exact prices (no slippage, no costs) and a strategy that never trades in a few bars. */
export function guardConfig(sections: { broker?: string; safety?: string } = {}): string {
  return [
    'version: 1',
    'account:',
    '  startingCash: 100000',
    'broker:',
    '  kind: sim',
    '  latencyMs: 0',
    '  fillModel:',
    '    slippage: { model: none }',
    ...(sections.broker ?? '').split('\n').filter((l) => l !== '').map((l) => `  ${l}`),
    'data:',
    '  source: csv',
    '  path: ./bars.csv',
    '  barSeconds: 60',
    'log:',
    '  level: silent',
    'safety:',
    '  costs: { plan: zero }',
    ...(sections.safety ?? '').split('\n').filter((l) => l !== '').map((l) => `  ${l}`),
    'strategies:',
    '  - id: idle',
    '    kind: ma-crossover',
    '    symbols: [SPY]',
    '    params: { fast: 50, slow: 100 }',
    '    sizing: { quantity: 1 }',
    '',
  ].join('\n');
}

export interface Pipeline {
  readonly file: string;
  readonly runtime: Runtime;
  readonly sim: SimBroker;
  /** Starts the host and subscribes it to SPY bars. */
  start(): Promise<void>;
  /** Replays `bars` through the simulated broker and waits until the host handled every event. */
  play(bars: readonly Bar[]): Promise<void>;
}

export function writeGuardConfig(text: string): string {
  return writeConfig(text, { 'bars.csv': ONE_BAR_CSV });
}

export async function pipeline(file: string, options: { durableState?: boolean; replayClock?: (firstBarMs: number) => ManualClock } = {}): Promise<Pipeline> {
  const { file: configFile, config } = await loadCliConfig(file);
  const runtime = await compose(configFile, config, { logFd: 2, logLevel: 'silent', ...options });
  const { broker: sim } = replayFeed(runtime);
  return {
    file: configFile,
    runtime,
    sim,
    start: async () => {
      await runtime.host.start();
      await runtime.host.watch(['SPY']);
    },
    play: async (bars) => {
      await sim.replay(barSource(bars), {}, new AbortController().signal);
      await runtime.host.idle();
    },
  };
}

/**
 * A replay clock that also runs with the wall clock, for the tests whose subject is real time (the rate
 * limiter against the broker's timestamps); a replay may still move it forward.
 */
export class RunningClock extends ManualClock {
  readonly #origin = performance.now();
  #base: number;

  constructor(startMs: number) {
    super(startMs);
    this.#base = startMs;
  }

  override nowMs(): number {
    return this.#base + Math.floor(performance.now() - this.#origin);
  }

  override now(): DateTime {
    return DateTime.fromMillis(this.nowMs(), { zone: EXCHANGE_ZONE });
  }

  override set(ms: number): void {
    const now = this.nowMs();
    if (ms < now) throw new RangeError(`expected a time on or after ${now}, was ${ms}`);
    this.#base += ms - now;
  }
}
