/**
 * The composition root: the one place that turns a validated config into a running system — calendar,
 * clock, logger, broker, host, built-in plugins, then strategies. The core never imports plugins/ or
 * strategies/; only this file wires them together.
 */
import { ibLinkOptions } from './ib-link-options.js';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { decimalFromNumber } from '../domain/money.js';
import { Host } from '../host/host.js';
import { SqliteJournal } from '../journal/journal.js';
import { openConfigJournal } from './journal-file.js';
import type { CodeOwner } from './last-resort.js';
import type { LoadedPlugin } from '../host/load-plugins.js';
import type { WrittenValues } from './shown-path.js';
import { createLogger, type Logger, type LogLevel, type LogSink } from '../log.js';
import { loadExchangeCalendar, type ExchangeCalendar } from '../market/calendar.js';
import { ManualClock, SystemClock, type Clock } from '../market/clock.js';
import type { BrokerPort } from '../brokers/port.js';
import { SimBroker } from '../brokers/sim/broker.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { csvPathSource } from '../data/csv-folder.js';
import { cacheBarSource, cachedDays } from '../data/cache-source.js';
import { cacheSelectionOf, strategySymbols } from '../data/cache-config.js';
import { generatedBarSource } from '../brokers/sim/data/generated.js';
import type { RoboConfig } from '../config/schema.js';
import type { RateBook } from '../../plugins/costs/tables.js';
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';
import { installStrategies, type InstalledStrategy } from '../../strategies/runner.js';
import type { StrategyKind } from '../../strategies/sdk.js';
import { strategyRequests } from '../config/load.js';

/** How bars arrive: replayed by the simulated broker from a source, or live from Interactive Brokers. */
export type Feed =
  | { readonly kind: 'replay'; readonly broker: SimBroker; readonly source: BarSource }
  /** `stoppedByItself` settles only if the broker gives up for good (the account changed under it). */
  | { readonly kind: 'live'; readonly stoppedByItself: Promise<Error> };

export interface Runtime {
  readonly config: RoboConfig;
  readonly host: Host;
  readonly broker: BrokerPort;
  readonly feed: Feed;
  readonly clock: Clock;
  readonly log: Logger;
  /** The exchange calendar the host and its guards trade by: the built-in one, or the config's with its additions. */
  readonly calendar: ExchangeCalendar;
  /** The third-party plugins and their folders, so an error that escapes can be named after its plugin. */
  readonly owners: readonly CodeOwner[];
  /** The strategies as installed: a live run warms them up on the broker's historical bars before trading. */
  readonly strategies: readonly InstalledStrategy[];
}

/** The replay of a simulated run; a live (IB) run has none, and asking for it is a usage error. */
export function replayFeed(runtime: Runtime): Extract<Feed, { kind: 'replay' }> {
  if (runtime.feed.kind !== 'replay') throw notReplayable(runtime.config);
  return runtime.feed;
}

/** Why a config whose broker trades live bars cannot be replayed (backtest, sweep): said before anything is composed when the caller can. */
export function notReplayable(config: RoboConfig): RoboError {
  return new RoboError('ROBO_ERR_USAGE', `this command replays market data, but broker kind ${config.broker.kind} trades live bars; use broker kind sim with data source generated or csv`);
}

type SimBrokerConfig = Extract<RoboConfig['broker'], { kind: 'sim' }>;
type IbBrokerConfig = Extract<RoboConfig['broker'], { kind: 'ib' }>;

