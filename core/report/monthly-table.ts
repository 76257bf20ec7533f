/** The years × months table of returns, each cell shaded by its size so good and bad stretches stand out. */
import { dec } from '../domain/money.js';
import type { YearReturns } from './monthly-returns.js';
import { percent } from './format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A month this far up or down gets the fullest shade; smaller ones get proportionally less. */
const FULL_SHADE_PERCENT = 8;

export function monthlyTable(years: readonly YearReturns[]): string {
  if (years.length === 0) return '<p class="note">No sessions, so no monthly returns.</p>';
  const head = `<tr><td></td>${MONTHS.map((m) => `<th scope="col" class="num">${m}</th>`).join('')}<th scope="col" class="num year">Year</th></tr>`;
  const rows = years.map((year) => {
    const months = year.months.map((value, i) => cell(value, `${year.year}-${String(i + 1).padStart(2, '0')}`, ''));
    return `<tr><th scope="row">${year.year}</th>${months.join('')}${cell(year.total, String(year.year), ' year')}</tr>`;
  });
  return `<div class="table-wrap"><table class="monthly"><caption class="sub">Each month from the last session close before it to its own last close; the year compounds its months.</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function cell(value: string | null, key: string, cls: string): string {
  if (value === null) return `<td class="num none${cls}" data-period="${key}"></td>`;
  return `<td class="num${cls}" data-period="${key}" style="background:${shade(value)}">${percent(value, { signed: true, places: 1 })}</td>`;
}

/** Green up, red down, more opaque the larger the move; computed here so the page needs no script for it. */
function shade(value: string): string {
  const number = dec(value);
  const strength = Math.min(number.abs().toNumber() / FULL_SHADE_PERCENT, 1);
  const alpha = (0.06 + 0.44 * strength).toFixed(3);
  return number.isNegative() ? `rgba(207,34,46,${alpha})` : `rgba(26,127,55,${alpha})`;
}
