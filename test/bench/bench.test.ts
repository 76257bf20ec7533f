/**
 * Specifies the shape of `npm run bench -- --quick --json`: exactly one JSON object on stdout with the
 * machine and every required metric. Never a timed assertion — figures depend on the machine and on
 * whatever else runs on it; docs/performance.md is where they are read.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const BENCH = join(ROOT, 'dist/bench/index.js');

const REQUIRED = [
  'replay_bars_per_s',
  'replay_ratio_to_bare_loop',
  'rules_replay_bars_per_s',
  'order_path_p50_us',
  'order_path_p99_us',
  'tick_to_order_p50_us',
  'tick_to_order_p99_us',
  'echo_p50_us',
  'startup_ms',
  'node_startup_ms',
  'replay_peak_rss_mb_1m',
  'replay_peak_rss_mb_10m',
  'scaling_ns_per_bar_strategies_1',
  'scaling_ns_per_bar_strategies_10',
  'scaling_ns_per_bar_strategies_100',
  'scaling_ns_per_bar_plugins_0',
  'scaling_ns_per_bar_plugins_5',
  'scaling_ns_per_bar_plugins_20',
  'sweep_speedup',
  'sweep_machine_parallelism',
  'sweep_speedup_vs_backtests',
];

function runQuick(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, '--quick', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the quick bench did not end within 170 s\n${stderr}`)); }, 170_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe('npm run bench -- --quick --json', () => {
  it('when run then stdout is exactly one JSON object with the machine and every required metric in the documented shape', async () => {
    // Act
    const result = await runQuick();

    // Assert
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { machine: Record<string, unknown>; metrics: Record<string, Record<string, unknown>> };
    expect(Object.keys(report).sort()).toEqual(['machine', 'metrics']);
    expect(report.machine).toMatchObject({ cpu: expect.any(String), cores: expect.any(Number), node: process.version, date: expect.any(String), mode: 'quick' });
    for (const name of REQUIRED) expect(Object.keys(report.metrics), name).toContain(name);
    for (const [name, metric] of Object.entries(report.metrics)) {
      expect(typeof metric['unit'], name).toBe('string');
      expect(metric['value'] === null || typeof metric['value'] === 'number', name).toBe(true);
      for (const key of Object.keys(metric)) expect(['value', 'unit', 'baseline', 'ratio', 'note'], `${name}.${key}`).toContain(key);
      if (metric['value'] === null) expect(typeof metric['note'], `${name} has no value, so it must say why`).toBe('string');
      if (metric['ratio'] !== undefined) expect(typeof metric['baseline'], name).toBe('number');
    }
    // Tick to order over TCP is measured, not skipped: a number, next to the echo measured in the same run.
    const tick = report.metrics['tick_to_order_p50_us'];
    expect(typeof tick?.['value'], JSON.stringify(tick)).toBe('number');
    expect(tick?.['baseline']).toBe(report.metrics['echo_p50_us']?.['value']);
  }, 180_000);
});
