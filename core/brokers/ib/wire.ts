/**
 * Reads executions and commission reports from the raw wire tokens, because @stoqey/ib decodes their
 * quantities, prices and commissions into JS numbers and Robo's money must come from the strings.
 * Field positions hold from server version 136 (LAST_LIQUIDITY), where EXECUTION_DATA lost its version
 * field; the connection refuses older servers.
 */
import { DateTime } from 'luxon';
import { dec, type Decimal } from '../../domain/money.js';
import type { Side } from '../../domain/types.js';

export const MIN_SERVER_VERSION = 136;

const EXECUTION_DATA = '11';
const COMMISSION_REPORT = '59';
/** Java's Double.MAX_VALUE: how TWS writes "not set". */
const UNSET = dec('1.7976931348623157E308');

export interface WireExecution {
  /** -1 for a live fill, else the id of the reqExecutions request that replayed it. */
  readonly reqId: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly execId: string;
  /** IB's time text, e.g. "20260302 09:35:00 US/Eastern". */
  readonly time: string;
  readonly account: string;
  readonly side: Side;
  readonly shares: Decimal;
  readonly price: Decimal;
  readonly orderRef: string;
}

export interface WireCommission {
  readonly execId: string;
  /** Undefined when TWS sent "not set". */
  readonly commission: Decimal | undefined;
  readonly currency: string;
}

export function isExecutionMessage(tokens: readonly string[]): boolean {
  return tokens[0] === EXECUTION_DATA;
}

export function isCommissionMessage(tokens: readonly string[]): boolean {
  return tokens[0] === COMMISSION_REPORT;
}

/** [11, reqId, orderId, conId, symbol, secType, …, tradingClass(13), execId(14), time, acct, exchange, side(18), shares, price, permId, clientId, liquidation, cumQty, avgPrice, orderRef(26), …] */
export function parseExecution(tokens: readonly string[]): WireExecution {
  if (tokens.length < 27) throw new Error(`expected at least 27 fields in an execution message, was ${tokens.length}`);
  const at = (i: number): string => tokens[i] ?? '';
  const side = at(18);
  if (side !== 'BOT' && side !== 'SLD') throw new Error(`expected the execution side BOT or SLD, was ${JSON.stringify(side)}`);
  return {
    reqId: integer(at(1), 'reqId'),
    orderId: integer(at(2), 'orderId'),
    symbol: at(4),
    execId: nonEmpty(at(14), 'execId'),
    time: at(15),
    account: at(16),
    side: side === 'BOT' ? 'BUY' : 'SELL',
    shares: decimal(at(19), 'shares'),
    price: decimal(at(20), 'price'),
    orderRef: at(26),
  };
}

/** [59, version, execId, commission, currency, realizedPNL, yield, yieldRedemptionDate] */
export function parseCommission(tokens: readonly string[]): WireCommission {
  if (tokens.length < 5) throw new Error(`expected at least 5 fields in a commission report, was ${tokens.length}`);
  const text = tokens[3] ?? '';
  const commission = text === '' ? undefined : decimal(text, 'commission');
  return {
    execId: nonEmpty(tokens[2] ?? '', 'execId'),
    commission: commission === undefined || commission.gte(UNSET) ? undefined : commission,
    currency: tokens[4] ?? '',
  };
}

/**
 * IB writes execution times as "yyyyMMdd HH:mm:ss <zone>" (the zone TWS runs in, e.g. US/Eastern),
 * "yyyyMMdd-HH:mm:ss" in UTC, or, on old versions, "yyyyMMdd  HH:mm:ss" without a zone. A time without
 * a zone is never guessed: the caller's receipt time is used instead.
 */
export function parseExecutionTime(text: string, receivedAtMs: number): number {
  const trimmed = text.trim();
  const utc = /^(\d{8})-(\d{2}:\d{2}:\d{2})$/.exec(trimmed);
  if (utc) return toMillis(`${String(utc[1])} ${String(utc[2])}`, 'utc', receivedAtMs);
  const zoned = /^(\d{8})\s+(\d{2}:\d{2}:\d{2})\s+(\S+)$/.exec(trimmed);
  if (zoned) return toMillis(`${String(zoned[1])} ${String(zoned[2])}`, zoned[3] ?? '', receivedAtMs);
  return receivedAtMs;
}

