/**
 * Robo's logger: pino, human-readable on a terminal and JSON lines when piped, stamped with the
 * host clock's time (market time in a replay), with secrets redacted from every logged object.
 */
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { LogDestination } from './log-destination.js';
import { redactSecrets } from './log-redact.js';
import type PinoPretty from 'pino-pretty';

// pino-pretty (and its ~45 modules) is loaded only to print on a terminal, not when logs are piped as
// JSON lines; a synchronous require keeps createLogger synchronous.
const require = createRequire(import.meta.url);

export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  readonly level: LogLevel;
  /** 1 for stdout, 2 for stderr. */
  readonly fd: 1 | 2;
  /** Defaults to whether the stream is a terminal. */
  readonly pretty?: boolean;
  /** The host clock; logs carry its time so a replay logs market time, not wall time. */
  readonly now?: () => number;
  readonly zone?: string;
  /**
   * Lines gather in a buffer and are written 8 KB at a time, and whatever is left when the process
   * exits. For a replay (robo backtest), where a write per line cost more than the rest of the line;
   * never for a live session, whose lines must be out the moment they are logged.
   */
  readonly buffered?: boolean;
  /**
   * Where JSON lines go instead of `fd` (never pretty): a sweep's worker keeps its run's lines in memory,
   * because a worker thread writing to fd 2 would write over the sweep's terminal.
   */
  readonly sink?: LogSink;
}

/** pino's destination contract: one serialized line, newline included. */
export interface LogSink {
  write(line: string): boolean;
}

/** Buffered destinations, written out once more when the process exits, however it exits short of a kill. */
const buffered = new Set<LogDestination>();
let flushOnExit = false;

function bufferedDestination(fd: 1 | 2): LogDestination {
  const destination = new LogDestination(fd, { minLength: 8 * 1024 });
  buffered.add(destination);
  if (!flushOnExit) {
    flushOnExit = true;
    process.once('exit', flushBufferedLogs);
  }
  return destination;
}

/** Writes out what buffered loggers hold: at exit, and when a command ends (so its lines come before an error it prints). */
export function flushBufferedLogs(): void {
  // A destination whose reader is gone reports it and drops the rest; the others are still written.
  for (const d of buffered) d.flushSync();
}

/**
 * Colour on a terminal, by the conventions every CLI shares and with Node's own precedence: FORCE_COLOR
 * decides when set (0 or false: off; anything else: on); then NO_COLOR set to anything but the empty
 * string (no-color.org), NODE_DISABLE_COLORS, or a terminal that says it has none (TERM=dumb) turn it off.
 */
export function wantsColour(env: NodeJS.ProcessEnv): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return !env['NO_COLOR'] && !env['NODE_DISABLE_COLORS'] && env['TERM'] !== 'dumb';
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean(options.fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
  const now = options.now;
  const base = {
    level: options.level,
    base: undefined,
    formatters: { log: redactSecrets },
    ...(now ? { timestamp: timeOf(now) } : {}),
  };
  if (options.sink !== undefined) return redactingChildren(pino(base, options.sink));
  if (!pretty) return redactingChildren(pino(base, options.buffered === true ? bufferedDestination(options.fd) : new LogDestination(options.fd)));
  return redactingChildren(pino(base, prettyDestination(options.fd, options.zone ?? 'America/New_York')));
}

/** JSON log lines written to `fd` the way a person reads them on a terminal (and held lines written out later the same way). */
export function prettyDestination(fd: 1 | 2, zone = 'America/New_York'): LogSink {
  const prettyStream = require('pino-pretty') as typeof PinoPretty;
  return prettyStream({
    destination: fd,
    sync: true,
    colorize: wantsColour(process.env),
    ignore: 'pid,hostname',
    singleLine: true,
    // The raw epoch reaches the prettifier, which shows it in the exchange's zone (market time in a replay).
    translateTime: false,
    customPrettifiers: { time: (t) => DateTime.fromMillis(Number(t), { zone }).toFormat('yyyy-MM-dd HH:mm:ss') },
  });
}

function timeOf(now: () => number): () => string {
  return () => `,"time":${now()}`;
}

/** pino formats a child's bindings without the log formatter, so each child redacts its own bindings first. */
function redactingChildren(logger: Logger): Logger {
  const child = logger.child.bind(logger) as unknown as (bindings: Record<string, unknown>, options?: object) => Logger;
  const redacting = (bindings: Record<string, unknown>, options?: object): Logger => redactingChildren(child(redactSecrets(bindings), options));
  logger.child = redacting as unknown as Logger['child'];
  return logger;
}

/** A logger that drops everything, for tests and benchmarks that measure without logging. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
