/** Turns what the plugin saw into one journal line, CSV or JSON lines, with every decimal as its exact text. */

export type TradeLogFormat = 'csv' | 'jsonl';

export interface TradeRow {
  /** ISO-8601 time on the host clock (market time in a backtest). */
  readonly time: string;
  readonly event: 'fill' | 'veto' | 'state';
  readonly strategy?: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly quantity?: string;
  readonly price?: string;
  readonly orderId?: number;
  readonly execId?: string;
  readonly position?: string;
  /** Who vetoed, or who changed the trading state. */
  readonly by?: string;
  /** The veto's code, or the state change (`ACTIVE->HALTED`). */
  readonly code?: string;
  readonly reason?: string;
}

export const COLUMNS = ['time', 'event', 'strategy', 'symbol', 'side', 'quantity', 'price', 'orderId', 'execId', 'position', 'by', 'code', 'reason'] as const;

export function header(format: TradeLogFormat): string | undefined {
  return format === 'csv' ? `${COLUMNS.join(',')}\n` : undefined;
}

export function formatRow(row: TradeRow, format: TradeLogFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(row)}\n`;
  return `${COLUMNS.map((column) => csvField(row[column])).join(',')}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