export interface ComposeOptions {
  /** Where logs go: stdout for `robo start`, stderr when stdout carries a result. */
  readonly logFd: 1 | 2;
  readonly logLevel?: LogLevel;
  /** JSON log lines into this sink instead of `logFd` (a sweep's worker thread keeps them in memory). */
  readonly logSink?: LogSink;
  readonly pretty?: boolean;
  /** JSON log lines written in 8 KB blocks and at exit (log.ts): for replays run as fast as possible, never for a live session. */
  readonly bufferLogs?: boolean;
  /** `robo start` journals to a file next to the config (orders, events, plugin state); a backtest keeps its journal in memory. */
  readonly durableState?: boolean;
  /** Tests where real time is the subject (the rate limiter) pass a replay clock that also runs with the wall clock. */
  readonly replayClock?: (firstBarMs: number) => ManualClock;
  /** What the command line confirmed for live trading (`--live --confirm-account <id>`); IB only. */
  readonly liveConfirmation?: { readonly live: boolean; readonly account?: string | undefined };
  /** How long one tap may take (default 5 s); tests of a hanging plugin shorten it. */
  readonly tapTimeoutMs?: number;
  /** The fee tables with the config's own rates merged in, as `loadCliConfig` read them; absent, the built-in ones plus `safety.costs.rates`. */
  readonly rateBook?: RateBook;
  /** The config's third-party plugins as `loadCliConfig` loaded them; absent, they are loaded here. */
  readonly plugins?: readonly LoadedPlugin[];
  /** The strategy kinds as `loadCliConfig` loaded them (built-ins, packages, modules); absent, those the config names are loaded here. */
  readonly strategyKinds?: ReadonlyMap<string, StrategyKind<never>>;
  /** The config's calendar as `loadCliConfig` built it (with `calendar.additionsFile`); absent, the built-in one. */
  readonly calendar?: ExchangeCalendar;
  /** The CSV source `requireUsableBars` already read whole: the replay reuses it instead of scanning the file for its symbols again. */
  readonly checkedBars?: BarSource;
  /** What the replay reads instead of the config's data as it is: the bars of `--from`..`--to`, watched for progress. */
  readonly shapeBars?: (source: BarSource) => BarSource;
  /** A value's text as the config writes it when the environment built it (LoadedConfig.writtenAs): how logs name the journal. */
  readonly writtenAs?: WrittenValues['writtenAs'];
}

export { stateFilePath } from './journal-file.js';

export async function compose(configFile: string, config: RoboConfig, options: ComposeOptions): Promise<Runtime> {
  const calendar = calendarOf(config, options.calendar);
  const logger = (clock: Clock): Logger => createLogger({ level: options.logLevel ?? config.log.level, fd: options.logFd, now: () => clock.nowMs(), buffered: options.bufferLogs === true, ...(options.logSink === undefined ? {} : { sink: options.logSink }), ...(options.pretty === undefined ? {} : { pretty: options.pretty }) });
  const { broker, feed, clock, log } = config.broker.kind === 'ib'
    ? await composeIb(config, config.broker, options, logger)
    : await composeSim(configFile, config, config.broker, calendar, logger, options.replayClock, options.checkedBars, options.shapeBars);
  const now = (): number => clock.nowMs();
  const journal = options.durableState ? await openConfigJournal(configFile, config.journal.path, { now, writer: 'robo start', written: options.writtenAs?.(['journal', 'path']) }) : SqliteJournal.scratch(now);
  const host = new Host({ broker, clock, calendar, log, journal, cancelOpenOrdersOnStop: config.shutdown.cancelOpenOrders, keepProtectiveExitsOnStop: config.shutdown.keepProtectiveExits, startingCash: decimalFromNumber(config.account.startingCash), maxPriceAgeMs: maxPriceAgeMs(config), ...(options.tapTimeoutMs === undefined ? {} : { tapTimeoutMs: options.tapTimeoutMs }) });
  for (const { plugin, configKey } of BUILTIN_PLUGINS) {
    const pluginOptions = configKey === 'costs' ? costOptions(config, options.rateBook)
      : configKey === 'riskLimits' ? { ...config.safety.riskLimits, strategyLimits: Object.fromEntries(config.strategies.map((s) => [s.id, s.limits ?? {}])) }
      : (config.safety as Record<string, unknown>)[configKey] ?? {};
    await host.install(plugin, pluginOptions as never);
  }
  // Third-party plugins after the built-ins, so the guards' taps come first; before the strategies.
  // Their installer, like the IB adapter below, is imported only when the config asks for it: startup
  // time goes to what this run uses (docs/performance.md).
  const thirdParty = options.plugins ?? await pluginsOf(configFile, config);
  if (thirdParty.length > 0) await (await import('../host/install-third-party.js')).installThirdParty(host, config.plugins, thirdParty);
  const kinds = options.strategyKinds ?? await strategyKindsOf(configFile, config);
  // A kind from outside Robo gets its params with its schema's defaults filled in (the loader, with ajv, is imported only then).
  const external = config.strategies.some((strategy) => !STRATEGY_KINDS.has(strategy.module ?? strategy.kind ?? ''));
  const { paramsWithDefaults } = external ? await import('../../strategies/load-kinds.js') : { paramsWithDefaults: undefined };
  const withDefaults = (strategy: RoboConfig['strategies'][number]): RoboConfig['strategies'][number] => {
    const key = strategy.module ?? strategy.kind ?? '';
    const kind = kinds.get(key);
    return paramsWithDefaults === undefined || kind === undefined || STRATEGY_KINDS.has(key) ? strategy : { ...strategy, params: paramsWithDefaults(kind, strategy.params) as typeof strategy.params };
  };
  const strategies = installStrategies(host, config.strategies.map(withDefaults), kinds, config.data.barSeconds);
  const owners = thirdParty.map((loaded) => ({ name: `plugin ${loaded.package}`, dir: realpathSync(loaded.dir) }));
  return { config, host, broker, feed, clock, log, calendar, owners, strategies };
}

