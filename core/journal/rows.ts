/**
 * Turns journal entries into table rows and back, field by field, so a row that does not read back
 * as a valid entry fails loudly (the journal refuses to start on data it cannot trust).
 */
import { dec, type Decimal } from '../domain/money.js';
import { orderShapeProblem } from '../domain/order-rules.js';
import { ORDER_TYPES, type Execution, type OrderIntent, type Side } from '../domain/types.js';
import type { AnomalyKind } from '../host/events.js';
import { decodeDecimal, encodeDecimal } from './codec.js';
import type { JournalEntry, JournaledOrder } from './entries.js';
import { decodeOrderSpec, encodeOrderSpec, encodeTrailChanges } from './order-spec.js';

export interface OrderRow {
  id: number;
  ref: string;
  strategy: string;
  symbol: string;
  side: string;
  quantity: string;
  type: string;
  limit_price: string | null;
  tag: string | null;
  created_at: number;
  /** The order's details beyond a DAY market or limit order (see order-spec.ts); null when it has none. */
  spec: string | null;
}

export interface EventRow {
  seq?: number;
  at: number;
  kind: string;
  order_id: number | null;
  exec_id: string | null;
  replaces: string | null;
  symbol: string | null;
  side: string | null;
  quantity: string | null;
  price: string | null;
  amount: string | null;
  currency: string | null;
  time: number | null;
  text: string | null;
}

export function orderToRow(order: JournaledOrder): OrderRow {
  const { intent } = order;
  return {
    id: order.id,
    ref: order.ref,
    strategy: intent.strategyId,
    symbol: intent.symbol,
    side: intent.side,
    quantity: encodeDecimal(intent.quantity),
    type: intent.type,
    limit_price: intent.type === 'LMT' || intent.type === 'STP LMT' || intent.type === 'LOC' ? encodeDecimal(intent.limitPrice) : null,
    tag: intent.tag ?? null,
    created_at: order.createdAt,
    spec: encodeOrderSpec(intent, order.parentId),
  };
}

export function rowToOrder(row: OrderRow): JournaledOrder {
  // Built as one literal per type (tag spread last): a spread followed by more keys would give every
  // intent read back a hidden class of its own in V8, and a restart reads back every order of the book.
  const strategyId = row.strategy;
  const quantity = decodeDecimal(row.quantity, `the quantity of order ${row.id}`);
  const tag = row.tag === null ? {} : { tag: row.tag };
  let intent: OrderIntent;
  // The common rows, plain DAY market and limit orders, are built as one literal each; the rest by type.
  if (row.spec === null && (row.type === 'LMT' || row.type === 'MKT')) {
    if (row.type === 'LMT') intent = { strategyId, symbol: row.symbol, side: side(row.side), quantity, type: 'LMT', limitPrice: decodeDecimal(row.limit_price ?? '', `the limit price of order ${row.id}`), ...tag };
    else intent = { strategyId, symbol: row.symbol, side: side(row.side), quantity, type: 'MKT', ...tag };
    return { id: row.id, ref: row.ref, intent, createdAt: row.created_at };
  }
  const parentId = decodeOrderSpec(row.spec, `order ${row.id}`).parentId;
  intent = detailedIntent(row, strategyId, quantity, tag);
  return { id: row.id, ref: row.ref, intent, createdAt: row.created_at, ...(parentId === undefined ? {} : { parentId }) };
}

