/**
 * The configs the benchmarks run: real `robo.config.yaml` files written to a temporary directory and
 * loaded exactly as the CLI loads them, so every case goes through schema validation, defaults and
 * `compose()` — and therefore through whatever `BUILTIN_PLUGINS` holds when the benchmark runs.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvLines } from '../../core/brokers/sim/data/write-sample.js';
import { compose, replayFeed } from '../../core/cli/compose.js';
import { loadCliConfig, type CliConfig } from '../../core/cli/load.js';
import type { LogLevel } from '../../core/log.js';

/** The first trade date of every generated data set: the calendar covers 2025-2028 (about 1,000 sessions). */
export const DATA_START = '2025-01-02';

/**
 * The example strategy's parameters for the replay cases. On 1-second generated bars a 16/64 crossover
 * trades about once every 100 bars (the "orders every ~100 bars"); the run reports the exact rate.
 */
export const STRATEGY_PARAMS = { fast: 16, slow: 64 } as const;

export interface ReplaySpec {
  /** Generated symbols, named S001, S002, … */
  readonly symbols: number;
  /** Trading days of data (the schema allows 1 to 750). */
  readonly days: number;
  readonly barSeconds: 1 | 5 | 10 | 15 | 30 | 60 | 300 | 900 | 3600;
  /**
   * How many ma-crossover strategies trade every symbol; ids s1, s2, … The first has STRATEGY_PARAMS; the
   * others shift their averages a little each, so they do not all signal on the same bar in lockstep.
   */
  readonly strategies: number;
  /** Absent: the config has no `log:` section, so the run logs at the default level (info). */
  readonly logLevel?: LogLevel;
  /** `rules`: the same crossover written as a rules strategy, with a third indicator its entry also reads. */
  readonly kind?: 'ma-crossover' | 'rules';
}

/** The crossover of STRATEGY_PARAMS as a rules strategy of three indicators: the two averages, and an RSI the entry also asks. */
function rulesStrategyLines(symbols: string): string[] {
  return [
    '  - id: s1',
    '    kind: rules',
    `    symbols: ${symbols}`,
    '    indicators:',
    `      fast: { sma: { period: ${STRATEGY_PARAMS.fast} } }`,
    `      slow: { sma: { period: ${STRATEGY_PARAMS.slow} } }`,
    '      rsi: { rsi: { period: 14 } }',
    '    entry: { long: "crosses_above(fast, slow) and rsi < 101" }',
    '    exit: { long: "crosses_below(fast, slow)" }',
    '    sizing: { quantity: 100 }',
  ];
}

export function symbolNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
}

/** A config for `spec`, written to a fresh temporary directory; returns the file's path. */
export function writeReplayConfig(spec: ReplaySpec): string {
  const symbols = `[${symbolNames(spec.symbols).join(', ')}]`;
  const strategies = spec.kind === 'rules' ? [rulesStrategyLines(symbols).join('\n')] : Array.from({ length: spec.strategies }, (_, i) => [
    `  - id: s${i + 1}`,
    '    kind: ma-crossover',
    `    symbols: ${symbols}`,
    `    params: { fast: ${STRATEGY_PARAMS.fast + 2 * (i % 8)}, slow: ${STRATEGY_PARAMS.slow + 8 * Math.floor(i / 8)} }`,
    '    sizing: { quantity: 100 }',
  ].join('\n'));
  return writeConfigText([
    'version: 1',
    'account:',
    '  startingCash: 10000000',
    'broker:',
    '  kind: sim',
    '  latencyMs: 0',
    'data:',
    '  source: generated',
    `  symbols: ${symbols}`,
    `  start: "${DATA_START}"`,
    `  days: ${spec.days}`,
    `  barSeconds: ${spec.barSeconds}`,
    '  seed: 42',
    '  startPrice: 100',
    ...(spec.logLevel === undefined ? [] : ['log:', `  level: ${spec.logLevel}`]),
    'strategies:',
    ...strategies,
    '',
  ].join('\n'));
}

const made: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs() at the end of the run. */
export function tempDir(prefix = 'robo-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir() made in this process. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The CSV twin of a generated config: the very bars its generated source yields, written as a bar CSV
 * next to a copy of the config whose `data:` reads that file. Replaying both measures what reading the
 * CSV costs, everything else equal. Returns the twin config's path.
 */
export async function writeCsvTwin(generatedConfig: string, barSeconds: number): Promise<string> {
  const { file, config } = await loadBenchConfig(generatedConfig);
  const runtime = await compose(file, config, { logFd: 2, logLevel: 'silent' });
  const csv = join(dirname(generatedConfig), 'bars.csv');
  await pipeline(Readable.from(csvLines(replayFeed(runtime).source, 'America/New_York')), createWriteStream(csv));
  const text = readFileSync(generatedConfig, 'utf8');
  const data = /^data:\n(?: {2}.*\n)+/m;
  if (!data.test(text)) throw new Error(`${generatedConfig}: no data: section to replace`);
  return writeConfigText(text.replace(data, `data:\n  source: csv\n  path: ${csv}\n  barSeconds: ${barSeconds}\n`));
}

/** Writes `text` as robo.config.yaml in a fresh temporary directory; returns the file's path. */
export function writeConfigText(text: string): string {
  const dir = tempDir();
  const file = join(dir, 'robo.config.yaml');
  writeFileSync(file, text);
  return file;
}

/** Loads a config the way every `robo` command does: YAML, environment, schema, strategy params. */
export function loadBenchConfig(file: string): Promise<CliConfig> {
  return loadCliConfig(file);
}


export interface IbPaperSpec {
  /** Where the local TWS-protocol server listens, on 127.0.0.1. */
  readonly port: number;
  readonly symbol: string;
  /** The paper account the server reports (DU…). */
  readonly account: string;
  /** New orders per second the rate limiter allows, overall and for the symbol (its documented orders.max / maxPerSymbol). */
  readonly ordersPerSecond: number;
}

/**
 * A paper config on Interactive Brokers: live 5-second bars from the broker, an ma-crossover of 1 and 2
 * bars (it signals on every bar when closes alternate), every safety option at its default except the
 * rate limiter's order windows, raised to `ordersPerSecond` so that a benchmark sending an order every
 * few tens of milliseconds is never throttled; the message bucket (40 a second) and every other limit
 * stay as shipped. The journal is the default file next to the config, as `robo start` keeps it.
 */
export function writeIbPaperConfig(spec: IbPaperSpec): string {
  return writeConfigText([
    'version: 1',
    'account:',
    '  mode: paper',
    '  startingCash: 10000000',
    `  id: ${spec.account}`,
    'broker:',
    '  kind: ib',
    '  host: 127.0.0.1',
    `  port: ${spec.port}`,
    '  clientId: 17',
    'data:',
    '  source: broker',
    '  barSeconds: 5',
    'safety:',
    '  rateLimiter:',
    `    orders: { max: ${spec.ordersPerSecond}, maxPerSymbol: ${spec.ordersPerSecond}, intervalSeconds: 1 }`,
    // A full run sends 1,500 orders of about $10,000 in one TWS day: over the default daily limit of
    // $5,000,000 after 500 of them, when every buy would be vetoed and every later bar missed.
    '  riskLimits: { maxDailyNotional: 100000000000 }',
    'strategies:',
    '  - id: tick',
    '    kind: ma-crossover',
    `    symbols: [${spec.symbol}]`,
    '    params: { fast: 1, slow: 2 }',
    '    sizing: { quantity: 100 }',
    '',
  ].join('\n'));
}
