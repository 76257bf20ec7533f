/**
 * `npm run bench -- --profile`: one host replay of the throughput case in a worker run with `node --cpu-prof`,
 * then the profile's top frames by self time, by function and by file — the figures docs/performance.md
 * quotes where a target is missed. The .cpuprofile stays on disk for Chrome DevTools or speedscope.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { PeakRssResult } from '../worker.js';
import { runJob } from './child.js';
import { writeReplayConfig, type ReplaySpec } from './configs.js';
import { ROOT } from './paths.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export async function profileReplay(data: Omit<ReplaySpec, 'strategies' | 'logLevel'>, progress: (message: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'robo-bench-profile-'));
  const config = writeReplayConfig({ ...data, strategies: 1 });
  progress(`profiling one host replay (${data.symbols} symbol(s), ${data.days} days of ${data.barSeconds}-second bars) into ${dir}`);
  const result = await runJob<PeakRssResult>({ kind: 'peak-rss', config }, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile was written to ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const lines = [
    `${result.counts.bars.toLocaleString('en-US')} bars in ${(result.ms / 1000).toFixed(2)} s (${Math.round(result.counts.bars / (result.ms / 1000)).toLocaleString('en-US')} bars/s under the profiler)`,
    `profile: ${join(dir, file)}`,
    '',
    'top frames by self time:',
    ...top(profile, (frame) => `${frame.functionName || '(anonymous)'} ${where(frame)}`, 25),
    '',
    'self time by file:',
    ...top(profile, (frame) => shortUrl(frame.url) || frame.functionName, 15),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function top(profile: CpuProfile, key: (frame: ProfileNode['callFrame']) => string, count: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    if (!node) return;
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + delta);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}

function where(frame: ProfileNode['callFrame']): string {
  const url = shortUrl(frame.url);
  return url ? `${url}:${frame.lineNumber + 1}` : '';
}

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.startsWith('/') ? relative(ROOT, path) : path;
}