/** An order with details (a stop, a trail, a time in force, links), checked against the rules every order meets. */
function detailedIntent(row: OrderRow, strategyId: string, quantity: Decimal, tag: { tag?: string }): OrderIntent {
  const where = `order ${row.id}`;
  const { stopPrice, trail, initialStop, parentId: _parent, ...rest } = decodeOrderSpec(row.spec, where);
  const base = { strategyId, symbol: row.symbol, side: side(row.side), quantity, ...tag, ...rest };
  const limit = (): Decimal => decodeDecimal(row.limit_price ?? '', `the limit price of ${where}`);
  const stop = (): Decimal => {
    if (stopPrice === undefined) throw new Error(`${where} is a ${row.type} order without a stop price`);
    return stopPrice;
  };
  let intent: OrderIntent;
  switch (row.type) {
    case 'MKT': intent = { ...base, type: 'MKT' }; break;
    case 'LMT': intent = { ...base, type: 'LMT', limitPrice: limit() }; break;
    case 'STP': intent = { ...base, type: 'STP', stopPrice: stop() } as OrderIntent; break;
    case 'STP LMT': intent = { ...base, type: 'STP LMT', stopPrice: stop(), limitPrice: limit() } as OrderIntent; break;
    case 'TRAIL':
      if (trail === undefined) throw new Error(`${where} is a trailing stop without its trail`);
      intent = { ...base, type: 'TRAIL', trail, ...(initialStop === undefined ? {} : { initialStop }) } as OrderIntent;
      break;
    case 'MOC': intent = { ...base, type: 'MOC' } as OrderIntent; break;
    case 'LOC': intent = { ...base, type: 'LOC', limitPrice: limit() } as OrderIntent; break;
    default: throw new Error(`${where} has type ${JSON.stringify(row.type)}; expected one of ${ORDER_TYPES.join(', ')}`);
  }
  const problem = orderShapeProblem(intent);
  if (problem !== undefined) throw new Error(`${where} does not read back as a legal order: ${problem}`);
  return intent;
}

type EventColumns = Partial<Omit<EventRow, 'seq' | 'at' | 'kind' | 'replaces' | 'time'>>;

/** The event row of `entry` in `book`, ready to bind: every column present, in one shape (a row is written per broker event). */
export function entryToRow(book: number, entry: JournalEntry): EventRow & { book: number } {
  if (entry.kind === 'execution' || entry.kind === 'correction') {
    const e = entry.execution;
    return {
      book,
      at: entry.at,
      kind: entry.kind,
      order_id: e.orderId,
      exec_id: e.execId,
      replaces: entry.kind === 'correction' ? entry.replaces : null,
      symbol: e.symbol,
      side: e.side,
      quantity: encodeDecimal(e.quantity),
      price: encodeDecimal(e.price),
      amount: e.slippage === undefined ? null : encodeDecimal(e.slippage),
      currency: null,
      time: e.time,
      text: entry.kind === 'execution' && entry.late ? 'late' : null,
    };
  }
  const c = columnsOf(entry);
  return {
    book,
    at: entry.at,
    kind: entry.kind,
    order_id: c.order_id ?? null,
    exec_id: c.exec_id ?? null,
    replaces: null,
    symbol: c.symbol ?? null,
    side: c.side ?? null,
    quantity: c.quantity ?? null,
    price: c.price ?? null,
    amount: c.amount ?? null,
    currency: c.currency ?? null,
    time: null,
    text: c.text ?? null,
  };
}

/** The columns of every other kind of entry; those it leaves out are null. */
function columnsOf(entry: Exclude<JournalEntry, { kind: 'execution' | 'correction' }>): EventColumns {
  switch (entry.kind) {
    case 'ack':
      return { order_id: entry.orderId };
    case 'cancelled':
    case 'rejected':
    case 'not-sent':
      return { order_id: entry.orderId, text: entry.reason };
    case 'commission':
      return { exec_id: entry.execId, amount: encodeDecimal(entry.commission), currency: entry.currency };
    case 'charge':
      return { amount: encodeDecimal(entry.amount), text: entry.what };
    case 'adopt':
      return { symbol: entry.symbol, side: entry.side, quantity: encodeDecimal(entry.quantity), price: encodeDecimal(entry.price), text: entry.reason };
    case 'link':
      return { text: entry.text };
    case 'modified': {
      const c = entry.changes;
      return { order_id: entry.orderId, quantity: c.quantity === undefined ? null : encodeDecimal(c.quantity), price: c.limitPrice === undefined ? null : encodeDecimal(c.limitPrice), amount: c.stopPrice === undefined ? null : encodeDecimal(c.stopPrice), text: encodeTrailChanges(c) };
    }
    case 'anomaly':
      return { order_id: entry.orderId, exec_id: entry.execId, symbol: entry.symbol, currency: entry.anomaly, text: entry.text };
  }
}

