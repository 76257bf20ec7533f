/**
 * The one wrapper around tinybench: a task run a fixed number of times after a fixed warm-up, timed
 * with process.hrtime, with every sample kept so medians and tail percentiles come from the real
 * distribution. `beforeEach`/`afterEach` run outside the timed region.
 */
import { Bench, hrtimeNowTimestampProvider, type Statistics } from 'tinybench';

export interface MeasureOptions {
  readonly iterations: number;
  readonly warmup: number;
  readonly beforeEach?: () => void | Promise<void>;
  readonly afterEach?: () => void | Promise<void>;
}

/** Latency statistics of `fn`, in milliseconds (tinybench's unit). */
export async function measure(name: string, fn: () => unknown, options: MeasureOptions): Promise<Statistics> {
  const bench = new Bench({
    name,
    iterations: options.iterations,
    time: 0,
    warmup: options.warmup > 0,
    warmupIterations: options.warmup,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
    timestampProvider: hrtimeNowTimestampProvider,
  });
  bench.add(name, async () => { await fn(); }, {
    ...(options.beforeEach ? { beforeEach: async () => { await options.beforeEach?.(); } } : {}),
    ...(options.afterEach ? { afterEach: async () => { await options.afterEach?.(); } } : {}),
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || !('latency' in result)) throw new Error(`benchmark ${name} did not complete (${result?.state ?? 'no result'})`);
  return result.latency;
}