/** The config's price age limit, or three bar lengths and at least a minute: a price is due once a bar. */
function maxPriceAgeMs(config: RoboConfig): number {
  return 1000 * (config.safety.riskLimits.maxPriceAgeSeconds ?? Math.max(60, 3 * config.data.barSeconds));
}

/** Cost accounting cannot read the config's rates files itself: it is handed the tables loadCliConfig made of them. */
function costOptions(config: RoboConfig, rateBook: RateBook | undefined): object {
  if (rateBook !== undefined) return { ...config.safety.costs, rateBook };
  if (config.safety.costs.ratesFiles.length > 0) {
    throw new RoboError('ROBO_ERR_INTERNAL', 'compose() was given a config with safety.costs.ratesFiles but not the rate tables loadCliConfig built from them');
  }
  return config.safety.costs;
}

/** Without the calendar loadCliConfig built, only the built-in one: an additions file is read (and its errors located) there. */
function calendarOf(config: RoboConfig, given: ExchangeCalendar | undefined): ExchangeCalendar {
  if (given !== undefined) return given;
  if (config.calendar?.additionsFile !== undefined) {
    throw new RoboError('ROBO_ERR_INTERNAL', 'compose() was given a config with calendar.additionsFile but not the calendar loadCliConfig built from it');
  }
  return loadExchangeCalendar('XNYS');
}

/** For callers that validated the config themselves: load its plugins the same way `loadCliConfig` does (imports are cached). */
async function pluginsOf(configFile: string, config: RoboConfig): Promise<readonly LoadedPlugin[]> {
  if (config.plugins.length === 0) return [];
  const { loadPluginPackages } = await import('../host/load-plugins.js');
  const load = await loadPluginPackages(configFile, config.plugins.map((p, index) => ({ index, package: p.package })), BUILTIN_PLUGINS.map((b) => b.plugin.name));
  const problem = load.problems[0];
  if (problem !== undefined) throw new RoboError(problem.code, `${configFile}: plugins[${problem.index}]: ${problem.message}`);
  return load.plugins;
}

/** For callers that validated the config themselves: load its kinds from packages and modules as `loadCliConfig` does. */
async function strategyKindsOf(configFile: string, config: RoboConfig): Promise<ReadonlyMap<string, StrategyKind<never>>> {
  const requests = strategyRequests(config, STRATEGY_KINDS);
  if (requests.length === 0) return STRATEGY_KINDS;
  const { loadStrategyKinds } = await import('../../strategies/load-kinds.js');
  const load = await loadStrategyKinds(configFile, requests);
  const problem = load.problems[0];
  if (problem !== undefined) throw new RoboError(problem.code, `${configFile}: strategies[${problem.index}].${problem.field}: ${problem.message}`);
  return new Map([...STRATEGY_KINDS, ...load.kinds]);
}

type BrokerParts = Pick<Runtime, 'broker' | 'feed' | 'clock' | 'log'>;