function toMillis(text: string, zone: string, fallback: number): number {
  // luxon may be set to throw on invalid times (the CLI does); an unknown zone name must not stop trading.
  try {
    const time = DateTime.fromFormat(text, 'yyyyMMdd HH:mm:ss', { zone });
    return time.isValid ? time.toMillis() : fallback;
  } catch {
    return fallback;
  }
}

function integer(text: string, what: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`expected an integer ${what}, was ${JSON.stringify(text)}`);
  return Number(text);
}

function decimal(text: string, what: string): Decimal {
  // TWS may group thousands in decimal sizes ("1,000"); the Java client strips the commas as well.
  const plain = text.replaceAll(',', '');
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) throw new Error(`expected a decimal ${what}, was ${JSON.stringify(text)}`);
  return dec(plain);
}

function nonEmpty(text: string, what: string): string {
  if (text === '') throw new Error(`expected a non-empty ${what}`);
  return text;
}

/** An open order as state recovery reads it from OPEN_ORDER: [5, orderId, conId, symbol, …, action(13), totalQuantity(14), …, orderRef(23), clientId(24), permId(25), …]. */
export interface WireOpenOrder {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: Decimal;
  readonly orderRef: string;
  readonly clientId: number;
}

/** ORDER_STATUS at ≥ 131: [3, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice]. */
export interface WireOrderStatus {
  readonly orderId: number;
  readonly status: string;
  readonly filled: Decimal;
}

/** POSITION_DATA: [61, 3, account, conId, symbol, secType, …, tradingClass(13), position(14), avgCost(15)]. */
export interface WirePosition {
  readonly account: string;
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly averageCost: Decimal;
}

export const OPEN_ORDER = '5';
export const ORDER_STATUS = '3';
export const OPEN_ORDER_END = '53';
export const EXECUTION_DATA_END = '55';
export const POSITION_DATA = '61';
export const POSITION_END = '62';

export function parseOpenOrder(tokens: readonly string[]): WireOpenOrder {
  if (tokens.length < 26) throw new Error(`expected at least 26 fields in an open order message, was ${tokens.length}`);
  const at = (i: number): string => tokens[i] ?? '';
  const action = at(13);
  if (action !== 'BUY' && action !== 'SELL') throw new Error(`expected the order action BUY or SELL, was ${JSON.stringify(action)}`);
  return { orderId: integer(at(1), 'orderId'), symbol: at(3), side: action, quantity: decimal(at(14), 'totalQuantity'), orderRef: at(23), clientId: integer(at(24), 'clientId') };
}

export function parseOrderStatus(tokens: readonly string[]): WireOrderStatus {
  if (tokens.length < 4) throw new Error(`expected at least 4 fields in an order status message, was ${tokens.length}`);
  return { orderId: integer(tokens[1] ?? '', 'orderId'), status: tokens[2] ?? '', filled: decimal(tokens[3] ?? '', 'filled') };
}

export function parsePosition(tokens: readonly string[]): WirePosition {
  if (tokens.length < 16) throw new Error(`expected at least 16 fields in a position message, was ${tokens.length}`);
  return { account: tokens[2] ?? '', symbol: tokens[4] ?? '', quantity: decimal(tokens[14] ?? '', 'position'), averageCost: decimal(tokens[15] ?? '', 'avgCost') };
}

/** The end marker of a reqExecutions answer: [55, version, reqId]. */
export function executionEndReqId(tokens: readonly string[]): number | undefined {
  return tokens[0] === EXECUTION_DATA_END ? Number(tokens[2]) : undefined;
}

/** IB's execution filter time, in UTC ("yyyyMMdd-HH:mm:ss"): only executions after it are answered. */
export function executionFilterTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyyMMdd-HH:mm:ss');
}
