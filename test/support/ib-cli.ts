/**
 * `robo start` against the local TWS-protocol server, as the CLI tests of the IB path run it: a fixed
 * TWS clock inside regular hours, the account in the environment, the server stopped after each test,
 * the child's stdout watched while it runs, and the bars that make the example strategy cross.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { collect, spawnRobo, type CliResult } from './cli.js';
import { TwsServer, type TwsServerOptions } from './tws-server/server.js';

/** 2026-03-02 09:35:00 New York: inside regular hours, whatever the wall clock says (Robo's clock follows TWS's). */
export const TWS_NOW = 1_772_462_100;
/** 09:30:00 that day: the first bar pushed. */
export const BAR0 = 1_772_461_800;
export const IB_ENV = { IB_ACCOUNT: 'DU1234567', FORCE_COLOR: '0' } as const;

/** Falling then rising closes: the 2-bar average crosses above the 4-bar one on the last bar. */
export const CROSS_UP = ['100.00', '99.50', '99.00', '98.50', '98.00', '99.00', '100.50', '101.50'] as const;

/** A TWS-protocol server for the account, started; stopped after the test. */
export function twsServers(): (options?: TwsServerOptions) => Promise<{ server: TwsServer; port: number }> {
  let current: TwsServer | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return async (options = {}) => {
    const server = current = new TwsServer({ accounts: ['DU1234567'], nextValidId: 500, nowSeconds: () => TWS_NOW, ...options });
    return { server, port: await server.start() };
  };
}

/** Pushes one SPY bar per close, 5 seconds apart from 09:30. */
export function pushCloses(server: TwsServer, closes: readonly string[], symbol = 'SPY'): void {
  closes.forEach((close, i) => server.pushBar(symbol, { time: BAR0 + 5 * i, open: close, high: close, low: close, close, volume: '1000' }));
}

export interface WatchedRobo {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /** What it printed on stdout so far. */
  stdout(): string;
}

/** `robo start <file>` with the account in the environment, its stdout collected as it comes. */
export function startRobo(file: string): WatchedRobo {
  const child = spawnRobo(['start', file], { env: IB_ENV });
  const done = collect(child, 30_000);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  return { child, done, stdout: () => out };
}

/** The IB config `robo data fetch --config` is pointed at: its broker and account are what the fetch uses; the strategy only makes it valid. */
export function fetchConfig(port: number, options: { readonly requestTimeoutMs?: number; readonly strategy?: string } = {}): string {
  return [
    'version: 1',
    'account: { mode: paper, startingCash: 100000, id: "${IB_ACCOUNT}" }',
    `broker: { kind: ib, port: ${port}, clientId: 11, connectTimeoutMs: 3000, requestTimeoutMs: ${options.requestTimeoutMs ?? 3000} }`,
    'data: { source: broker, barSeconds: 60 }',
    'strategies:',
    options.strategy ?? '  - { id: spy-trend, kind: ma-crossover, symbols: [SPY], params: { fast: 5, slow: 20 }, sizing: { quantity: 100 } }',
    '',
  ].join('\n');
}
