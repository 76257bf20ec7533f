/**
 * Rebalance to target weights on a schedule: at the first bar at or after the scheduled New York time
 * on a scheduled day, each symbol is brought to its weight of equity at its last close, in whole shares —
 * sales first, so their cash pays for the purchases. Weights that add up to less than 100 keep the rest in cash.
 */
import { decimalFromNumber, ZERO, type Decimal } from '../../core/domain/money.js';
import type { Bar } from '../../core/domain/types.js';
import { defineStrategy, type StrategyContext } from '../sdk.js';
import { DateTime } from 'luxon';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

export interface RebalanceParams {
  /** Percent of equity per symbol: { SPY: 60, TLT: 40 }. */
  readonly weights: Readonly<Record<string, number>>;
  readonly every?: 'day' | 'week' | 'month';
  readonly weekday?: (typeof WEEKDAYS)[number];
  /** New York time, HH:MM. */
  readonly at?: string;
  /** Trades smaller than this percent of equity are skipped, so a rebalance does not churn. */
  readonly minTradePercent?: number;
}

export const rebalance = defineStrategy<RebalanceParams>({
  kind: 'rebalance',
  description: 'Holds each symbol at a target weight of equity, rebalanced on a schedule (every day, week or month at a New York time).',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['weights'],
    properties: {
      weights: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^[A-Z][A-Z0-9.]{0,11}$' },
        additionalProperties: { type: 'number', minimum: 0, maximum: 100 },
        description: 'Percent of equity each symbol is held at, e.g. { SPY: 60, TLT: 40 }; each symbol must be in symbols, and they add up to at most 100 (the rest stays cash).',
      },
      every: { enum: ['day', 'week', 'month'], default: 'week', description: 'day: every trading day. week: on weekday (or the next trading day that week). month: the first trading day of the month. Default week.' },
      weekday: { enum: [...WEEKDAYS], default: 'friday', description: 'With every: week, the day to rebalance. Default friday.' },
      at: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '15:45', description: 'New York time of day to rebalance at, HH:MM, within the session (an early close moves a later time to the last bar). Default 15:45.' },
      minTradePercent: { type: 'number', minimum: 0, maximum: 100, default: 0.5, description: 'Skip a trade smaller than this percent of equity. Default 0.5.' },
    },
  },
  check(entry, checker) {
    const params = entry['params'] as RebalanceParams | undefined;
    const symbols = Array.isArray(entry['symbols']) ? entry['symbols'] as string[] : [];
    if (params?.weights === undefined || typeof params.weights !== 'object') return;
    let total = 0;
    for (const [symbol, weight] of Object.entries(params.weights)) {
      if (typeof weight === 'number') total += weight;
      if (!symbols.includes(symbol)) checker.problem(['params', 'weights', symbol], `${symbol} has a weight but is not in this strategy's symbols (${symbols.join(', ')})`);
    }
    if (total > 100 + 1e-9) checker.problem(['params', 'weights'], `the weights add up to ${total}%; at most 100% (no leverage)`);
  },
  create(ctx, params) {
    return new Rebalancer(ctx, params);
  },
});

class Rebalancer {
  readonly #last = new Map<string, number>();
  #doneFor: string | undefined;

  constructor(private readonly ctx: StrategyContext, private readonly params: RebalanceParams) {}

  /** The schedule is the clock's, not the timeframe's: kept on the feed's own bars, so a `1d` timeframe cannot push it to the bell. */
  onBar(): void {
    // Everything happens on the feed's bars (onFeedBar), which come first.
  }

  onFeedBar(bar: Bar): void | Promise<void> {
    this.#last.set(bar.symbol, bar.close);
    const end = bar.time + bar.durationMs;
    const date = this.ctx.calendar.tradeDateOf(end - 1);
    if (this.#doneFor === date || !this.#scheduled(date)) return;
    const session = this.ctx.calendar.session(date);
    if (session === null) return;
    const [hours, minutes] = (this.params.at ?? '15:45').split(':').map(Number) as [number, number];
    // At the latest the last bar that ends before the close: an order at the bell would wait for the next session.
    const due = Math.min(DateTime.fromISO(date, { zone: this.ctx.calendar.zone }).set({ hour: hours, minute: minutes }).toMillis(), session.closeMs - bar.durationMs);
    if (end < due) return;
    // Every symbol needs a price of this session before its weight can be worked out.
    if (Object.keys(this.params.weights).some((symbol) => !this.#last.has(symbol))) return;
    this.#doneFor = date;
    return this.#rebalance();
  }

  #scheduled(date: string): boolean {
    const every = this.params.every ?? 'week';
    if (every === 'day') return true;
    const day = DateTime.fromISO(date, { zone: this.ctx.calendar.zone });
    if (every === 'month') return this.#firstTradingDay(day.startOf('month'), date);
    const weekday = WEEKDAYS.indexOf(this.params.weekday ?? 'friday') + 1;
    if (day.weekday === weekday) return true;
    // The scheduled weekday was a holiday: the next trading day of the same week rebalances instead.
    if (day.weekday < weekday) return false;
    const scheduled = day.set({ weekday: weekday as 1 | 2 | 3 | 4 | 5 });
    return !this.ctx.calendar.isTradingDay(scheduled.toISODate() ?? '') && this.#firstTradingDay(scheduled, date);
  }

  /** Whether `date` is the first trading day from `from` on. */
  #firstTradingDay(from: DateTime, date: string): boolean {
    for (let day = from; ; day = day.plus({ days: 1 })) {
      const iso = day.toISODate() ?? '';
      if (iso >= date) return iso === date;
      if (this.ctx.calendar.isTradingDay(iso)) return false;
    }
  }

  async #rebalance(): Promise<void> {
    const equity = this.ctx.equity();
    const minimum = equity.times(this.params.minTradePercent ?? 0.5).div(100);
    const trades: { symbol: string; delta: Decimal }[] = [];
    for (const [symbol, weight] of Object.entries(this.params.weights)) {
      if (this.ctx.openOrders(symbol).length > 0) continue; // the last rebalance's order is still working
      const price = decimalFromNumber(this.#last.get(symbol)!);
      const target = price.gt(0) ? equity.times(weight).div(100).div(price).floor() : ZERO;
      const delta = target.minus(this.ctx.position(symbol));
      if (delta.isZero() || delta.abs().times(price).lt(minimum)) continue;
      trades.push({ symbol, delta });
      this.ctx.log.info({ symbol, weight, target: target.toString(), price: price.toString() }, `rebalance ${symbol} to ${weight}% of equity $${equity.toFixed(2)}: ${target.toString()} shares`);
    }
    // Sales first: their cash pays for the purchases.
    trades.sort((a, b) => a.delta.comparedTo(b.delta));
    for (const { symbol, delta } of trades) {
      await this.ctx.submit({ symbol, side: delta.isPos() ? 'BUY' : 'SELL', quantity: delta.abs(), type: 'MKT', tag: 'rebalance' });
    }
  }
}
