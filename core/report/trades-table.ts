/** The round trips, oldest first, up to a limit: a long run's thousands of rows would make the page too heavy to open. */
import type { TradeRow } from '../backtest/types.js';
import { escapeHtml } from './escape.js';
import { duration, money, nyTime, percent, tone } from './format.js';

export function tradesTable(trades: readonly TradeRow[], limit: number): string {
  if (trades.length === 0) return '<p class="note">No trades.</p>';
  const shown = trades.slice(0, limit);
  const head = ['#', 'Strategy', 'Symbol', 'Side', 'Quantity', 'Entry (New York)', 'Entry price', 'Exit (New York)', 'Exit price', 'Net P&L', 'Return', 'Held']
    .map((label, i) => `<th scope="col"${i === 0 || i >= 4 ? ' class="num"' : ''}>${escapeHtml(label)}</th>`)
    .join('');
  const rows = shown.map((t, i) => {
    const exit = t.open ? '<td><span class="badge open">open</span></td><td class="num"></td>' : `<td>${nyTime(t.exitTime ?? 0)}</td><td class="num">${money(t.exitPrice ?? '')}</td>`;
    return `<tr><td class="num">${i + 1}</td><td>${escapeHtml(t.strategyId)}</td><td>${escapeHtml(t.symbol)}</td>` +
      `<td><span class="badge ${t.direction}">${t.direction}</span></td><td class="num">${escapeHtml(t.quantity)}</td>` +
      `<td>${nyTime(t.entryTime)}</td><td class="num">${money(t.entryPrice)}</td>${exit}` +
      `<td class="num ${tone(t.netPnl)}">${money(t.netPnl, { signed: true })}</td><td class="num ${tone(t.returnPercent)}">${percent(t.returnPercent, { signed: true })}</td>` +
      `<td class="num">${duration(t.holdingMs)}</td></tr>`;
  });
  const note = trades.length > shown.length ? `<p class="note">Showing the first ${shown.length} of ${trades.length} trades.</p>` : '';
  return `${note}<div class="table-wrap scroll"><table class="trades"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
