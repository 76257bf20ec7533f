/** What the run paid, by kind of cost (commission, each regulatory fee, slippage), overall and per strategy. */
import type { BacktestRecord } from '../backtest/types.js';
import { dec, ZERO, type Decimal } from '../domain/money.js';
import { escapeHtml } from './escape.js';
import { money, percent } from './format.js';

/** The cost plugin's kinds in words; a kind not named here is shown by its key, spaced out. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  commission: 'Commission',
  exchangeFee: 'Exchange fees',
  clearingFee: 'Clearing fees',
  passThroughFee: 'Pass-through fees',
  secFee: 'SEC fee',
  tafFee: 'FINRA TAF',
  catFee: 'CAT fee',
  brokerAdjustment: 'Broker adjustment',
  fees: 'Commissions and fees',
  slippage: 'Slippage',
};

/** The key of the costs' own total, beside the kinds. */
const TOTAL = 'total';

/** What a cost record adds up to: its own total when it has one (the parts add up to it), else the sum of its kinds. */
export function costTotal(costs: Readonly<Record<string, string>>): Decimal {
  const total = costs[TOTAL];
  return total === undefined ? sum(Object.entries(costs).map(([, amount]) => amount)) : dec(total);
}

export function costKindName(kind: string): string {
  const name = KIND_NAMES[kind] ?? kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function costsTable(record: BacktestRecord): string {
  const overall = record.metrics.overall.costs;
  const strategies = Object.entries(record.metrics.byStrategy);
  // Per strategy only when there is more than one: with one, its column would repeat the overall one.
  const shown = strategies.length > 1 ? strategies : [];
  const all = [overall, ...shown.map(([, m]) => m.costs)];
  // A kind that cost nothing anywhere (the exchange fees of a fixed plan) is left out, not listed as zeros.
  const kinds = [...new Set(all.flatMap((costs) => Object.keys(costs)))].filter((kind) => kind !== TOTAL && all.some((costs) => !dec(costs[kind] ?? '0').isZero()));
  if (kinds.length === 0) return '<p class="note">This run paid no costs.</p>';
  const total = costTotal(overall);
  const head = `<tr><th scope="col">Kind</th><th scope="col" class="num">Overall</th><th scope="col" class="num">Share</th>${shown.map(([id]) => `<th scope="col" class="num">${escapeHtml(id)}</th>`).join('')}</tr>`;
  const row = (label: string, amount: string, share: string, perStrategy: readonly string[], cls = ''): string =>
    `<tr${cls}><th scope="row">${escapeHtml(label)}</th><td class="num">${money(amount)}</td><td class="num">${share}</td>${perStrategy.map((a) => `<td class="num">${money(a)}</td>`).join('')}</tr>`;
  const rows = kinds.map((kind) => {
    const amount = overall[kind] ?? '0';
    return row(costKindName(kind), amount, total.isZero() ? '' : percent(dec(amount).div(total).times(100).toString(), { places: 1 }), shown.map(([, m]) => m.costs[kind] ?? '0'));
  });
  const totals = row('Total', total.toString(), total.isZero() ? '' : '100.0%', shown.map(([, m]) => costTotal(m.costs).toString()), ' class="total"');
  return `<div class="table-wrap"><table class="costs"><caption class="sub">By kind, in money; slippage is inside the fill prices, the rest was charged to cash.</caption><thead>${head}</thead><tbody>${rows.join('')}${totals}</tbody></table></div>`;
}

function sum(amounts: readonly string[]): Decimal {
  return amounts.reduce((total, amount) => total.plus(dec(amount)), ZERO);
}
