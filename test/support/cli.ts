/** Runs the built `robo` CLI as a real child process, the way a user does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ROBO = join(ROOT, 'dist/core/cli/main.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runRobo(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawnRobo(args, options);
  return collect(child, options.timeoutMs ?? 60_000);
}

export function spawnRobo(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [ROBO, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`robo did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Writes a config (and any extra files) into a fresh temporary directory; returns the config's path. */
export function writeConfig(text: string, extra: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'robo-cli-'));
  const file = join(dir, 'robo.config.yaml');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return file;
}

/** A small valid config on generated data; `overrides` replace whole top-level sections. */
export function sampleConfig(overrides: { data?: string; broker?: string; strategies?: string } = {}): string {
  return [
    'version: 1',
    'account:',
    '  startingCash: 100000',
    overrides.broker ?? 'broker:\n  kind: sim\n  latencyMs: 0',
    overrides.data ?? 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2026-03-02"\n  days: 2\n  barSeconds: 60\n  seed: 42',
    overrides.strategies ?? 'strategies:\n  - id: spy-trend\n    kind: ma-crossover\n    symbols: [SPY]\n    params: { fast: 5, slow: 20 }\n    sizing: { quantity: 100 }',
    '',
  ].join('\n');
}

/** The shape of `robo start`'s and `robo backtest --json`'s run summary, as far as tests read it. */
export interface SummaryJson {
  readonly broker: string;
  readonly end: string;
  readonly notices: readonly string[];
  readonly shutdownProblems: readonly string[];
  readonly orders: { readonly total: number };
  readonly fills: number;
  readonly [key: string]: unknown;
}

/**
 * `robo start`'s stdout when it is not a terminal: JSON lines only — every line parses (the test fails
 * naming the first that does not) — the logs, then the run summary as the last line.
 */
export function startOutput(stdout: string): { readonly logs: readonly { readonly msg: string; readonly [key: string]: unknown }[]; readonly summary: SummaryJson } {
  const lines = stdout.split('\n').filter((line) => line !== '');
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`stdout line ${index + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
  const summary = parsed.pop();
  if (summary === undefined || 'msg' in summary) throw new Error(`the last stdout line is not the run summary: ${lines.at(-1)?.slice(0, 200) ?? '(no output)'}`);
  return { logs: parsed as { msg: string }[], summary: summary as unknown as SummaryJson };
}
