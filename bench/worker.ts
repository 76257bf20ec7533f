/**
 * One benchmark case in its own process, so cases never share a heap, a JIT profile or a peak RSS:
 * `node dist/bench/worker.js '<job as JSON>'` prints exactly one JSON line on stdout — the result, or
 * `{ "error": … }` — and nothing else. Robo's own logs go to stderr, which the parent sends to /dev/null.
 */
import { measureOrderPath } from './cases/order-path.js';
import { prepareBareReplay, prepareHostReplay, type PreparedReplay, type ReplayCounts } from './cases/replay.js';
import { measureTickToOrderSim, runTickToOrderTcp } from './cases/tick-to-order.js';
import { serveEcho } from './cases/echo.js';
import { removeTempDirs } from './lib/configs.js';
import { measure } from './lib/measure.js';

export type Job =
  | { readonly kind: 'replay'; readonly engine: 'host' | 'bare'; readonly config: string; readonly noop?: number; readonly onlyBuiltins?: readonly string[]; readonly warmup: number; readonly samples: number }
  | { readonly kind: 'peak-rss'; readonly config: string }
  | { readonly kind: 'order-path'; readonly warmup: number; readonly samples: number }
  | { readonly kind: 'tick-to-order-sim'; readonly config: string }
  | { readonly kind: 'tick-to-order-tcp'; readonly bars: number; readonly intervalMs: number }
  /** The TWS side of tick-to-order-tcp, started by that job (bench/lib/tws-feed.ts). */
  | { readonly kind: 'tws-server'; readonly symbol: string; readonly bars: number; readonly intervalMs: number; readonly twsSeconds: number }
  | { readonly kind: 'echo-server' };

export interface ReplayResult {
  readonly counts: ReplayCounts;
  /** Wall-clock milliseconds per replay, one per sample. */
  readonly samplesMs: readonly number[];
  /** CPU milliseconds (user + system) of this process per replay, one per sample: steadier than wall time on a busy machine. */
  readonly cpuMs: readonly number[];
  readonly maxRssMb: number;
}

export interface PeakRssResult {
  readonly counts: ReplayCounts;
  readonly ms: number;
  /** process.resourceUsage().maxRSS of this process: the whole run's peak, compose included. */
  readonly maxRssMb: number;
}

async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'replay': return replay(job.engine === 'host' ? () => prepareHostReplay(job.config, { noop: job.noop ?? 0, ...(job.onlyBuiltins ? { onlyBuiltins: job.onlyBuiltins } : {}) }) : () => prepareBareReplay(job.config), job.warmup, job.samples);
    case 'peak-rss': return peakRss(job.config);
    case 'order-path': return measureOrderPath(job);
    case 'tick-to-order-sim': return measureTickToOrderSim(job.config);
    case 'tick-to-order-tcp': return runTickToOrderTcp(job);
    // Loaded only here: no other job carries the TWS test server in its process.
    case 'tws-server': return (await import('./lib/tws-feed.js')).serveTwsFeed(job);
    case 'echo-server': return serveEcho();
  }
}

async function replay(prepare: () => Promise<PreparedReplay>, warmup: number, samples: number): Promise<ReplayResult> {
  let prepared: PreparedReplay | undefined;
  let counts: ReplayCounts | undefined;
  const cpuMs: number[] = [];
  const latency = await measure('replay', async () => {
    const before = process.cpuUsage();
    counts = await prepared!();
    const used = process.cpuUsage(before);
    cpuMs.push((used.user + used.system) / 1000);
  }, {
    iterations: samples,
    warmup,
    beforeEach: async () => { prepared = await prepare(); },
    afterEach: () => { prepared = undefined; },
  });
  if (!counts) throw new Error('the replay never ran');
  return { counts, samplesMs: latency.samples ?? [], cpuMs: cpuMs.slice(-samples), maxRssMb: maxRssMb() };
}

async function peakRss(config: string): Promise<PeakRssResult> {
  const prepared = await prepareHostReplay(config);
  const start = process.hrtime.bigint();
  const counts = await prepared();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { counts, ms, maxRssMb: maxRssMb() };
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // kilobytes on Linux and macOS
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
try {
  const result = await run(job);
  if (result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) })}\n`);
  process.exitCode = 1;
} finally {
  removeTempDirs();
}
