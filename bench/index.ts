/**
 * `npm run bench` — replay throughput, order-path latency, tick to order, startup, memory and scaling of
 * the real host, each figure next to a baseline measured in the same run (this machine is shared and
 * noisy; ratios travel, absolute figures do not). `--json` prints exactly one JSON object on stdout,
 * `--quick` runs small sizes for a smoke test (under a minute), `--profile` writes a CPU profile of the
 * 1M-bar replay and prints its top frames, `--startup` runs only the startup case, `--csv` only the CSV
 * replay case (the same bars from a CSV file against the generated source), `--rules` only the rules
 * strategy against the hand-written ma-crossover, `--sweep` only robo sweep on worker threads against
 * one thread running the same combinations. Progress goes to stderr. See docs/performance.md.
 *
 * Why tinybench (mitata would also do): it is maintained, has no dependencies, was already in the lock
 * file through vitest, times with process.hrtime, runs beforeEach/afterEach outside the timed region (so
 * composing a runtime is never timed), and keeps every sample, so p50/p99/p99.9 come from the real
 * distribution. Whole replays and child processes run a few long iterations through it; latency cases
 * thousands of short ones. Each in-process case runs in its own worker process (bench/worker.ts).
 */
import type { OrderPathResult } from './cases/order-path.js';
import { measureEcho } from './cases/echo.js';
import { measureStartup } from './cases/startup.js';
import { measureSweep } from './cases/sweep.js';
import { measureTickToOrderTcp, type TickToOrderResult } from './cases/tick-to-order.js';
import { BUILTIN_PLUGINS } from '../plugins/index.js';
import { runJob } from './lib/child.js';
import { removeTempDirs, writeCsvTwin, writeReplayConfig } from './lib/configs.js';
import { profileReplay } from './lib/profile.js';
import { against, machine, median, plain, round, type Metric, type Report } from './lib/stats.js';
import type { PeakRssResult, ReplayResult } from './worker.js';

/** One generated data set: how many symbols, how many trading days, how long a bar. */
interface DataSet {
  readonly symbols: number;
  readonly days: number;
  readonly barSeconds: 1 | 5 | 60 | 300;
}

interface Sizes {
  /** One symbol, about a million bars: the throughput case. */
  readonly single: DataSet;
  /** 100 symbols. */
  readonly multi: DataSet;
  readonly replayWarmup: number;
  readonly replaySamples: number;
  /** Peak RSS: about 1M bars, about 10M bars, and 100 symbols with as many bars as the first. */
  readonly rssSmall: DataSet;
  readonly rssLarge: DataSet;
  readonly rssMulti: DataSet;
  readonly scaling: DataSet;
  /** The CSV replay against the generated replay of the same bars: one symbol, and five. */
  readonly csvSingle: DataSet;
  readonly csvMulti: DataSet;
  /** The replay with one built-in plugin at a time; absent, skipped. */
  readonly breakdown?: DataSet;
  readonly tick: DataSet;
  /** Tick to order over TCP: bars that each cause an order (the first tenth of them is warm-up), each tcpIntervalMs after the previous order. */
  readonly tcpBars: number;
  readonly tcpIntervalMs: number;
  /** The echo again with tcpIntervalMs of quiet before each round trip. */
  readonly pacedEchoSamples: number;
  readonly orderSamples: number;
  readonly orderWarmup: number;
  readonly echoSamples: number;
  readonly startupSamples: number;
  readonly startupWarmup: number;
  /** Each of the sweep case's eight runs replays this. */
  readonly sweep: DataSet;
  readonly sweepRounds: number;
}

