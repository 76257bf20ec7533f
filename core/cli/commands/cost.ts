/**
 * `robo cost`: what one order would cost — commission and the regulatory fees of a New York trade date
 * under an IBKR plan — computed by the same code the cost-accounting plugin charges fills with, from the
 * built-in rates or, with `--config`, the rates that config adds; each rate says where it came from and
 * whether it was verified for that date or carried forward.
 */
import { DateTime } from 'luxon';
import { RoboError, isRoboError } from '../../domain/errors.js';
import { ZERO, dec, type Decimal } from '../../domain/money.js';
import { EXCHANGE_ZONE, SystemClock } from '../../market/clock.js';
import { CostCalculator } from '../../../plugins/costs/calculator.js';
import { PLANS, type PlanName } from '../../../plugins/costs/commission.js';
import { FEE_KEYS, ROUNDING_POLICIES, feeTotal, feesToStrings, formatMoney, type FeeKey, type RoundingPolicy } from '../../../plugins/costs/fees.js';
import { tablesOwedBy } from '../../../plugins/costs/stale-rates.js';
import { builtinRateBook, type DatedRow, type RateBook, type RateLookup, type RateStatus } from '../../../plugins/costs/tables.js';

export { PLANS, ROUNDING_POLICIES };

export interface CostCommandOptions {
  readonly plan?: PlanName;
  readonly side: 'buy' | 'sell';
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly date?: string;
  readonly monthVolume?: Decimal;
  readonly rounding?: RoundingPolicy;
  readonly config?: string;
  readonly json?: boolean;
}

const LABELS: Readonly<Record<FeeKey, string>> = {
  commission: 'commission',
  exchangeFee: 'exchange fee',
  clearingFee: 'clearing fee',
  passThroughFee: 'pass-through',
  secFee: 'SEC fee',
  tafFee: 'FINRA TAF',
  catFee: 'CAT fee',
};

/** Worst first: one carried rate makes the whole estimate carried. */
const STATUS_ORDER: readonly RateStatus[] = ['carried-forward', 'carried-back', 'verified'];

export async function costCommand(options: CostCommandOptions): Promise<void> {
  const { plan, rounding, book } = await settingsOf(options);
  // Without --date, today's rates: the trade date is the New York date now.
  const tradeDate = options.date ?? new SystemClock().now().toFormat('yyyy-MM-dd');
  const side = options.side === 'buy' ? 'BUY' : 'SELL';
  const monthVolume = options.monthVolume ?? ZERO;
  const calculator = new CostCalculator({ plan, rounding }, { month: tradeDate.slice(0, 7), shares: monthVolume }, (date) => book.on(date));
  const fees = pricedOn(tradeDate, () => calculator.quote(side, options.quantity, options.price, tradeDate));
  const value = options.quantity.times(options.price);
  const total = feeTotal(fees);
  const day = book.on(tradeDate);
  const used = tablesOwedBy(plan, side).map((name) => day.lookup(name));
  const rateStatus = STATUS_ORDER.find((status) => used.some((lookup) => lookup.status === status)) ?? 'verified';

  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      plan,
      side,
      quantity: options.quantity.toFixed(),
      price: options.price.toFixed(),
      tradeDate,
      value: formatMoney(value),
      monthVolume: monthVolume.toFixed(),
      rounding,
      ...feesToStrings(fees),
      total: formatMoney(total),
      rateStatus,
      rates: Object.fromEntries(used.map((lookup) => [lookup.table.name, rateJson(lookup)])),
    })}\n`);
    return;
  }
  const lines = [`${plan}: ${side} ${options.quantity.toFixed()} @ ${options.price.toFixed()} on ${tradeDate} (trade value ${formatMoney(value)}; rounding ${rounding}${plan === 'ibkr-tiered' ? `; ${monthVolume.toFixed()} shares already this month` : ''})`];
  for (const key of FEE_KEYS) {
    if (plan !== 'ibkr-tiered' && (key === 'exchangeFee' || key === 'clearingFee' || key === 'passThroughFee')) continue;
    lines.push(`  ${LABELS[key].padEnd(14)} ${formatMoney(fees[key])}`);
  }
  lines.push(`  ${'total'.padEnd(14)} ${formatMoney(total)}`);
  for (const lookup of used) {
    const { table, row, status } = lookup;
    const origin = row.origin.kind === 'built-in' ? 'built-in' : `from ${row.origin.file}`;
    const note = status === 'verified' ? '' : status === 'carried-forward' ? `, carried forward: verified through ${table.verifiedThrough}` : `, carried back: the table starts on ${table.firstDate}`;
    lines.push(`  rates: ${table.name} in force from ${row.from} (${origin}: ${row.origin.source}${note})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A date before a table's first row is a date the user chose: invalid input (exit 2), with the table's own message. */
function pricedOn<T>(tradeDate: string, price: () => T): T {
  try {
    return price();
  } catch (error) {
    if (!isRoboError(error, 'ROBO_ERR_COST_COVERAGE')) throw error;
    throw new RoboError('ROBO_ERR_USAGE', `--date ${tradeDate}: ${error.message}`, { details: [...error.details, '  choose a later --date, or add the rates of that date with --config (docs/costs.md)'] });
  }
}

/** The plan, rounding and tables: from the flags, or from a config's `safety.costs` where a flag is left out. */
async function settingsOf(options: CostCommandOptions): Promise<{ plan: PlanName; rounding: RoundingPolicy; book: RateBook }> {
  if (options.config === undefined) {
    if (options.plan === undefined) throw new RoboError('ROBO_ERR_USAGE', 'robo cost needs --plan (ibkr-fixed, ibkr-tiered or zero), or --config <file> to take the plan and rates from a config');
    return { plan: options.plan, rounding: options.rounding ?? 'none', book: builtinRateBook() };
  }
  // loadCliConfig already read the config's rates files into its rate book: it is used as it is, not read twice.
  const { config, rateBook } = await (await import('../load.js')).loadCliConfig(options.config);
  const costs = config.safety.costs;
  return { plan: options.plan ?? costs.plan, rounding: options.rounding ?? costs.rounding, book: rateBook };
}

function rateJson(lookup: RateLookup<DatedRow>): Record<string, unknown> {
  const { table, row, status } = lookup;
  const { from, origin, ...rates } = row;
  return {
    from,
    status,
    verifiedThrough: table.verifiedThrough,
    origin: origin.kind,
    file: origin.file,
    source: origin.source,
    // Decimals serialize as their exact strings (toJSON), never as floats.
    ...JSON.parse(JSON.stringify(rates)) as Record<string, unknown>,
  };
}

/** A command-line decimal: digits with an optional fraction, never through a float. */
export function parseDecimalArgument(flag: string, allowZero: boolean): (value: string) => Decimal {
  return (value) => {
    if (!/^\d+(\.\d+)?$/.test(value) || (!allowZero && dec(value).isZero())) {
      throw new RoboError('ROBO_ERR_USAGE', `${flag} expected a ${allowZero ? 'non-negative' : 'positive'} decimal number such as 100 or 12.34, was ${JSON.stringify(value)}`);
    }
    return dec(value);
  };
}

/** A real calendar date written yyyy-mm-dd. */
export function parseDateArgument(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) throw new RoboError('ROBO_ERR_USAGE', `--date expected a New York trade date written yyyy-mm-dd, was ${JSON.stringify(value)}`);
  return value;
}

function isRealDate(value: string): boolean {
  try {
    // The CLI sets luxon to throw on invalid dates; elsewhere it returns an invalid DateTime.
    return DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: EXCHANGE_ZONE }).isValid;
  } catch {
    return false;
  }
}
