/** The JSON shape of a run, percentiles over raw samples, and the machine the figures came from. */
import { cpus, totalmem, loadavg, platform, arch, release } from 'node:os';

/** One figure: its value, and — where it has one — the baseline measured in the same run and value / baseline. */
export interface Metric {
  readonly value: number | null;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly note?: string;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly v8: string;
  readonly os: string;
  readonly loadAverage1m: number;
  readonly date: string;
  readonly mode: 'full' | 'quick';
}

export interface Report {
  readonly machine: Machine;
  readonly metrics: Record<string, Metric>;
}

export function machine(mode: Machine['mode']): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()} ${arch()}`,
    loadAverage1m: round(loadavg()[0] ?? 0, 2),
    date: new Date().toISOString(),
    mode,
  };
}

/** Nearest-rank percentile of `samples` (any order); `p` in 0..100. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds to `digits` significant decimals after the point; keeps the JSON readable. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A metric with a baseline from the same run and their ratio. */
export function against(value: number, baseline: number, unit: string, note?: string): Metric {
  return { value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline, 4), ...(note ? { note } : {}) };
}

export function plain(value: number, unit: string, note?: string): Metric {
  return { value: round(value), unit, ...(note ? { note } : {}) };
}