const FULL: Sizes = {
  single: { symbols: 1, days: 43, barSeconds: 1 }, // 1,006,200 bars
  multi: { symbols: 100, days: 13, barSeconds: 60 }, // 507,000 bars
  replayWarmup: 0, // a million bars warm the JIT up in their first percent
  replaySamples: 3,
  rssSmall: { symbols: 1, days: 43, barSeconds: 1 },
  rssLarge: { symbols: 1, days: 428, barSeconds: 1 }, // about 10M bars
  rssMulti: { symbols: 100, days: 26, barSeconds: 60 }, // 1,014,000 bars
  scaling: { symbols: 1, days: 2, barSeconds: 1 }, // 46,800 bars
  csvSingle: { symbols: 1, days: 20, barSeconds: 1 }, // 468,000 bars, 26 MB of CSV
  csvMulti: { symbols: 5, days: 20, barSeconds: 5 }, // 468,000 bars
  breakdown: { symbols: 1, days: 3, barSeconds: 1 }, // 70,200 bars, three times per plugin
  tick: { symbols: 1, days: 10, barSeconds: 1 },
  tcpBars: 1_500, // about a minute
  tcpIntervalMs: 40,
  pacedEchoSamples: 500,
  orderSamples: 10_000,
  orderWarmup: 2_000,
  echoSamples: 10_000,
  startupSamples: 10,
  startupWarmup: 1,
  sweep: { symbols: 1, days: 25, barSeconds: 1 }, // 585,000 bars a run: long enough that a worker's cold start (imports, JIT, about 0.8 s of CPU) is a small part of it
  sweepRounds: 3,
};

/** Small enough to finish in well under a minute on a busy 2-core machine: a smoke test of the harness, not figures. */
const QUICK: Sizes = {
  single: { symbols: 1, days: 1, barSeconds: 5 },
  multi: { symbols: 100, days: 1, barSeconds: 300 },
  replayWarmup: 0,
  replaySamples: 1,
  rssSmall: { symbols: 1, days: 1, barSeconds: 60 },
  rssLarge: { symbols: 1, days: 10, barSeconds: 60 },
  rssMulti: { symbols: 100, days: 1, barSeconds: 300 },
  scaling: { symbols: 1, days: 2, barSeconds: 60 },
  csvSingle: { symbols: 1, days: 2, barSeconds: 5 },
  csvMulti: { symbols: 5, days: 2, barSeconds: 60 },
  tick: { symbols: 1, days: 1, barSeconds: 5 },
  tcpBars: 100,
  tcpIntervalMs: 40,
  pacedEchoSamples: 50,
  orderSamples: 300,
  orderWarmup: 100,
  echoSamples: 500,
  startupSamples: 2,
  startupWarmup: 0,
  sweep: { symbols: 1, days: 5, barSeconds: 60 },
  sweepRounds: 1,
};

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--json', '--quick', '--profile', '--startup', '--csv', '--rules', '--sweep'].includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown option ${unknown.join(' ')}; expected --json, --quick, --profile, --startup, --csv, --rules or --sweep\n`);
  process.exit(2);
}
const quick = args.has('--quick');
const sizes = quick ? QUICK : FULL;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function describeData(d: DataSet): string {
  const bar = d.barSeconds === 60 ? '1-minute' : d.barSeconds === 300 ? '5-minute' : `${d.barSeconds}-second`;
  return `${d.symbols === 1 ? 'one symbol' : `${d.symbols} symbols`}, ${d.days} trading day${d.days === 1 ? '' : 's'} of ${bar} bars`;
}

function configFor(d: DataSet, strategies = 1): string {
  return writeReplayConfig({ ...d, strategies });
}

function barsPerSecond(result: ReplayResult): number {
  return result.counts.bars / (median(result.samplesMs) / 1000);
}

/** The host and the bare loop on the same data, each in its own worker, bare first. */
async function replayCase(d: DataSet): Promise<{ host: ReplayResult; bare: ReplayResult }> {
  const job = { kind: 'replay', config: configFor(d), warmup: sizes.replayWarmup, samples: sizes.replaySamples } as const;
  progress(`replay: ${describeData(d)} — the bare loop, then the host with every built-in plugin`);
  const bare = await runJob<ReplayResult>({ ...job, engine: 'bare' });
  const host = await runJob<ReplayResult>({ ...job, engine: 'host' });
  return { host, bare };
}

