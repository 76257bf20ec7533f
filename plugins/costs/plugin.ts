/**
 * Every fill pays its costs: the commission of the configured plan and the regulatory fees of its New
 * York trade date are charged to cash per fill in Decimal, a broker-reported actual replaces the
 * estimate, and each fill's log line and the run summary show the breakdown. A fee is an estimate, not a
 * safety limit: past a table's verifiedThrough date its last rate stays in force and the run says so; only
 * `staleRates: refuse` turns that into a veto, and never for an order that only reduces a position.
 */
import { limitPriceOf, stopPriceOf } from '../../core/domain/order-rules.js';
import { RoboError, isRoboError, messageOf } from '../../core/domain/errors.js';
import type { Execution, OrderIntent } from '../../core/domain/types.js';
import { ZERO, decimalFromNumber, type Decimal } from '../../core/domain/money.js';
import { costsOptionsSchema } from './options.js';
import { STAGE } from '../../core/host/hooks.js';
import { definePlugin } from '../../core/host/plugin.js';
import type { PluginApi } from '../../core/host/plugin-api.js';
import type { Fill, OrderRequest, Veto } from '../../core/host/events.js';
import type { MaybePromise } from '../../core/host/series.js';
import { CostCalculator, type MonthVolume } from './calculator.js';
import type { PlanName } from './commission.js';
import { feeTotal, feesToStrings, formatMoney, type Fees, type RoundingPolicy } from './fees.js';
import { CostLedger } from './ledger.js';
import { COST_ACCOUNTING, MONTH_VOLUME_REPAIR, monthFromJson, monthToJson } from './month-volume.js';
import { StaleRateTally, describeStale, remedyFor, tablesOwedBy } from './stale-rates.js';
import { builtinRateBook, type DayRates, type RateBook, type RateStatus, type RateTableName } from './tables.js';
import { userRowsOf, type UserRates } from './user-rates.js';
import { Exposure } from '../exposure.js';
import { excerpt } from '../../core/quote.js';

export const PLUGIN_NAME = COST_ACCOUNTING;

/** `safety.costs` in robo.config.yaml; keys left out take the schema's defaults. */
export interface CostOptions {
  readonly plan?: PlanName;
  readonly rounding?: RoundingPolicy;
  readonly monthVolume?: number;
  readonly staleRates?: 'warn' | 'refuse';
  readonly rates?: UserRates;
  /** Read by the command line, which passes the merged tables as `rateBook`; a plugin cannot read files. */
  readonly ratesFiles?: readonly string[];
  /** The built-in tables with the user's rows merged in (the command line builds it); default: built-in plus `rates`. */
  readonly rateBook?: RateBook;
}

const DEFAULTS = costsOptionsSchema.properties;

