/**
 * `robo journal <config> [--json]`: the trade history as the journal holds it — orders and their fate,
 * executions with their commissions, costs charged, and the positions and cash they add up to — rebuilt
 * by the same replay a restart uses. `--json` prints one object, every amount a decimal string.
 */
import { describeOrder, limitPriceOf, stopPriceOf } from '../../domain/order-rules.js';
import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { maskAccount } from '../../brokers/ib/live-guard.js';
import { ZERO, decimalFromNumber, type Decimal } from '../../domain/money.js';
import { averageFillPrice, type Order } from '../../domain/order.js';
import { Portfolio } from '../../domain/portfolio.js';
import type { BookHistory } from '../../journal/entries.js';
import { SqliteJournal } from '../../journal/journal.js';
import { replayBook } from '../../journal/replay.js';
import { EXCHANGE_ZONE, SystemClock } from '../../market/clock.js';
import { journalFilePath } from '../journal-file.js';
import { loadCliConfig } from '../load.js';

export interface JournalReport {
  readonly journal: string;
  readonly book: { readonly id: number; readonly broker: string; readonly account: string; readonly openedAt: string } | null;
  readonly orders: readonly {
    readonly id: number; readonly ref: string; readonly strategy: string; readonly symbol: string; readonly side: string; readonly quantity: string;
    readonly type: string; readonly limitPrice?: string; readonly stopPrice?: string; readonly tif?: string;
    readonly bracket?: string; readonly role?: string; readonly ocaGroup?: string; readonly description: string; readonly state: string; readonly reason?: string; readonly filled: string; readonly averagePrice?: string;
  }[];
  readonly executions: readonly {
    readonly execId: string; readonly orderId: number; readonly symbol: string; readonly side: string; readonly quantity: string; readonly price: string;
    readonly time: string; readonly corrects?: string; readonly commission?: string; readonly currency?: string;
  }[];
  readonly costs: { readonly total: string; readonly charges: readonly { readonly amount: string; readonly what: string; readonly at: string }[] };
  readonly positions: readonly { readonly symbol: string; readonly quantity: string; readonly averageCost: string }[];
  readonly startingCash: string;
  readonly cash: string;
  /** What was booked that could not be accounted for the normal way (an overfill, a fill whose costs are unknown). */
  readonly anomalies: readonly { readonly kind: string; readonly orderId: number; readonly execId: string; readonly symbol: string; readonly text: string; readonly at: string }[];
}

export async function journalCommand(path: string, options: { json?: boolean }): Promise<void> {
  const { file, config, writtenAs } = await loadCliConfig(path);
  const location = journalFilePath(file, config.journal.path);
  // Printed as the config writes journal.path when the environment built it: the value may hold a secret.
  const name = writtenAs(['journal', 'path']) ?? location;
  const startingCash = decimalFromNumber(config.account.startingCash);
  let history: BookHistory | undefined;
  if (existsSync(location)) {
    const journal = SqliteJournal.open(location, { now: () => new SystemClock().nowMs(), create: false, keepMode: true, name });
    try {
      history = journal.latestBook();
    } finally {
      journal.close();
    }
  }
  const report = buildReport(name, history, startingCash);
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
}

export function buildReport(location: string, history: BookHistory | undefined, startingCash: Decimal): JournalReport {
  const portfolio = new Portfolio(startingCash);
  const empty: JournalReport = { journal: location, book: null, orders: [], executions: [], costs: { total: '0.00', charges: [] }, positions: [], startingCash: startingCash.toFixed(2), cash: startingCash.toFixed(2), anomalies: [] };
  if (history === undefined) return empty;
  const replayed = replayBook(history, portfolio);
  const commissions = new Map<string, { amount: Decimal; currency: string }>();
  for (const e of history.events) if (e.kind === 'commission') commissions.set(e.execId, { amount: e.commission, currency: e.currency });
  const executions: JournalReport['executions'][number][] = [];
  const charges: JournalReport['costs']['charges'][number][] = [];
  const anomalies: JournalReport['anomalies'][number][] = [];
  let costs = ZERO;
  for (const e of history.events) {
    if (e.kind === 'execution' || e.kind === 'correction') {
      const x = e.execution;
      const commission = commissions.get(x.execId);
      executions.push({
        execId: x.execId, orderId: x.orderId, symbol: x.symbol, side: x.side, quantity: x.quantity.toString(), price: x.price.toString(), time: instant(x.time),
        ...(e.kind === 'correction' ? { corrects: e.replaces } : {}),
        ...(commission === undefined ? {} : { commission: commission.amount.toString(), currency: commission.currency }),
      });
    } else if (e.kind === 'charge') {
      costs = costs.plus(e.amount);
      charges.push({ amount: e.amount.toString(), what: e.what, at: instant(e.at) });
    } else if (e.kind === 'anomaly') {
      anomalies.push({ kind: e.anomaly, orderId: e.orderId, execId: e.execId, symbol: e.symbol, text: e.text, at: instant(e.at) });
    }
  }
  return {
    journal: location,
    book: { id: history.book, broker: history.broker, account: maskAccount(history.account), openedAt: instant(history.openedAt) },
    orders: [...replayed.orders.values()].map(orderLine),
    executions,
    costs: { total: costs.toFixed(2), charges },
    positions: portfolio.positions().map((p) => ({ symbol: p.symbol, quantity: p.quantity.toString(), averageCost: p.averageCost.toFixed(4) })),
    startingCash: startingCash.toFixed(2),
    cash: portfolio.cash.toFixed(2),
    anomalies,
  };
}