async function replayMetrics(metrics: Record<string, Metric>): Promise<void> {
  const one = await replayCase(sizes.single);
  const host = barsPerSecond(one.host);
  const bare = barsPerSecond(one.bare);
  const c = one.host.counts;
  const what = `${fmt(c.bars)} bars (${describeData(sizes.single)}), ${fmt(c.orders)} orders, ${fmt(c.fills)} fills, ${fmt(c.vetoes)} vetoes; median of ${sizes.replaySamples}`;
  metrics['replay_bars_per_s'] = against(host, bare, 'bars/s', `robo backtest's engine: every built-in plugin, the example strategy, default logging (to /dev/null); baseline: the bare loop; ${what}; target >= 1,000,000`);
  metrics['replay_bare_loop_bars_per_s'] = plain(bare, 'bars/s', 'the same bars from the same source to the same strategy in a plain for-await loop');
  metrics['replay_ratio_to_bare_loop'] = plain(host / bare, 'ratio', 'target >= 0.333');
  metrics['replay_cpu_bars_per_s'] = against(c.bars / (median(one.host.cpuMs) / 1000), c.bars / (median(one.bare.cpuMs) / 1000), 'bars/cpu-s', 'the same runs per CPU second of the worker (user + system): steadier than wall time on a shared machine');
  metrics['replay_bars_per_order'] = plain(c.bars / Math.max(1, c.orders), 'bars', 'the issue asks for orders every ~100 bars');
  if (c.tapFailures > 0) metrics['replay_tap_failures'] = plain(c.tapFailures, 'count', 'plugin failures during the replay: the figures above are suspect');

  const multi = await replayCase(sizes.multi);
  metrics['replay_100sym_bars_per_s'] = against(barsPerSecond(multi.host), barsPerSecond(multi.bare), 'bars/s', `${fmt(multi.host.counts.bars)} bars (${describeData(sizes.multi)}), ${fmt(multi.host.counts.orders)} orders, one strategy on all 100; baseline: the bare loop`);
}

/**
 * The same bars replayed by the same host twice: from the generated source, then from a CSV file holding
 * exactly those bars. The generated replay is the baseline; the goal is a ratio of 0.9 or more (reading
 * the CSV costs at most a tenth of the run). Alternated, so a noisy minute hurts both alike.
 */
async function csvMetrics(metrics: Record<string, Metric>): Promise<void> {
  for (const [name, d] of [['csv_replay_bars_per_s', sizes.csvSingle], [`csv_replay_${sizes.csvMulti.symbols}sym_bars_per_s`, sizes.csvMulti]] as const) {
    const generated = configFor(d);
    progress(`csv replay: ${describeData(d)} — writing the bars as CSV`);
    const csv = await writeCsvTwin(generated, d.barSeconds);
    const runs: { generated: number[]; csv: number[] } = { generated: [], csv: [] };
    let counts: ReplayResult['counts'] | undefined;
    for (let round = 0; round < sizes.replaySamples; round++) {
      progress(`csv replay: round ${round + 1} of ${sizes.replaySamples}, generated then CSV`);
      for (const [engine, config] of [['generated', generated], ['csv', csv]] as const) {
        const r = await runJob<ReplayResult>({ kind: 'replay', engine: 'host', config, warmup: 0, samples: 1 });
        runs[engine].push(barsPerSecond(r));
        if (engine === 'csv') counts = r.counts;
        else if (counts !== undefined && counts.orders !== r.counts.orders) throw new Error('the CSV twin traded differently from its generated source');
      }
    }
    const what = `${fmt(counts?.bars ?? 0)} bars (${describeData(d)}), ${fmt(counts?.orders ?? 0)} orders; robo backtest's engine from data.source: csv; baseline: the same engine on the same bars from data.source: generated; median of ${sizes.replaySamples}, alternated; goal ratio >= 0.9`;
    metrics[name] = against(median(runs.csv), median(runs.generated), 'bars/s', what);
  }
}

/**
 * A rules strategy against the hand-written ma-crossover on the same bars, both in the host: the same
 * crossover, written in YAML with a third indicator (an RSI) its entry also reads. Alternated, so a noisy
 * minute hurts both alike. The goal: within 1.5× of the hand-written one (ratio >= 0.667).
 */