export const costAccounting = definePlugin<CostOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: costsOptionsSchema,
  hostOnlyOptions: ['rateBook'],
  apply(api, options) {
    const plan = options.plan ?? DEFAULTS.plan.default;
    const rounding = options.rounding ?? DEFAULTS.rounding.default;
    const refuseStale = (options.staleRates ?? DEFAULTS.staleRates.default) === 'refuse';
    const book = options.rateBook ?? builtinRateBook().withUserRows(userRowsOf(options.rates ?? {}, 'the config'));
    const startDate = api.calendar.tradeDateOf(api.clock.nowMs());
    const calculator = new CostCalculator({ plan, rounding }, restoreMonth(api, startDate, options.monthVolume ?? DEFAULTS.monthVolume.default), (date) => book.on(date));
    const ledger = new CostLedger();
    // Said once per table, when a fill first uses a rate nobody verified for its date.
    const stale = new StaleRateTally((lookup, date) => api.log.warn({ costs: { table: lookup.table.name, status: lookup.status, verifiedThrough: lookup.table.verifiedThrough } }, `${describeStale(lookup, date)}; the estimate says so in the run summary. What to do: ${remedyFor(lookup.status as 'carried-forward' | 'carried-back')}`));
    // Only `refuse` needs to know what is already on order, to let a reducing order through.
    const exposure = refuseStale ? new Exposure(api) : undefined;
    const tap = { name: PLUGIN_NAME, stage: STAGE.ACCOUNTING };

    // A date before a table's first row refuses the order instead of guessing; a carried-forward rate only
    // does under `refuse`. The estimate itself is only worked out when it will be logged (debug). A sync tap.
    api.hooks.beforeOrder.tap(tap, (request) => {
      if (plan === 'zero') return undefined;
      const { intent } = request;
      const tradeDate = api.calendar.tradeDateOf(api.clock.nowMs());
      let veto: Veto | undefined;
      try {
        veto = staleVeto(intent, request, book.on(tradeDate));
        if (veto === undefined && api.log.isLevelEnabled('debug')) logEstimate(intent, tradeDate);
      } catch (error) {
        if (!isRoboError(error, 'ROBO_ERR_COST_COVERAGE')) throw error;
        veto = { by: PLUGIN_NAME, code: error.code, reason: `no fee rates for this trade date: ${error.message}` };
      }
      if (exposure !== undefined) {
        if (veto === undefined) exposure.allow(request);
        else exposure.forget(request);
      }
      return veto;
    });

    /**
     * Under `refuse`: an order charged from a rate carried past its verified date is vetoed, unless it only
     * reduces the position. One that would pass through flat (a flip) is cut to the part that closes, so a
     * strategy can always get out; the host judges the amended order again.
     */
    function staleVeto(intent: OrderIntent, request: OrderRequest, day: DayRates): Veto | undefined {
      for (const name of tablesOwedBy(plan, intent.side)) {
        const lookup = day.lookup(name); // throws ROBO_ERR_COST_COVERAGE before a table's first row
        if (!refuseStale || lookup.status !== 'carried-forward' || exposure!.reducesOnly(intent, request)) continue;
        const why = `safety.costs.staleRates is refuse and ${describeStale(lookup, day.date)}`;
        const closing = closingPart(intent, request);
        if (closing === undefined) return { by: PLUGIN_NAME, code: 'COST_RATES_STALE', reason: `${why}; only orders that reduce a position pass` };
        request.amend({ ...intent, quantity: closing }, PLUGIN_NAME, `${why}: cut to the ${closing.toString()} shares that close the position`);
        return undefined;
      }
      return undefined;
    }

    /** The shares of an order against the position that close it, after what is already on order; undefined when none would. */
    function closingPart(intent: OrderIntent, request: OrderRequest): Decimal | undefined {
      const position = api.portfolio.position(intent.symbol).quantity;
      const opposite = intent.side === 'SELL' ? position.gt(0) : position.lt(0);
      if (!opposite) return undefined;
      const room = position.abs().minus(exposure!.onSide(intent.symbol, intent.side, request).quantity);
      return room.gt(0) && room.lt(intent.quantity) ? room : undefined;
    }

    function logEstimate(intent: OrderIntent, tradeDate: string): void {
      const last = api.portfolio.lastPrice(intent.symbol);
      const price = limitPriceOf(intent) ?? stopPriceOf(intent) ?? (last === undefined ? undefined : decimalFromNumber(last));
      if (price === undefined) return;
      const estimate = calculator.quote(intent.side, intent.quantity, price, tradeDate);
      api.log.debug({ strategy: intent.strategyId, symbol: intent.symbol, costs: feesToStrings(estimate) }, `estimated costs of ${intent.side} ${intent.quantity.toString()} ${intent.symbol} at ${price.toString()}: ${formatMoney(feeTotal(estimate))}`);
    }

    const reportAnomaly = api.reportAnomaly;
    if (reportAnomaly === undefined) throw new RoboError('ROBO_ERR_PLUGIN_FAILED', `${PLUGIN_NAME} reports fills it cannot cost, which only a mandatory built-in plugin may do`);

    /** The fill's fees and the rates behind them, or why they could not be worked out. */
    function costsOf(fill: Fill): { fees: Fees; day: DayRates; owed: readonly RateTableName[] } | { unknown: string } {
      const { execution } = fill;
      try {
        const tradeDate = api.calendar.tradeDateOf(execution.time);
        const fees = calculator.fill({ orderId: execution.orderId, side: execution.side, quantity: execution.quantity, price: execution.price, tradeDate });
        const day = book.on(tradeDate);
        const owed = tablesOwedBy(plan, execution.side);
        stale.record(day, owed);
        return { fees, day, owed };
      } catch (error) {
        return { unknown: messageOf(error) };
      }
    }

    // Observe-only; the host calls it directly: no promise unless a fill's costs are unknown.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    api.hooks.afterFill.tap(tap, (fill): MaybePromise => {
      const { execution } = fill;
      const costs = costsOf(fill);
      if (fill.order.state.kind === 'filled') calculator.closeOrder(execution.orderId);
      if (plan === 'ibkr-tiered') api.store.write(monthToJson(calculator.monthVolume));
      const slippage = execution.slippage?.times(execution.quantity) ?? ZERO;
      const known = 'fees' in costs;
      const charge = ledger.recordFill(execution.execId, fill.strategyId, known ? costs.fees : undefined, slippage);
      if (!charge.isZero()) api.charge(charge, `costs of execution ${execution.execId}`);
      if (known) {
        // The note only goes into the fill's info line: not built when that line is not written.
        if (api.log.isLevelEnabled('info')) api.noteFill(execution.execId, describe(costs.fees, charge, slippage, execution.slippage !== undefined, ratesNote(costs.day, costs.owed)));
        return undefined;
      }
      // Never a silent 0: the fill is marked, the host journals and reports it, the breaker counts it.
      api.noteFill(execution.execId, { text: `costs UNKNOWN (${costs.unknown})`, fields: { costs: { unknown: costs.unknown, charged: formatMoney(charge) } } });
      return reportAnomaly({
        kind: 'cost-unknown', orderId: execution.orderId, execId: execution.execId, symbol: execution.symbol,
        message: `the costs of execution ${execution.execId} (${execution.side} ${execution.quantity.toString()} ${execution.symbol} @ ${execution.price.toString()}) could not be computed: ${costs.unknown}; booked without costs${charge.isZero() ? '' : ` except the broker's actual ${formatMoney(charge)}`}`,
      });
    });

    /**
     * A fill booked before a restart, whose commission report came only now: its estimate was charged
     * then, and is worked out again from the fill — the same plan, rates and trade date give the same
     * figure for an order's only fill — so the actual replaces it instead of being charged on top of it.
     */
    function restoreEstimate(execution: Execution): void {
      const strategyId = api.orders.get(execution.orderId)?.intent.strategyId ?? '';
      const estimate = feeTotal(calculator.quote(execution.side, execution.quantity, execution.price, api.calendar.tradeDateOf(execution.time)));
      ledger.restore(execution.execId, strategyId, estimate);
      api.log.info({ execId: execution.execId, estimate: formatMoney(estimate) }, `commission report for ${execution.execId}, a fill booked before this run: its estimate of ${formatMoney(estimate)} is worked out again for the broker's actual to replace`);
    }

    api.hooks.afterCommission.tapPromise(tap, async (report) => {
      if (report.currency !== 'USD') {
        api.log.error({ execId: report.execId, currency: report.currency }, `commission report for ${report.execId} is in ${report.currency}, not the account's USD; the estimate stands`);
        return;
      }
      if (!ledger.knows(report.execId) && report.execution !== undefined) restoreEstimate(report.execution);
      const delta = ledger.recordActual(report.execId, report.commission);
      if (!delta.isZero()) api.charge(delta, `broker adjustment of execution ${report.execId}`);
      const r = ledger.reconciliation(report.execId);
      if (r !== undefined) {
        api.log.info({ execId: r.execId, estimate: formatMoney(r.estimate), actual: formatMoney(r.actual), difference: formatMoney(r.difference) }, `commission of ${r.execId} reconciled: estimate ${formatMoney(r.estimate)}, broker ${formatMoney(r.actual)}, difference ${formatMoney(r.difference)}`);
      }
    });

    api.hooks.orderUpdate.tap(tap, ({ order }) => {
      if (order.state.kind === 'cancelled' || order.state.kind === 'rejected') calculator.closeOrder(order.id);
    });

    api.summary('costs', () => ({ ...ledger.summary(plan, rounding), staleRates: stale.uses() }));
    api.summaryNotices(() => stale.notices());
  },
});