function orderLine(order: Order): JournalReport['orders'][number] {
  const { intent } = order;
  const average = averageFillPrice(order);
  const reason = order.state.kind === 'cancelled' || order.state.kind === 'rejected' ? order.state.reason : undefined;
  const limitPrice = limitPriceOf(intent);
  const stopPrice = stopPriceOf(intent);
  return {
    id: order.id, ref: order.ref, strategy: intent.strategyId, symbol: intent.symbol, side: intent.side, quantity: intent.quantity.toString(), type: intent.type,
    ...(limitPrice === undefined ? {} : { limitPrice: limitPrice.toString() }),
    ...(stopPrice === undefined ? {} : { stopPrice: stopPrice.toString() }),
    ...(intent.tif === undefined ? {} : { tif: intent.tif }),
    ...(intent.bracket === undefined ? {} : { bracket: intent.bracket.id, role: intent.bracket.role }),
    ...(intent.oca === undefined ? {} : { ocaGroup: intent.oca.group }),
    description: describeOrder(intent),
    state: order.state.kind,
    ...(reason === undefined ? {} : { reason }),
    filled: order.filledQuantity.toString(),
    ...(average === undefined ? {} : { averagePrice: average.toDecimalPlaces(4).toString() }),
  };
}

function formatReport(r: JournalReport): string {
  if (r.book === null) return `journal ${r.journal}: nothing journaled yet (robo start writes it)\n`;
  const lines = [`journal ${r.journal} — book ${r.book.id}: ${r.book.broker} broker, account ${r.book.account}, since ${r.book.openedAt}`, '', `orders (${r.orders.length}):`];
  // The description column is as wide as the longest (a bracket leg's is longer than a market order's), within reason.
  const width = Math.min(64, Math.max(32, ...r.orders.map((o) => o.description.length)));
  for (const o of r.orders) {
    const what = o.description;
    const fate = `${o.state}${o.filled === '0' ? '' : ` ${o.filled}${o.averagePrice === undefined ? '' : ` @ ${o.averagePrice}`}`}${o.reason === undefined ? '' : ` (${o.reason})`}`;
    lines.push(`  ${String(o.id).padStart(6)}  ${what.padEnd(width)} ${fate}  [${o.strategy}]`);
  }
  lines.push('', `executions (${r.executions.length}):`);
  for (const x of r.executions) {
    lines.push(`  ${x.time}  ${x.execId}  order ${x.orderId}  ${x.side} ${x.quantity} ${x.symbol} @ ${x.price}${x.corrects === undefined ? '' : `  (corrects ${x.corrects})`}${x.commission === undefined ? '' : `  commission ${x.commission} ${x.currency ?? ''}`}`);
  }
  lines.push('', `costs charged: ${r.costs.total} (${r.costs.charges.length} charges)`, '', 'positions:');
  for (const p of r.positions) lines.push(`  ${p.symbol} ${p.quantity} @ ${p.averageCost}`);
  if (r.positions.length === 0) lines.push('  none');
  lines.push('', `cash: ${r.cash} (starting cash ${r.startingCash})`, '');
  if (r.anomalies.length > 0) {
    lines.push(`anomalies (${r.anomalies.length}):`);
    for (const a of r.anomalies) lines.push(`  ${a.at}  ${a.kind}  order ${a.orderId}  ${a.execId}  ${a.text}`);
    lines.push('');
  }
  return lines.join('\n');
}

function instant(ms: number): string {
  return DateTime.fromMillis(ms, { zone: EXCHANGE_ZONE }).toISO({ suppressMilliseconds: true }) ?? String(ms);
}
