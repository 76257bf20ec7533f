/**
 * `robo backtest --out DIR`: the run as files a spreadsheet or a notebook reads — trades, orders, fills,
 * equity per session and per bar as CSV (times in New York, ISO 8601 with the offset; amounts as the
 * exact decimals), and the summary as JSON, the same object `--json` prints. docs/metrics.md lists the columns.
 */
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { writeWhole } from '../write-whole.js';
import type { BacktestRecord } from './types.js';

export const EXPORT_FILES = ['summary.json', 'trades.csv', 'orders.csv', 'fills.csv', 'equity.csv', 'equity-bars.csv'] as const;

/** Writes every export into `dir`, which exists (core/cli/output-folder.ts made it); each file appears whole or not at all. */
export async function writeExports(dir: string, record: BacktestRecord, summary: unknown, zone: string): Promise<void> {
  const time = (ms: number | undefined): string => (ms === undefined ? '' : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '');
  const files: Record<(typeof EXPORT_FILES)[number], string> = {
    'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
    'trades.csv': csv(
      ['strategy', 'symbol', 'direction', 'quantity', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'gross_pnl', 'fees', 'net_pnl', 'return_pct', 'holding_seconds', 'open'],
      record.trades.map((t) => [t.strategyId, t.symbol, t.direction, t.quantity, time(t.entryTime), t.entryPrice, time(t.exitTime), t.exitPrice ?? '', t.grossPnl, t.fees, t.netPnl, t.returnPercent, Math.round(t.holdingMs / 1000), t.open]),
    ),
    'orders.csv': csv(
      ['id', 'parent_id', 'strategy', 'symbol', 'side', 'type', 'quantity', 'limit_price', 'stop_price', 'tif', 'tag', 'created_time', 'state', 'filled_quantity', 'average_price', 'reason'],
      record.orders.map((o) => [o.id ?? '', o.parentId ?? '', o.strategyId, o.symbol, o.side, o.type, o.quantity, o.limitPrice ?? '', o.stopPrice ?? '', o.tif, o.tag ?? '', time(o.createdAt), o.state, o.filledQuantity, o.averagePrice ?? '', o.reason ?? '']),
    ),
    'fills.csv': csv(
      ['exec_id', 'order_id', 'strategy', 'symbol', 'side', 'quantity', 'price', 'time', 'fees', 'slippage'],
      record.fills.map((f) => [f.execId, f.orderId, f.strategyId, f.symbol, f.side, f.quantity, f.price, time(f.time), f.fees, f.slippage]),
    ),
    'equity.csv': csv(['date', 'time', 'equity', 'benchmark'], record.sessions.map((s) => [s.date, time(s.time), s.equity, s.benchmark])),
    'equity-bars.csv': csv(['time', 'equity'], record.equity.map((e) => [time(e.time), e.equity])),
  };
  for (const [name, text] of Object.entries(files)) await writeWhole(join(dir, name), text);
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  return stringify([header, ...rows], { cast: { boolean: (value) => String(value) } });
}
