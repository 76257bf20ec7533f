/**
 * The composition root: the one place that turns a validated config into a running system — calendar,
 * clock, logger, broker, host, built-in plugins, then strategies. The core never imports plugins/ or
 * strategies/; only this file wires them together.
 */
import { dirname, join, resolve } from 'node:path';
import { RoboError } from '../domain/errors.js';
import { decimalFromNumber } from '../domain/money.js';
import { Host } from '../host/host.js';
import { FileStateStore, MemoryStateStore } from '../host/state-store.js';
import { createLogger, type Logger, type LogLevel } from '../log.js';
import { loadExchangeCalendar, type ExchangeCalendar } from '../market/calendar.js';
import { ManualClock } from '../market/clock.js';
import { SimBroker } from '../brokers/sim/broker.js';
import type { BarSource } from '../brokers/sim/data/bar-source.js';
import { csvBarSource } from '../brokers/sim/data/csv.js';
import { generatedBarSource } from '../brokers/sim/data/generated.js';
import type { RoboConfig } from '../config/schema.js';
import { BUILTIN_PLUGINS } from '../../plugins/index.js';
import { STRATEGY_KINDS } from '../../strategies/index.js';
import { installStrategies } from '../../strategies/runner.js';

export interface Runtime {
  readonly config: RoboConfig;
  readonly host: Host;
  readonly broker: SimBroker;
  readonly source: BarSource;
  readonly clock: ManualClock;
  readonly log: Logger;
}

export interface ComposeOptions {
  /** Where logs go: stdout for `robo start`, stderr when stdout carries a result. */
  readonly logFd: 1 | 2;
  readonly logLevel?: LogLevel;
  readonly pretty?: boolean;
  /** `robo start` keeps plugin state (a circuit-breaker halt) in a file next to the config; a backtest keeps it in memory. */
  readonly durableState?: boolean;
}

/** Where `robo start` keeps durable plugin state for a config. */
export function stateFilePath(configFile: string): string {
  return join(dirname(configFile), '.robo', 'state.json');
}

export async function compose(configFile: string, config: RoboConfig, options: ComposeOptions): Promise<Runtime> {
  const calendar = loadExchangeCalendar('XNYS');
  const source = barSourceFor(configFile, config, calendar);
  const clock = new ManualClock(await firstBarTime(source));
  const log = createLogger({ level: options.logLevel ?? config.log.level, fd: options.logFd, now: () => clock.nowMs(), ...(options.pretty === undefined ? {} : { pretty: options.pretty }) });
  const broker = new SimBroker({
    clock,
    latencyMs: config.broker.latencyMs,
    maxShareOfBarVolume: config.broker.fillModel.maxShareOfBarVolume,
    rejectProbability: config.broker.rejectProbability,
    seed: config.broker.seed,
  });
  const store = options.durableState ? new FileStateStore(stateFilePath(configFile)) : new MemoryStateStore();
  const host = new Host({ broker, clock, calendar, log, store, startingCash: decimalFromNumber(config.account.startingCash) });
  for (const { plugin, configKey } of BUILTIN_PLUGINS) {
    await host.install(plugin, ((config.safety as Record<string, unknown>)[configKey] ?? {}) as never);
  }
  installStrategies(host, config.strategies, STRATEGY_KINDS);
  return { config, host, broker, source, clock, log };
}

function barSourceFor(configFile: string, config: RoboConfig, calendar: ExchangeCalendar): BarSource {
  const data = config.data;
  if (data.source === 'csv') {
    return csvBarSource(resolve(dirname(configFile), data.path), { barSeconds: data.barSeconds });
  }
  const sessions = tradingSessions(calendar, data.start, data.days);
  return generatedBarSource({ symbols: data.symbols, sessions, barSeconds: data.barSeconds, seed: data.seed, ...(data.startPrice === undefined ? {} : { startPrice: data.startPrice }) });
}

/** The first `days` regular sessions on or after `start`, from the exchange calendar (fails closed past its coverage). */
function tradingSessions(calendar: ExchangeCalendar, start: string, days: number): { openMs: number; closeMs: number }[] {
  const sessions = calendar.sessionsBetween(start, calendar.coverage.to).slice(0, days);
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