/**
 * The rates of a fill worth a word in its log line: those from the user's rows, or not verified for the
 * fill's date. A built-in, verified rate — nearly every fill — adds nothing, so the line stays short.
 */
function ratesNote(day: DayRates, owed: readonly RateTableName[]): { text: string; rates: Record<string, { from: string; origin: string; status: RateStatus }> | undefined } {
  let rates: Record<string, { from: string; origin: string; status: RateStatus }> | undefined;
  const unusual: string[] = [];
  for (const name of owed) {
    const { row, status } = day.lookup(name);
    if (status === 'verified' && row.origin.kind === 'built-in') continue;
    const origin = row.origin.kind === 'built-in' ? 'built-in' : row.origin.file;
    (rates ??= {})[name] = { from: row.from, origin, status };
    unusual.push(`${name} rate from ${row.from} (${origin}${status === 'verified' ? '' : `, ${status}`})`);
  }
  return { text: unusual.length === 0 ? '' : `; ${unusual.join(', ')}`, rates };
}

/** The fill line's note: what was charged and of what, and the slippage already inside the price. */
function describe(fees: Fees, charged: Decimal, slippage: Decimal, simulated: boolean, rates: ReturnType<typeof ratesNote>): { text: string; fields: Record<string, unknown> } {
  const parts = [`commission ${formatMoney(fees.commission)}`];
  if (!fees.exchangeFee.isZero()) parts.push(`exchange ${formatMoney(fees.exchangeFee)}`);
  if (!fees.clearingFee.isZero()) parts.push(`clearing ${formatMoney(fees.clearingFee)}`);
  if (!fees.passThroughFee.isZero()) parts.push(`pass-through ${formatMoney(fees.passThroughFee)}`);
  parts.push(`SEC ${formatMoney(fees.secFee)}`, `TAF ${formatMoney(fees.tafFee)}`, `CAT ${formatMoney(fees.catFee)}`);
  const estimate = feeTotal(fees);
  const actual = charged.eq(estimate) ? '' : `, broker actual ${formatMoney(charged)}`;
  const slipped = simulated ? `; slippage ${formatMoney(slippage)} in the price` : '';
  return {
    text: `costs ${formatMoney(estimate)} (${parts.join(', ')}${actual})${slipped}${rates.text}`,
    // Assigned, not spread then extended: that would give each fill's object a hidden class of its own in V8.
    fields: { costs: Object.assign(feesToStrings(fees), { total: formatMoney(estimate), charged: formatMoney(charged) }, simulated ? { slippage: formatMoney(slippage) } : {}), ...(rates.rates === undefined ? {} : { costRates: rates.rates }) },
  };
}

/**
 * The month's Tiered volume at start: what `robo start` saved for this month if it ran before, else the
 * configured count. Saved state of the wrong shape stops the start: a wrong tier is worse than none.
 */
function restoreMonth(api: PluginApi, startDate: string, configured: number): MonthVolume {
  const month = startDate.slice(0, 7);
  let saved: unknown;
  try {
    saved = api.store.read();
  } catch (error) {
    if (!isRoboError(error, 'ROBO_ERR_STATE_CORRUPT')) throw error;
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the saved month volume of ${PLUGIN_NAME} cannot be read: ${error.message}`, { details: MONTH_VOLUME_REPAIR, cause: error });
  }
  if (saved === undefined) return { month, shares: decimalFromNumber(configured) };
  const parsed = monthFromJson(saved);
  if (parsed === undefined) {
    throw new RoboError('ROBO_ERR_STATE_CORRUPT', `the saved month volume of ${PLUGIN_NAME} is not { month: "yyyy-MM", shares: "<decimal>" }: ${excerpt(JSON.stringify(saved))}`, { details: MONTH_VOLUME_REPAIR });
  }
  return parsed.month === month ? parsed : { month, shares: decimalFromNumber(configured) };
}
