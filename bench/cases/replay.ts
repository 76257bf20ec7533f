/**
 * Replay through the real engine of `robo backtest` — `compose()` (calendar, clock, logger, SimBroker,
 * Host, every built-in plugin, the strategies) then `runSession()` — against a bare loop that feeds the
 * same bars from the same source to the same strategies with nothing else around them.
 */
import { compose, replayFeed } from '../../core/cli/compose.js';
import { runSession } from '../../core/cli/session.js';
import { ZERO, decimalFromNumber, regNmsTick, snapToTick, type Decimal } from '../../core/domain/money.js';
import { silentLogger } from '../../core/log.js';
import { loadExchangeCalendar } from '../../core/market/calendar.js';
import { BUILTIN_PLUGINS, type BuiltinPlugin } from '../../plugins/index.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';
import type { IntentDraft, StrategyContext, StrategyKind } from '../../strategies/sdk.js';
import { loadBenchConfig } from '../lib/configs.js';
import { noopPlugins } from '../lib/noop-plugins.js';

export interface ReplayCounts {
  readonly bars: number;
  readonly orders: number;
  readonly fills: number;
  readonly vetoes: number;
  readonly tapFailures: number;
}

/** A replay ready to run once: everything is composed before, so the timed part is the replay alone. */
export type PreparedReplay = () => Promise<ReplayCounts>;

export interface HostReplayOptions {
  /** Third-party-style no-op plugins installed after the built-ins. */
  readonly noop?: number;
  /**
   * For the breakdown only: keep just these built-in plugins (by name). The worker process that asks
   * for it exists for this one case, so trimming the built-in list there changes nothing elsewhere.
   */
  readonly onlyBuiltins?: readonly string[];
}

/**
 * Composes `file` the way `robo backtest` does (logs to stderr at the config's level, state in memory),
 * installs `noop` third-party-style plugins after the built-ins, and returns the replay.
 */
export async function prepareHostReplay(file: string, options: HostReplayOptions = {}): Promise<PreparedReplay> {
  if (options.onlyBuiltins !== undefined) keepBuiltins(options.onlyBuiltins);
  const { file: resolved, config } = await loadBenchConfig(file);
  const runtime = await compose(resolved, config, { logFd: 2, bufferLogs: true }); // as robo backtest composes it
  for (const plugin of noopPlugins(options.noop ?? 0)) await runtime.host.install(plugin, {});
  return async () => {
    const summary = await runSession(runtime, { signal: new AbortController().signal });
    if (summary.end !== 'end-of-data') throw new Error(`the replay ended ${summary.end}, expected end-of-data`);
    const { stats } = runtime.host;
    return { bars: stats.bars, orders: summary.orders.total, fills: stats.fills, vetoes: stats.vetoCount(), tapFailures: [...stats.tapFailures.values()].reduce((a, b) => a + b, 0) };
  };
}

/**
 * The baseline: the same bar source (taken from the same `compose()`), the same strategy kinds with the
 * same params, called in a plain `for await` loop. Orders fill at once in a local position map; no
 * host, plugins, broker, portfolio or logging.
 */
export async function prepareBareReplay(file: string): Promise<PreparedReplay> {
  const { file: resolved, config } = await loadBenchConfig(file);
  const runtime = await compose(resolved, config, { logFd: 2, logLevel: 'silent' });
  let orders = 0;
  const strategies = config.strategies.map((s) => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it widens StrategyKind<never>: without it tsc refuses create()
    const kind = STRATEGY_KINDS.get(s.kind ?? '') as StrategyKind | undefined;
    if (!kind) throw new Error(`the bare replay runs built-in kinds only, not ${s.kind ?? s.module ?? 'a strategy without a kind'}`);
    const context = bareContext(s.id, s.symbols, s.sizing.quantity ?? 100, () => { orders++; });
    return { symbols: new Set(s.symbols), strategy: kind.create(context, s.params, s) };
  });
  return async () => {
    let bars = 0;
    // Read and called the way the host's replay does: a batch at a time, waiting only for a strategy that returns a promise.
    for await (const batch of replayFeed(runtime).source.batches()) {
      for (const bar of batch) {
        bars++;
        for (const s of strategies) {
          if (!s.symbols.has(bar.symbol)) continue;
          const pending = s.strategy.onBar(bar);
          if (pending !== undefined) await pending;
        }
      }
    }
    return { bars, orders, fills: orders, vetoes: 0, tapFailures: 0 };
  };
}

function keepBuiltins(names: readonly string[]): void {
  const list = BUILTIN_PLUGINS as BuiltinPlugin[];
  const kept = list.filter((b) => names.includes(b.plugin.name));
  list.splice(0, list.length, ...kept);
}

function bareContext(id: string, symbols: readonly string[], quantity: number, counted: () => void): StrategyContext {
  const positions = new Map<string, Decimal>();
  const log = silentLogger();
  return {
    id,
    symbols,
    quantity: decimalFromNumber(quantity),
    log,
    clock: { nowMs: () => 0, now: () => { throw new Error('the bare loop has no clock'); } },
    calendar: loadExchangeCalendar('XNYS'),
    equity: () => decimalFromNumber(100_000),
    averageCost: () => ZERO,
    size: () => ({ quantity: decimalFromNumber(quantity), why: 'the bare loop trades a fixed quantity' }),
    position: (symbol) => positions.get(symbol) ?? ZERO,
    openOrders: () => [],
    submit: (async (draft: IntentDraft) => {
      counted();
      const held = positions.get(draft.symbol) ?? ZERO;
      positions.set(draft.symbol, draft.side === 'BUY' ? held.plus(draft.quantity) : held.minus(draft.quantity));
      return { kind: 'vetoed', veto: { by: 'bench:bare-loop', reason: 'the bare loop has no broker' } };
    }) as StrategyContext['submit'],
    modify: async () => ({ kind: 'vetoed', veto: { by: 'bench:bare-loop', reason: 'the bare loop has no broker' } }),
    cancel: async () => undefined,
    limitPrice: (price, side) => {
      const value = decimalFromNumber(price);
      return snapToTick(value, regNmsTick(value), side);
    },
  };
}