async function rulesMetrics(metrics: Record<string, Metric>): Promise<void> {
  const d = sizes.single;
  const configs = { hand: writeReplayConfig({ ...d, strategies: 1 }), rules: writeReplayConfig({ ...d, strategies: 1, kind: 'rules' }) };
  const runs: { hand: number[]; rules: number[] } = { hand: [], rules: [] };
  let counts: ReplayResult['counts'] | undefined;
  for (let round = 0; round < sizes.replaySamples; round++) {
    progress(`rules replay: round ${round + 1} of ${sizes.replaySamples}, ma-crossover then the same as rules`);
    for (const engine of ['hand', 'rules'] as const) {
      const r = await runJob<ReplayResult>({ kind: 'replay', engine: 'host', config: configs[engine], warmup: 0, samples: 1 });
      runs[engine].push(barsPerSecond(r));
      if (engine === 'rules') counts = r.counts;
    }
  }
  const what = `${fmt(counts?.bars ?? 0)} bars (${describeData(d)}), ${fmt(counts?.orders ?? 0)} orders; a kind: rules strategy of three indicators (two SMAs, an RSI) and crosses_above/below; baseline: the hand-written ma-crossover on the same bars; median of ${sizes.replaySamples}, alternated; goal ratio >= 0.667 (within 1.5×)`;
  metrics['rules_replay_bars_per_s'] = against(median(runs.rules), median(runs.hand), 'bars/s', what);
}

/** The sweep's worker threads against one thread running the same combinations in turn: the goal is 1.6× or more on 2 cores. */
async function sweepMetrics(metrics: Record<string, Metric>): Promise<void> {
  const workers = 4;
  progress(`sweep: 8 combinations of ${describeData(sizes.sweep)}, --workers 1 then --workers ${workers}, ${sizes.sweepRounds} round(s)`);
  const r = await measureSweep(writeReplayConfig({ ...sizes.sweep, strategies: 1, logLevel: 'warn' }), { workers, rounds: sizes.sweepRounds });
  const one = median(r.oneThreadMs);
  const many = median(r.workersMs);
  const ceiling = median(r.machineParallelism);
  metrics['sweep_machine_parallelism'] = plain(ceiling, 'ratio', `what the machine allowed meanwhile: two robo backtest processes of one combination one after the other, over the two at once; median of ${sizes.sweepRounds}; about 2 on a quiet 2-core machine, near 1 when other work holds the cores`);
  metrics['sweep_speedup'] = against(one / many, 1, 'ratio', `robo sweep of ${r.runs} ma-crossover combinations (${describeData(sizes.sweep)} each) with --workers ${workers} (as many at a time as there are cores), ${round(many / 1000, 2)} s, against --workers 1 (one thread runs them in turn), ${round(one / 1000, 2)} s; whole commands, spawn to exit, median of ${sizes.sweepRounds}, alternated; both printed the same JSON; ${machine('full').cores} cores`);
  const backtests = median(r.backtestsMs);
  metrics['sweep_speedup_vs_backtests'] = against(backtests / many, 1, 'ratio', `the same sweep with --workers ${workers} against the ${r.runs} runs as robo backtest --set … --json commands one after another, ${round(backtests / 1000, 2)} s (each summary checked equal to its sweep row); median of ${sizes.sweepRounds}; goal >= 1.6 on 2 cores`);
}

async function breakdownMetrics(metrics: Record<string, Metric>): Promise<void> {
  const d = sizes.breakdown;
  if (d === undefined) return;
  const config = configFor(d);
  const nsPerBar = async (label: string, onlyBuiltins: readonly string[] | undefined): Promise<number> => {
    progress(`breakdown: ${label}`);
    const r = await runJob<ReplayResult>({ kind: 'replay', engine: 'host', config, warmup: 1, samples: 2, ...(onlyBuiltins ? { onlyBuiltins } : {}) });
    return (median(r.cpuMs) * 1e6) / r.counts.bars;
  };
  const none = await nsPerBar('the host with no built-in plugin', []);
  metrics['replay_cpu_ns_per_bar_no_plugins'] = plain(none, 'cpu-ns/bar', `the host, the example strategy, default logging, no plugin at all; ${describeData(d)}`);
  for (const { plugin } of BUILTIN_PLUGINS) {
    const alone = await nsPerBar(`${plugin.name} alone`, [plugin.name]);
    metrics[`replay_cpu_ns_per_bar_only_${metricName(plugin.name)}`] = against(alone, none, 'cpu-ns/bar', `the same with ${plugin.name} as the only plugin; baseline: no plugin`);
  }
}