/** The simulated broker replays the configured data on a manual clock that starts at the first bar. */
async function composeSim(configFile: string, config: RoboConfig, sim: SimBrokerConfig, calendar: ExchangeCalendar, logger: (clock: Clock) => Logger, replayClock?: (firstBarMs: number) => ManualClock, checkedBars?: BarSource, shapeBars?: (source: BarSource) => BarSource): Promise<BrokerParts> {
  const data = checkedBars ?? barSourceFor(configFile, config, calendar);
  const source = shapeBars?.(data) ?? data;
  const firstBarMs = await firstBarTime(source);
  const clock = replayClock?.(firstBarMs) ?? new ManualClock(firstBarMs);
  const broker = new SimBroker({
    clock,
    latencyMs: sim.latencyMs,
    maxShareOfBarVolume: sim.fillModel.maxShareOfBarVolume,
    slippage: sim.fillModel.slippage,
    rejectProbability: sim.rejectProbability,
    seed: sim.seed,
  });
  return { broker, feed: { kind: 'replay', broker, source }, clock, log: logger(clock) };
}

/** Interactive Brokers trades in real time: the system clock (held to TWS's clock), bars from IB, nothing replayed. */
async function composeIb(config: RoboConfig, ib: IbBrokerConfig, options: ComposeOptions, logger: (clock: Clock) => Logger): Promise<BrokerParts> {
  const data = config.data;
  if (data.source !== 'broker') throw new RoboError('ROBO_ERR_CONFIG_INVALID', `broker kind ib takes its bars from IB: data.source must be broker, was ${data.source}`);
  const [{ BrokerTimeClock }, { IbBroker }] = await Promise.all([import('../brokers/ib/broker-clock.js'), import('../brokers/ib/ib-broker.js')]);
  const clock = new BrokerTimeClock(new SystemClock());
  const log = logger(clock);
  const broker = new IbBroker({
    ...ibLinkOptions(config, ib),
    confirmation: options.liveConfirmation ?? { live: false },
    bars: { barSeconds: data.barSeconds, whatToShow: data.whatToShow, useRth: data.useRth },
    outsideRth: config.safety.riskLimits.tradingHours === 'extended',
    clock,
    log: log.child({ broker: 'ib' }),
    onBrokerTime: (brokerMs, localMs) => clock.sync(brokerMs, localMs),
  });
  return { broker, feed: { kind: 'live', stoppedByItself: broker.stoppedByItself }, clock, log };
}

function barSourceFor(configFile: string, config: RoboConfig, calendar: ExchangeCalendar): BarSource {
  const data = config.data;
  if (data.source === 'broker') throw new RoboError('ROBO_ERR_CONFIG_INVALID', 'data.source broker needs broker kind ib; the simulated broker replays generated or csv data');
  if (data.source === 'csv') {
    return csvPathSource(resolve(dirname(configFile), data.path), { barSeconds: data.barSeconds });
  }
  if (data.source === 'cache') {
    const selection = cacheSelectionOf(configFile, data, strategySymbols(config));
    return cacheBarSource(selection, cachedDays(selection, calendar));
  }
  const sessions = tradingSessions(calendar, data.start, data.days);
  return generatedBarSource({ symbols: data.symbols, sessions, barSeconds: data.barSeconds, seed: data.seed, ...(data.startPrice === undefined ? {} : { startPrice: data.startPrice }) });
}

/** The first `days` regular sessions on or after `start`, from the exchange calendar (fails closed past its coverage). */
function tradingSessions(calendar: ExchangeCalendar, start: string, days: number): { openMs: number; closeMs: number }[] {
  const sessions = calendar.sessionsFrom(start, days);
  if (sessions.length < days) {
    throw new RoboError('ROBO_ERR_CALENDAR_COVERAGE', `data.days asks for ${days} trading days from ${start}, but the calendar only covers ${sessions.length} of them (up to ${calendar.coverage.to})`);
  }
  return sessions;
}

/** Where the clock starts: at the first bar's open, so the first log lines carry market time. */
async function firstBarTime(source: BarSource): Promise<number> {
  for await (const bar of source.bars()) return bar.time;
  throw new RoboError('ROBO_ERR_DATA_INVALID', 'the market data has no bars');
}
