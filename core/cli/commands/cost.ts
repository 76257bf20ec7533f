/**
 * `robo cost`: what one order would cost — commission and the regulatory fees of a New York trade date
 * under an IBKR plan — computed by the same code the cost-accounting plugin charges fills with.
 */
import { DateTime } from 'luxon';
import { RoboError } from '../../domain/errors.js';
import { ZERO, dec, type Decimal } from '../../domain/money.js';
import { EXCHANGE_ZONE, SystemClock } from '../../market/clock.js';
import { CostCalculator } from '../../../plugins/costs/calculator.js';
import { PLANS, type PlanName } from '../../../plugins/costs/commission.js';
import { FEE_KEYS, ROUNDING_POLICIES, feeTotal, feesToStrings, formatMoney, type FeeKey, type RoundingPolicy } from '../../../plugins/costs/fees.js';
import { ratesOn } from '../../../plugins/costs/tables.js';

export { PLANS, ROUNDING_POLICIES };

export interface CostCommandOptions {
  readonly plan: PlanName;
  readonly side: 'buy' | 'sell';
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly date?: string;
  readonly monthVolume?: Decimal;
  readonly rounding?: RoundingPolicy;
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

export function costCommand(options: CostCommandOptions): void {
  // Without --date, today's rates: the trade date is the New York date now.
  const tradeDate = options.date ?? new SystemClock().now().toFormat('yyyy-MM-dd');
  const side = options.side === 'buy' ? 'BUY' : 'SELL';
  const rounding = options.rounding ?? 'none';
  const monthVolume = options.monthVolume ?? ZERO;
  const calculator = new CostCalculator({ plan: options.plan, rounding }, { month: tradeDate.slice(0, 7), shares: monthVolume });
  const fees = calculator.quote(side, options.quantity, options.price, tradeDate);
  const value = options.quantity.times(options.price);
  const total = feeTotal(fees);
  const rates = options.plan === 'zero' ? undefined : ratesOn(tradeDate);

  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      plan: options.plan,
      side,
      quantity: options.quantity.toFixed(),
      price: options.price.toFixed(),
      tradeDate,
      value: formatMoney(value),
      monthVolume: monthVolume.toFixed(),
      rounding,
      ...feesToStrings(fees),
      total: formatMoney(total),
      ...(rates === undefined ? {} : { rates: { secPerDollarSold: rates.sec.rate.toFixed(), tafPerShareSold: rates.taf.perShare.toFixed(), tafMaxPerTrade: rates.taf.maxPerTrade.toFixed(), catPerShare: rates.cat.perShare.toFixed() } }),
    })}\n`);
    return;
  }
  const lines = [`${options.plan}: ${side} ${options.quantity.toFixed()} @ ${options.price.toFixed()} on ${tradeDate} (trade value ${formatMoney(value)}; rounding ${rounding}${options.plan === 'ibkr-tiered' ? `; ${monthVolume.toFixed()} shares already this month` : ''})`];
  for (const key of FEE_KEYS) {
    if (options.plan !== 'ibkr-tiered' && (key === 'exchangeFee' || key === 'clearingFee' || key === 'passThroughFee')) continue;
    lines.push(`  ${LABELS[key].padEnd(14)} ${formatMoney(fees[key])}`);
  }
  lines.push(`  ${'total'.padEnd(14)} ${formatMoney(total)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
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