function metricName(plugin: string): string {
  return plugin.replace(/^robo:/, '').replace(/[^a-z0-9]+/gi, '_').toLowerCase();
}

async function memoryMetrics(metrics: Record<string, Metric>): Promise<void> {
  const rss = async (d: DataSet): Promise<PeakRssResult> => {
    progress(`peak RSS: ${describeData(d)}, one replay in its own process`);
    return runJob<PeakRssResult>({ kind: 'peak-rss', config: configFor(d) });
  };
  const small = await rss(sizes.rssSmall);
  const large = await rss(sizes.rssLarge);
  const multi = await rss(sizes.rssMulti);
  const note = (r: PeakRssResult, d: DataSet): string => `${fmt(r.counts.bars)} bars (${describeData(d)}), ${fmt(r.counts.orders)} orders, ${round(r.ms / 1000, 1)} s`;
  metrics['replay_peak_rss_mb_1m'] = plain(small.maxRssMb, 'MB', `maxRSS of a worker that composed and replayed ${note(small, sizes.rssSmall)}`);
  metrics['replay_peak_rss_mb_10m'] = against(large.maxRssMb, small.maxRssMb, 'MB', `${note(large, sizes.rssLarge)}; baseline: the 1M-bar peak; target ratio <= 1.2`);
  metrics['replay_peak_rss_mb_100sym'] = against(multi.maxRssMb, small.maxRssMb, 'MB', `${note(multi, sizes.rssMulti)}; baseline: the 1M-bar peak of one symbol`);
  metrics['replay_rss_kb_per_symbol'] = plain(((multi.maxRssMb - small.maxRssMb) * 1024) / (sizes.rssMulti.symbols - 1), 'KB', '(100-symbol peak - one-symbol peak) / 99');
  metrics['replay_bytes_per_order_10m'] = plain(((large.maxRssMb - small.maxRssMb) * 2 ** 20) / Math.max(1, large.counts.orders - small.counts.orders), 'bytes', 'peak growth from 1M to 10M bars per extra order: the run keeps every order it placed');
}

async function scalingMetrics(metrics: Record<string, Metric>): Promise<void> {
  const d = sizes.scaling;
  const run = async (strategies: number, noop: number): Promise<{ ns: number; counts: string }> => {
    progress(`scaling: ${strategies} strategies, ${noop} third-party plugins`);
    const result = await runJob<ReplayResult>({ kind: 'replay', engine: 'host', config: configFor(d, strategies), noop, warmup: 1, samples: quick ? 1 : 2 });
    const c = result.counts;
    // CPU time of the worker, not wall time: the cost per bar, and much steadier on a shared machine.
    return { ns: (median(result.cpuMs) * 1e6) / c.bars, counts: `${fmt(c.orders)} orders, ${fmt(c.vetoes)} vetoes` };
  };
  const base = await run(1, 0);
  metrics['scaling_ns_per_bar_strategies_1'] = plain(base.ns, 'cpu-ns/bar', `CPU time per bar; ${describeData(d)}, every built-in plugin, no third-party plugin; ${base.counts}`);
  for (const n of [10, 100]) {
    const r = await run(n, 0);
    metrics[`scaling_ns_per_bar_strategies_${n}`] = against(r.ns, base.ns, 'cpu-ns/bar', `${n} ma-crossover strategies on the symbol, each with slightly different averages; ${r.counts}; baseline: 1`);
  }
  metrics['scaling_ns_per_bar_plugins_0'] = plain(base.ns, 'cpu-ns/bar', 'the same run as scaling_ns_per_bar_strategies_1');
  for (const n of [5, 20]) {
    const r = await run(1, n);
    metrics[`scaling_ns_per_bar_plugins_${n}`] = against(r.ns, base.ns, 'cpu-ns/bar', `${n} third-party no-op plugins (async taps on onBar, beforeOrder, afterFill) after the built-ins; ${r.counts}; baseline: 0`);
  }
}

