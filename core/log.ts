/**
 * Robo's logger: pino, human-readable on a terminal and JSON lines when piped, stamped with the
 * host clock's time (market time in a replay), with secrets redacted from every logged object.
 */
import { DateTime } from 'luxon';
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import PinoPretty from 'pino-pretty';

export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

export const REDACTED_PATHS = [
  'password', 'token', 'apiKey', 'secret', 'accountId',
  '*.password', '*.token', '*.apiKey', '*.secret', '*.accountId',
  'account.id', 'config.account.id',
];

export interface LoggerOptions {
  readonly level: LogLevel;
  /** 1 for stdout, 2 for stderr. */
  readonly fd: 1 | 2;
  /** Defaults to whether the stream is a terminal. */
  readonly pretty?: boolean;
  /** The host clock; logs carry its time so a replay logs market time, not wall time. */
  readonly now?: () => number;
  readonly zone?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean(options.fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
  const now = options.now;
  const base = {
    level: options.level,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(now ? { timestamp: () => `,"time":${now()}` } : {}),
  };
  if (!pretty) return pino(base, pino.destination({ fd: options.fd, sync: true }));
  const zone = options.zone ?? 'America/New_York';
  const stream = PinoPretty({
    destination: options.fd,
    sync: true,
    colorize: true,
    ignore: 'pid,hostname',
    singleLine: true,
    // The raw epoch reaches the prettifier, which shows it in the exchange's zone (market time in a replay).
    translateTime: false,
    customPrettifiers: { time: (t) => DateTime.fromMillis(Number(t), { zone }).toFormat('yyyy-MM-dd HH:mm:ss') },
  });
  return pino(base, stream);
}

/** A logger that drops everything, for tests and benchmarks that measure without logging. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
