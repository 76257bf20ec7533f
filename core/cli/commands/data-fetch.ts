/**
 * `robo data fetch`: IB's historical bars for some symbols and dates, downloaded through the config's
 * IB broker (the same link and pacing the host uses) into the cache next to the config, one file per
 * symbol, bar length and day; a rerun fetches only the days still missing. See docs/data.md.
 */
import { ibLinkOptions } from '../ib-link-options.js';
import { dirname, resolve } from 'node:path';
import { RoboError } from '../../domain/errors.js';
import { createLogger, type LogLevel } from '../../log.js';
import { EXCHANGE_ZONE, SystemClock } from '../../market/clock.js';
import { realTimers } from '../../host/timers.js';
import { DEFAULT_CACHE_PATH } from '../../data/cache-layout.js';
import { LinkWatch } from '../../data/link-watch.js';
import { fetchArguments, requireCoveredRange, type FetchArguments, type FetchCommandOptions } from '../../data/fetch-arguments.js';
import { sessionsBetween } from '../../data/fetch-plan.js';
import { fetchToCache, type FetchReport } from '../../data/fetch.js';
import { loadCliConfig, type CliConfig } from '../load.js';
import { progressBar } from '../progress.js';
import { shownFromHere } from '../shown-path.js';
import { abortOnSignals, type SignalAbort } from './signals.js';

export type { FetchCommandOptions };

/**
 * The longest pacing wait a request may take: IB's ten-minute rule for bars of 30 seconds or less can
 * hold the 61st request that long. A download waits it out; a warm-up (ten seconds) would not.
 */
const MAX_PACING_WAIT_MS = 11 * 60_000;

const DEFAULT_CONFIG = 'robo.config.yaml';

/** How long a fetch waits for a dropped link to come back: a few of the adapter's reconnect attempts. */
function linkBackMs(connectTimeoutMs: number): number {
  return Math.max(10_000, 3 * connectTimeoutMs);
}

export async function dataFetchCommand(options: FetchCommandOptions): Promise<void> {
  const clock = new SystemClock();
  const today = clock.now().setZone(EXCHANGE_ZONE).toFormat('yyyy-MM-dd');
  const args = fetchArguments(options, today);
  // Ctrl-C, SIGTERM or a closed terminal stops the fetch the normal way: the link closed, whole days only, what is cached said.
  const signals = abortOnSignals();
  try {
    const loaded = await loadCliConfig(options.config ?? DEFAULT_CONFIG);
    requireCoveredRange(args, loaded.calendar.coverage);
    const { report, stoppedBy } = await fetchWithBroker(loaded, args, options, signals);
    // In JSON, `stopped` names the signal, and is there only when one stopped the fetch.
    const { stopped: _stopped, ...counted } = report;
    const json = { ...counted, ...(stoppedBy === undefined ? {} : { stopped: stoppedBy }), from: args.from, to: args.to };
    process.stdout.write(options.json === true ? `${JSON.stringify(json)}\n` : `${describe(report, args, stoppedBy)}\n`);
  } finally {
    signals.release();
  }
}

async function fetchWithBroker(loaded: CliConfig, args: FetchArguments, options: FetchCommandOptions, signals: SignalAbort): Promise<{ readonly report: FetchReport; readonly stoppedBy: NodeJS.Signals | undefined }> {
  const { config, calendar, file } = loaded;
  const ib = config.broker;
  if (ib.kind !== 'ib') {
    throw new RoboError('ROBO_ERR_USAGE', `--config: expected a config whose broker is Interactive Brokers (broker kind ib), was broker kind ${ib.kind} in ${file}`, {
      details: ['  robo data fetch downloads through TWS or IB Gateway: name the config robo start uses with IB'],
    });
  }
  const root = options.cache === undefined ? resolve(dirname(resolve(file)), DEFAULT_CACHE_PATH) : resolve(options.cache);
  const sessions = sessionsBetween(calendar, args.from, args.to);
  const [{ BrokerTimeClock }, { IbBroker }] = await Promise.all([import('../../brokers/ib/broker-clock.js'), import('../../brokers/ib/ib-broker.js')]);
  const clock = new BrokerTimeClock(new SystemClock());
  const log = createLogger({ level: (options.logLevel ?? 'warn') as LogLevel, fd: 2, now: () => clock.nowMs() });
  const broker = new IbBroker({
    ...ibLinkOptions(config, ib),
    confirmation: { live: false },
    // Live bars are never subscribed here; the broker wants their settings all the same.
    bars: { barSeconds: args.barSeconds, whatToShow: 'TRADES', useRth: true },
    clock,
    log: log.child({ broker: 'ib' }),
    onBrokerTime: (brokerMs, localMs) => clock.sync(brokerMs, localMs),
  });
  const link = new LinkWatch(realTimers, () => broker.state === 'ready');
  await broker.connect(link.onEvent);
  // A stop closes the link at once: the request out is settled by it, never waited for (its timeout, a pacing wait of minutes).
  let stoppedBy: NodeJS.Signals | undefined;
  let closing: Promise<void> | undefined;
  signals.whenSignalled((signal) => {
    stoppedBy = signal;
    log.warn({ signal }, `stopped by ${signal}: the day being fetched is not written, every day in the cache is whole; run the same command again to fetch the rest`);
    closing = broker.disconnect();
  });
  let progress = progressBar({ label: `fetch ${args.symbols.join(',')} ${args.bar}`, total: 0, unit: 'days', quiet: true });
  try {
    const report = await fetchToCache(
      { root, shownRoot: options.cache ?? shownFromHere(root), symbols: args.symbols, bar: args.bar, barSeconds: args.barSeconds, sessions },
      {
        bars: (span) => broker.historicalSpan(span, MAX_PACING_WAIT_MS),
        linkUp: () => broker.state === 'ready',
        linkBack: () => link.back(linkBackMs(ib.connectTimeoutMs)),
      },
      {
        onPlan: (total) => { progress = progressBar({ label: `fetch ${args.symbols.join(',')} ${args.bar}`, total, unit: 'days', quiet: options.json === true }); },
        onDay: (done, _total, note) => progress.update(done, note),
      },
      signals.signal,
    );
    return { report, stoppedBy };
  } finally {
    progress.stop();
    await (closing ?? broker.disconnect());
  }
}

function describe(report: FetchReport, args: FetchArguments, stoppedBy: NodeJS.Signals | undefined): string {
  const empty = report.emptyDays === 0 ? '' : `, ${report.emptyDays} of them with no bars at IB`;
  const drops = report.retriedAfterDrops === 0 ? '' : ` (${report.retriedAfterDrops} asked again after the link dropped)`;
  return [
    ...(stoppedBy === undefined ? [] : [`stopped by ${stoppedBy} before the end: run the same command again to fetch the days still missing`]),
    `fetched ${report.daysFetched} symbol-days of ${report.bar} bars (${report.symbols.join(', ')}, ${args.from} to ${args.to})${empty}; ${report.daysAlreadyCached} were cached already`,
    `${report.barsWritten} bars written in ${report.requests} requests to IB${drops}`,
    `cache: ${report.path}`,
  ].join('\n');
}