async function orderPathMetrics(metrics: Record<string, Metric>): Promise<void> {
  progress('order path: the built-in plugins against the same hooks with no taps, then each plugin alone');
  const r = await runJob<OrderPathResult>({ kind: 'order-path', warmup: sizes.orderWarmup, samples: sizes.orderSamples });
  const sent = r.outcomes['sent'] ?? 0;
  const total = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
  const how = `submit -> acknowledgement -> one execution booked, logging off, ${fmt(sizes.orderSamples)} orders at one a second of market time; plugins: ${r.plugins.join(', ') || 'none'}; baseline: the same host with no taps`
    + (sent === total ? '' : `; WARNING only ${sent} of ${total} orders were sent (${JSON.stringify(r.outcomes)}), so part of this is the veto path`);
  metrics['order_path_p50_us'] = against(r.withPlugins.p50, r.noTaps.p50, 'us', how);
  metrics['order_path_p99_us'] = against(r.withPlugins.p99, r.noTaps.p99, 'us');
  metrics['order_path_p999_us'] = against(r.withPlugins.p999, r.noTaps.p999, 'us');
  metrics['order_path_added_p50_us'] = plain(r.withPlugins.p50 - r.noTaps.p50, 'us', 'p50 with the built-in plugins minus p50 with no taps; target <= 3');
  metrics['order_path_added_p99_us'] = plain(r.withPlugins.p99 - r.noTaps.p99, 'us', 'p99 with the built-in plugins minus p99 with no taps; target <= 10');
  for (const [name, latency] of Object.entries(r.byPlugin)) {
    metrics[`order_path_added_p50_us_${metricName(name)}`] = plain(latency.p50 - r.noTapsAfter.p50, 'us', `${name} alone on the same host, p50 minus the p50 of that host with no taps measured right after (${round(r.noTapsAfter.p50, 1)} us)`);
  }
}

async function tickMetrics(metrics: Record<string, Metric>): Promise<void> {
  progress('tcp echo over loopback (the server in its own process)');
  const echo = await measureEcho({ warmup: Math.floor(sizes.echoSamples / 10), samples: sizes.echoSamples });
  metrics['echo_p50_us'] = plain(echo.p50, 'us', `64-byte round trip over loopback TCP, Nagle off, ${fmt(sizes.echoSamples)} samples`);
  metrics['echo_p99_us'] = plain(echo.p99, 'us');

  progress('tick to order over loopback TCP');
  const tcp = await measureTickToOrderTcp({ bars: sizes.tcpBars, intervalMs: sizes.tcpIntervalMs });
  if (tcp.available) {
    const r = tcp.result;
    const how = 'paper mode over loopback TCP: the local TWS-protocol server (test/support/tws-server) in its own process writes a real-time 5-second bar, @stoqey/ib decodes it, the IB adapter hands it to the host '
      + '(every built-in plugin, the journal file next to the config synced before each order is sent, info logging to /dev/null: as robo start runs) and an ma-crossover of 1/2 on alternating closes sends a market order; a sample ends when the server reads the PLACE_ORDER. '
      + 'Both instants are taken in the server process (hrtime just before the bar is framed and written, and when the order\'s bytes are read), so no clock crosses processes; '
      + `TWS reports ${r.twsTime} (11:00 New York, a regular session), so the session's clock is inside trading hours; every order is acknowledged and filled at once. `
      + `${fmt(r.samples)} samples (the first tenth of ${fmt(r.timed)} timed orders dropped as warm-up), each bar ${r.intervalMs} ms after the previous order; ${fmt(r.missed)} of ${fmt(r.measuredBars)} bars caused no order in time; `
      + `the host counted ${fmt(r.orders)} orders, ${fmt(r.fills)} fills, ${fmt(r.vetoes)} vetoes, ${fmt(r.rateLimiterWaited)} requests held back by the rate limiter (the longest ${round(r.rateLimiterLongestWaitMs, 1)} ms); baseline: the TCP echo p50; target <= echo + 10 us`;
    metrics['tick_to_order_p50_us'] = against(r.p50, echo.p50, 'us', how);
    metrics['tick_to_order_p99_us'] = against(r.p99, echo.p99, 'us', 'baseline: the TCP echo p99');
    progress(`tcp echo again, ${sizes.tcpIntervalMs} ms idle before each round trip (as between the bars above)`);
    const paced = await measureEcho({ warmup: Math.floor(sizes.pacedEchoSamples / 10), samples: sizes.pacedEchoSamples, gapMs: sizes.tcpIntervalMs });
    metrics['echo_paced_p50_us'] = plain(paced.p50, 'us', `the echo with both processes idle ${sizes.tcpIntervalMs} ms before each round trip, as the tick-to-order case must be (the rate limits): what waking up costs here, none of it Robo's; ${fmt(sizes.pacedEchoSamples)} samples`);
    metrics['echo_paced_p99_us'] = plain(paced.p99, 'us');
  } else {
    metrics['tick_to_order_p50_us'] = { value: null, unit: 'us', note: tcp.reason };
    metrics['tick_to_order_p99_us'] = { value: null, unit: 'us', note: tcp.reason };
  }

  progress('tick to order in process on the simulated broker');
  const sim = await runJob<TickToOrderResult>({ kind: 'tick-to-order-sim', config: configFor(sizes.tick) });
  const how = `a bar handed to the host -> the order it caused handed to the simulated broker, in process, every built-in plugin, the example strategy, default logging; ${fmt(sim.samples)} orders over ${fmt(sim.bars)} bars`;
  metrics['tick_to_order_sim_p50_us'] = plain(sim.p50, 'us', how);
  metrics['tick_to_order_sim_p99_us'] = plain(sim.p99, 'us');
}

