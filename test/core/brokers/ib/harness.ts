/**
 * An IbBroker wired to a local TwsServer over TCP on 127.0.0.1, with short timeouts, every broker
 * event, classified IB notice and log line recorded. `finish()` fails the test if the client ever
 * reported error 505 (it could not decode something the server sent).
 */
import { expect } from 'vitest';
import { pino } from 'pino';
import { IbBroker, type IbBrokerOptions } from '../../../../core/brokers/ib/ib-broker.js';
import type { Notice } from '../../../../core/brokers/ib/codes.js';
import type { BrokerEvent } from '../../../../core/brokers/port.js';
import { dec } from '../../../../core/domain/money.js';
import type { OrderIntent } from '../../../../core/domain/types.js';
import type { Logger } from '../../../../core/log.js';
import { SystemClock } from '../../../../core/market/clock.js';
import { TwsServer, type TwsServerOptions } from '../../../support/tws-server/server.js';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface Harness {
  readonly server: TwsServer;
  readonly broker: IbBroker;
  readonly events: BrokerEvent[];
  readonly notices: Notice[];
  readonly logs: LogLine[];
  readonly log: Logger;
  /** Stops the broker (if still running) and the server; asserts that no 505 was ever seen. */
  finish(): Promise<void>;
}

export function captureLogger(lines: LogLine[]): Logger {
  return pino({ level: 'debug', base: undefined }, { write: (line: string) => { lines.push(JSON.parse(line) as LogLine); } });
}

export async function harness(options: { server?: TwsServerOptions; broker?: Partial<IbBrokerOptions>; start?: boolean } = {}): Promise<Harness> {
  const server = new TwsServer(options.server);
  const port = await server.start();
  const events: BrokerEvent[] = [];
  const notices: Notice[] = [];
  const logs: LogLine[] = [];
  const log = captureLogger(logs);
  const broker = new IbBroker({
    host: '127.0.0.1',
    port,
    clientId: 7,
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 2_000,
    maxRequestsPerSecond: 40,
    account: { mode: 'paper' },
    confirmation: { live: false },
    bars: { barSeconds: 15, whatToShow: 'TRADES', useRth: true },
    clock: new SystemClock(),
    log,
    random: () => 0,
    reconnectDelaysMs: [50],
    onNotice: (notice) => notices.push(notice),
    ...options.broker,
  });
  const finish = async (): Promise<void> => {
    await broker.disconnect();
    await server.stop();
    expect(notices.filter((n) => n.code === 505), 'the client reported error 505: the server sent something it could not decode').toEqual([]);
    expect(server.protocolErrors).toEqual([]);
  };
  if (options.start !== false) await broker.connect((event) => events.push(event));
  return { server, broker, events, notices, logs, log, finish };
}

export function buy(quantity: string, symbol = 'SPY', limit?: string): OrderIntent {
  return limit === undefined
    ? { strategyId: 'test', symbol, side: 'BUY', quantity: dec(quantity), type: 'MKT' }
    : { strategyId: 'test', symbol, side: 'BUY', quantity: dec(quantity), type: 'LMT', limitPrice: dec(limit) };
}

export async function eventually(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
