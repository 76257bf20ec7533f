/**
 * `robo start <config> [--json]`: a live session — paced bars on the simulated broker, or Interactive Brokers
 * in real time — until Ctrl-C or the end of the data. `--live --confirm-account <id>` is the command
 * line's half of the live-trading guard; the config's `account.mode: live` is the other half.
 */
import { RoboError } from '../../domain/errors.js';
import type { LogLevel } from '../../log.js';
import { SystemClock } from '../../market/clock.js';
import { compose, type Runtime } from '../compose.js';
import { requireCoveredDates } from '../config-calendar.js';
import { coverageWarningsFor, logCoverageWarnings, today } from '../coverage.js';
import { requireUsableBars } from '../check-bars.js';
import { loadCliConfig } from '../load.js';
import { logRateNotices, rateNotices, requireRatedDates } from '../rate-notices.js';
import { requireCleanEnd, runSession } from '../session.js';
import { formatSummary } from '../summary.js';
import { abortOnSignals } from './signals.js';

export interface StartOptions {
  readonly logLevel?: string;
  readonly barsPerSecond?: number;
  readonly live?: boolean;
  readonly confirmAccount?: string;
  /** JSON lines only on stdout, the summary last; also whenever stdout is not a terminal, so a pipe never gets text in between. */
  readonly json?: boolean;
}

export async function startCommand(path: string, options: StartOptions): Promise<void> {
  // Taken before anything else: a signal while the config loads or the broker connects still ends the
  // run the normal way (the session starts, sees it, and stops), never the default death.
  const signals = abortOnSignals();
  try {
    const loaded = await loadCliConfig(path);
    const { file, config, plugins, strategyKinds, rateBook, calendar, writtenAs } = loaded;
    checkLiveFlags(config.broker.kind, config.account.mode, options);
    const asOf = today(new SystemClock());
    const range = requireCoveredDates(loaded, asOf.date);
    requireRatedDates(loaded, range);
    const checkedBars = await requireUsableBars(loaded);
    const json = options.json === true || !process.stdout.isTTY;
    const runtime = await compose(file, config, {
      logFd: 1,
      pretty: !json,
      durableState: true,
      ...(checkedBars ? { checkedBars } : {}),
      plugins,
      strategyKinds,
      rateBook,
      calendar,
      writtenAs,
      liveConfirmation: { live: options.live === true, account: options.confirmAccount },
      ...(options.logLevel ? { logLevel: options.logLevel as LogLevel } : {}),
    });
    signals.whenSignalled((signal) => runtime.log.info({ signal }, `received ${signal}, stopping`));
    signals.whenInsisted((signal) => leaveNow(runtime, signal));
    logCoverageWarnings(runtime.log, coverageWarningsFor(calendar, asOf));
    logRateNotices(runtime.log, rateNotices(rateBook, config, range));
    const barsPerSecond = config.data.source === 'broker' ? undefined : options.barsPerSecond ?? config.data.pace.barsPerSecond;
    const pace = barsPerSecond === undefined ? 'live bars from the broker' : `${barsPerSecond} bars per second`;
    runtime.log.info({ config: path, broker: config.broker.kind, strategies: config.strategies.map((s) => s.id), barsPerSecond }, `starting: ${pace}; press Ctrl-C to stop`);
    logFirstBar(runtime);
    const summary = await runSession(runtime, { ...(barsPerSecond === undefined ? {} : { barsPerSecond }), signal: signals.signal });
    runtime.log.info({ end: summary.end }, 'stopped');
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    requireCleanEnd(summary);
  } finally {
    signals.release();
  }
}

/**
 * Says once that market data flows: the first bar went through the host, every plugin and the strategies.
 * `npm run bench` times startup to this line (docs/performance.md). A sync tap after every other stage.
 */
function logFirstBar(runtime: Runtime): void {
  let seen = false;
  runtime.host.hooks.onBar.tap({ name: 'robo:start', stage: Number.MAX_SAFE_INTEGER }, (bar) => {
    if (seen) return;
    seen = true;
    runtime.log.info({ symbol: bar.symbol, time: bar.time }, `first bar processed (${bar.symbol})`);
  });
}

/** The flags only make sense together, with a real broker, and with a config that says live too. */
function checkLiveFlags(broker: string, mode: 'paper' | 'live', options: StartOptions): void {
  const live = options.live === true;
  const confirm = options.confirmAccount;
  if (!live && confirm === undefined) return;
  if (broker !== 'ib') throw new RoboError('ROBO_ERR_USAGE', `--live and --confirm-account apply to broker kind ib; this config uses broker kind ${broker}`);
  if (live && confirm === undefined) throw new RoboError('ROBO_ERR_USAGE', '--live needs --confirm-account <the exact account id you mean to trade>');
  if (!live) throw new RoboError('ROBO_ERR_USAGE', '--confirm-account is only read together with --live');
  if (mode !== 'live') throw new RoboError('ROBO_ERR_USAGE', '--live was given, but account.mode in the config is paper; both must say live to trade real money');
}

/**
 * A second signal while the shutdown still waits: the person will not wait for it. Say what is left
 * undone — the orders that may still be working at the broker — and end. The journal keeps them open
 * (it already holds every event committed so far), and the next start reconciles them first.
 */
function leaveNow(runtime: Runtime, signal: NodeJS.Signals): never {
  const open = runtime.host.orders.open();
  const lines = [`robo: ${signal} again: leaving before the shutdown finished`];
  if (open.length === 0) lines.push('  no order of Robo\'s is open');
  for (const order of open) lines.push(`  order ${order.id} (${order.intent.side} ${order.intent.quantity.toString()} ${order.intent.symbol}, ${order.state.kind}) may still be working at the broker`);
  lines.push('  the journal keeps these orders open; the next robo start reconciles them with the broker before it trades');
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(130);
}