async function startupMetrics(metrics: Record<string, Metric>): Promise<void> {
  progress('startup: robo start on the example config to its first bar, against node -e 0');
  const r = await measureStartup({ warmup: sizes.startupWarmup, samples: sizes.startupSamples });
  metrics['startup_ms'] = against(r.roboMs, r.nodeMs, 'ms', `robo start robo.config.yaml (a copy), spawn to the log line "first bar processed"; baseline: node -e 0; median of ${sizes.startupSamples}; target <= 350 (node -e 0 about 100)`);
  metrics['node_startup_ms'] = plain(r.nodeMs, 'ms', `node -e 0, spawn to exit; median of ${sizes.startupSamples}`);
}

function printTable(report: Report): void {
  const m = report.machine;
  const lines = [`Robo benchmarks (${m.mode}) — ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}`, ''];
  const rows = Object.entries(report.metrics).map(([name, x]) => [
    name,
    x.value === null ? 'n/a' : String(x.value),
    x.unit,
    x.baseline === undefined ? '' : String(x.baseline),
    x.ratio === undefined ? '' : String(x.ratio),
  ]);
  const header = ['metric', 'value', 'unit', 'baseline', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (r: readonly string[]): string => r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format), '');
  for (const [name, x] of Object.entries(report.metrics)) if (x.note) lines.push(`${name}: ${x.note}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  if (args.has('--profile')) {
    await profileReplay(sizes.single, progress);
    return;
  }
  const started = process.hrtime.bigint();
  const report: Report = { machine: machine(quick ? 'quick' : 'full'), metrics: {} };
  if (args.has('--csv')) await csvMetrics(report.metrics);
  const only = args.has('--startup') || args.has('--csv') || args.has('--rules') || args.has('--sweep');
  if (!only || args.has('--sweep')) await sweepMetrics(report.metrics);
  if (!only) await replayMetrics(report.metrics);
  if (!only) await csvMetrics(report.metrics);
  if (!only || args.has('--rules')) await rulesMetrics(report.metrics);
  if (!only) await orderPathMetrics(report.metrics);
  if (!only) await tickMetrics(report.metrics);
  if (!args.has('--csv') && !args.has('--rules') && !args.has('--sweep')) await startupMetrics(report.metrics);
  if (!only) await memoryMetrics(report.metrics);
  if (!only) await scalingMetrics(report.metrics);
  if (!only) await breakdownMetrics(report.metrics);
  progress(`done in ${round(Number(process.hrtime.bigint() - started) / 1e9, 1)} s`);
  if (args.has('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printTable(report);
}

try {
  await main();
} finally {
  removeTempDirs();
}