export function rowToEntry(row: EventRow): JournalEntry {
  const where = `journal event ${row.seq ?? '?'} (${row.kind})`;
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`${where} has no ${what}`);
    return value;
  };
  const at = row.at;
  switch (row.kind) {
    case 'ack':
      return { kind: 'ack', at, orderId: need(row.order_id, 'order id') };
    case 'cancelled':
    case 'rejected':
    case 'not-sent':
      return { kind: row.kind, at, orderId: need(row.order_id, 'order id'), reason: row.text ?? '' };
    case 'execution':
      return { kind: 'execution', at, execution: rowToExecution(row, need), late: row.text === 'late' };
    case 'correction':
      return { kind: 'correction', at, execution: rowToExecution(row, need), replaces: need(row.replaces, 'replaced execution id') };
    case 'commission':
      return { kind: 'commission', at, execId: need(row.exec_id, 'execution id'), commission: decodeDecimal(need(row.amount, 'amount'), `${where} amount`), currency: need(row.currency, 'currency') };
    case 'charge':
      return { kind: 'charge', at, amount: decodeDecimal(need(row.amount, 'amount'), `${where} amount`), what: row.text ?? '' };
    case 'adopt':
      return { kind: 'adopt', at, symbol: need(row.symbol, 'symbol'), side: side(need(row.side, 'side')), quantity: decodeDecimal(need(row.quantity, 'quantity'), `${where} quantity`), price: decodeDecimal(need(row.price, 'price'), `${where} price`), reason: row.text ?? '' };
    case 'link':
      return { kind: 'link', at, text: row.text ?? '' };
    case 'modified': {
      const orderId = need(row.order_id, 'order id');
      const trail = decodeOrderSpec(row.text, where);
      const changes = {
        ...(row.quantity === null ? {} : { quantity: decodeDecimal(row.quantity, `${where} quantity`) }),
        ...(row.price === null ? {} : { limitPrice: decodeDecimal(row.price, `${where} limit price`) }),
        ...(row.amount === null ? {} : { stopPrice: decodeDecimal(row.amount, `${where} stop price`) }),
        ...(trail.trail === undefined ? {} : { trail: trail.trail }),
        ...(trail.initialStop === undefined ? {} : { initialStop: trail.initialStop }),
      };
      return { kind: 'modified', at, orderId, changes };
    }
    case 'anomaly':
      return { kind: 'anomaly', at, anomaly: anomalyKind(need(row.currency, 'anomaly kind'), where), orderId: need(row.order_id, 'order id'), execId: need(row.exec_id, 'execution id'), symbol: need(row.symbol, 'symbol'), text: row.text ?? '' };
    default:
      throw new Error(`${where} has an unknown kind`);
  }
}

function rowToExecution(row: EventRow, need: <T>(value: T | null, what: string) => T): Execution {
  return {
    execId: need(row.exec_id, 'execution id'),
    orderId: need(row.order_id, 'order id'),
    symbol: need(row.symbol, 'symbol'),
    side: side(need(row.side, 'side')),
    quantity: decodeDecimal(need(row.quantity, 'quantity'), `execution ${String(row.exec_id)} quantity`),
    price: decodeDecimal(need(row.price, 'price'), `execution ${String(row.exec_id)} price`),
    time: need(row.time, 'time'),
    ...(row.amount === null ? {} : { slippage: dec(row.amount) }),
  };
}

function side(text: string): Side {
  if (text !== 'BUY' && text !== 'SELL') throw new Error(`expected side BUY or SELL, was ${JSON.stringify(text)}`);
  return text;
}

function anomalyKind(value: string, where: string): AnomalyKind {
  if (value === 'overfill' || value === 'cost-unknown') return value;
  throw new Error(`${where} has an unknown anomaly kind ${JSON.stringify(value)}`);
}
