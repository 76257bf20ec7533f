/** A sweep's ranked results as a table for the terminal, and the same cells as CSV (`--csv FILE`). */
import type { SweepRow, Outcome } from './results.js';
import { SORT_KEYS, shown, tableKeys, type SortKeyName } from './ranking.js';

/** Header and rows of cells, the same for the terminal and the CSV file. */
export function tableCells(rows: readonly SweepRow[], axes: readonly string[], sortedBy: SortKeyName): { readonly header: string[]; readonly body: string[][] } {
  const keys = tableKeys(sortedBy);
  const walkForward = rows.some((row) => row.kind === 'walk-forward');
  const metrics = (prefix: string): string[] => keys.map((key) => `${prefix}${SORT_KEYS[key].label}`);
  // The error column only when some run failed: a clean sweep's table stays narrow.
  const failed = rows.some((row) => errorCell(row) !== '');
  const header = ['rank', '#', ...axes, ...(walkForward ? [...metrics('IS '), ...metrics('OOS ')] : metrics('')), ...(failed ? ['error'] : [])];
  const cells = (o: Outcome): string[] => keys.map((key) => shown(SORT_KEYS[key], o.summary));
  const body = rows.map((row, at) => [
    String(at + 1),
    String(row.index),
    ...axes.map((axis) => String(row.values[axis])),
    ...(row.kind === 'plain' ? cells(row.run) : [...cells(row.inSample), ...cells(row.outOfSample)]),
    ...(failed ? [errorCell(row)] : []),
  ]);
  return { header, body };
}

function errorCell(row: SweepRow): string {
  const say = (o: Outcome, where: string): string => (o.error === undefined ? '' : `${where}${o.error.code}: ${o.error.message.split('\n')[0] ?? ''}`);
  if (row.kind === 'plain') return say(row.run, '');
  return [say(row.inSample, 'IS '), say(row.outOfSample, 'OOS ')].filter((text) => text !== '').join('; ');
}

/** Columns padded to their widest cell; text left, figures right. */
export function formatTable(cells: { readonly header: readonly string[]; readonly body: readonly (readonly string[])[] }): string {
  const all = [cells.header, ...cells.body];
  const widths = cells.header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const numeric = cells.header.map((_, c) => cells.body.every((row) => /^-?[\d.]*$|^-$/.test(row[c] ?? '')));
  const line = (row: readonly string[]): string => row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(cells.header), ...cells.body.map(line)].join('\n');
}

/** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
export function formatCsv(cells: { readonly header: readonly string[]; readonly body: readonly (readonly string[])[] }): string {
  const cell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return [cells.header, ...cells.body].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
