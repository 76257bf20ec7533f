/**
 * Guarantees that no order reaches the broker outside trading hours, over its size or value limit, past
 * the position or open-order limit of its symbol, or with a limit price far from the last trade — each
 * judged after the limit price is rounded to the tick, and failing closed when no price is known.
 */
import { messageOf } from '../../core/domain/errors.js';
import { ZERO, decimalFromNumber, type Decimal } from '../../core/domain/money.js';
import { describeOrder, isProtective, limitPriceOf, snapPrices, stopPriceOf } from '../../core/domain/order-rules.js';
import type { OrderIntent, Veto } from '../../core/domain/types.js';
import type { ResolvedConfig } from '../../core/config/defaults.js';
import { riskLimitsOptionsSchema } from './options.js';
import type { OrderRequest } from '../../core/host/events.js';
import { STAGE } from '../../core/host/hooks.js';
import { definePlugin } from '../../core/host/plugin.js';
import { describeStaleness } from '../../core/host/price-marks.js';
import { requireAtSend, type PluginApi } from '../../core/host/plugin-api.js';
import { formatInstant } from '../circuit-breaker/state.js';
import { Exposure } from '../exposure.js';
import { StrategyPositions } from './strategy-positions.js';

export const PLUGIN_NAME = 'robo:risk-limits';

export type RiskLimitsOptions = ResolvedConfig['safety']['riskLimits'] & {
  /** Each strategy's own limits (`strategies[].limits` in the config), by strategy id; the command line hands them over. */
  readonly strategyLimits?: Readonly<Record<string, { readonly maxPositionQuantity?: number }>>;
};

export const riskLimits = definePlugin<RiskLimitsOptions>({
  name: PLUGIN_NAME,
  mandatory: true,
  optionsSchema: riskLimitsOptionsSchema,
  hostOnlyOptions: ['strategyLimits'],
  apply(api, options) {
    const exposure = new Exposure(api);
    const check = checker(api, options, exposure);
    api.hooks.beforeOrder.tap({ name: PLUGIN_NAME, stage: STAGE.SAFETY }, (request) => {
      const veto = check.judge(request);
      if (veto === undefined) exposure.allow(request);
      else exposure.forget(request);
      return veto;
    });
    // After state recovery has settled the books (it taps at SAFETY): what the account already holds.
    const heldOver = new Map<string, string>();
    api.hooks.beforeTrading.tap({ name: PLUGIN_NAME, stage: STAGE.ACCOUNTING }, ({ reason }) => {
      for (const [symbol, line] of heldOverLimit(api, decimalFromNumber(options.maxPositionQuantity), reason)) {
        if (!heldOver.has(symbol)) api.log.warn({ symbol, reason }, line);
        heldOver.set(symbol, line);
      }
      return undefined;
    });
    api.summaryNotices(() => [...heldOver.values()]);
    requireAtSend(api.atSend, PLUGIN_NAME)((intent) => check.atSend(intent));
  },
});

/**
 * Positions the account holds when trading starts or resumes that are already over the position limit
 * (held before Robo started, or the limit lowered since). They are not forced down: only orders that
 * bring them toward flat pass, which the operator must know before the first order is refused.
 */
function heldOverLimit(api: PluginApi, maxPosition: Decimal, reason: 'start' | 'reconnect'): [string, string][] {
  return api.portfolio.positions()
    .filter(({ quantity }) => quantity.abs().gt(maxPosition))
    .map(({ symbol, quantity }) => [symbol, `${symbol}: ${quantity.toString()} held at ${reason}, over maxPositionQuantity ${maxPosition.toString()}: only orders that bring it toward flat pass`]);
}

interface Checker {
  /** Every limit, when the order is asked for. */
  judge(request: OrderRequest): Veto | undefined;
  /** What time changes — the trading hours, the last price under the collar — judged again as the order is sent. */
  atSend(intent: OrderIntent): Veto | undefined;
}

function checker(api: PluginApi, options: RiskLimitsOptions, exposure: Exposure): Checker {
  const maxQuantity = decimalFromNumber(options.maxOrderQuantity);
  const maxNotional = decimalFromNumber(options.maxOrderNotional);
  const maxPosition = decimalFromNumber(options.maxPositionQuantity);
  const collar = decimalFromNumber(options.priceCollarPercent);
  const veto = (code: string, reason: string): Veto => ({ by: PLUGIN_NAME, code, reason });
  // Sessions open and close on whole New York minutes (whole UTC minutes too), so one answer holds for
  // the minute; a burst of orders asks the calendar once.
  let hours: { minute: number; open: boolean } | undefined;
  const marketOpen = (now: number): boolean => {
    const minute = Math.floor(now / 60_000);
    if (hours?.minute !== minute) hours = { minute, open: api.calendar.isOpen(now, options.tradingHours) };
    return hours.open;
  };
  const money = (value: Decimal): string => value.toFixed(2);
  const describe = (intent: OrderIntent): string => `${intent.side} ${intent.quantity.toString()} ${intent.symbol}`;
  const daily = new DailyNotional(api, decimalFromNumber(options.maxDailyNotional), veto, describe, money);
  const strategyLimits = new Map(Object.entries(options.strategyLimits ?? {}).flatMap(([id, limits]) => (limits.maxPositionQuantity === undefined ? [] : [[id, decimalFromNumber(limits.maxPositionQuantity)] as const])));
  // Tracked only when some strategy has a limit of its own: otherwise nothing reads it.
  const ownPositions = strategyLimits.size > 0 ? new StrategyPositions(api) : undefined;

  /** The strategy's own position limit, judged like the account's on what its own fills and orders hold. */
  const strategyVeto = (request: OrderRequest): Veto | undefined => {
    const intent = request.intent;
    const limit = strategyLimits.get(intent.strategyId);
    if (limit === undefined || ownPositions === undefined) return undefined;
    const own = ownPositions.of(intent.strategyId, intent.symbol);
    const onSide = exposure.onSide(intent.symbol, intent.side, request, intent.strategyId);
    const committed = onSide.quantity.plus(intent.quantity);
    const after = intent.side === 'BUY' ? own.plus(committed) : own.minus(committed);
    if (after.abs().lte(limit) || shrinksTowardFlat(own, after)) return undefined;
    return veto('RISK_MAX_STRATEGY_POSITION', `${describe(intent)}: strategy ${intent.strategyId} holds ${own.toString()} ${intent.symbol} of its own, with ${onSide.quantity.toString()} more on order on that side, and would reach ${after.toString()}, over its limit of ${limit.toString()} shares (strategies[].limits.maxPositionQuantity)`);
  };

  /**
   * The config's trading hours, or the extended session for an order that asks to work outside regular
   * hours. An OPG order is for an opening auction still to come, so it is sent while the market is
   * closed; so is a GTC stop that only reduces a position, or a GTC exit of a bracket — it waits at the
   * broker for the next session, and a position must never wait unprotected for the market to open.
   */
  const hoursVeto = (intent: OrderIntent, except: OrderRequest | OrderIntent): Veto | undefined => {
    if (intent.tif === 'OPG') return undefined;
    // A bracket's exit is judged with its entry (a bracket sent while closed is refused by its entry's hours).
    if (intent.tif === 'GTC' && isProtective(intent) && (intent.bracket !== undefined || exposure.reducesOnly(intent, except))) return undefined;
    const now = api.clock.nowMs();
    const session = intent.outsideRth === true ? 'extended' : options.tradingHours;
    let open: boolean;
    try {
      open = session === options.tradingHours ? marketOpen(now) : api.calendar.isOpen(now, session);
    } catch (error) {
      return veto('RISK_MARKET_HOURS_UNKNOWN', `cannot tell whether the market is open at ${formatInstant(now)} (${messageOf(error)}), so ${describe(intent)} was refused`);
    }
    return open ? undefined : veto('RISK_MARKET_CLOSED', `the market is closed at ${formatInstant(now)} (${session} hours${intent.outsideRth === true ? ', as the order asks' : ' only'}), so ${describe(intent)} was refused`);
  };

  /** The last trade price, or the veto when there is none: the order's value and price cannot be checked without it. */
  const lastPriceOf = (intent: OrderIntent): Decimal | Veto => {
    const last = api.portfolio.lastPrice(intent.symbol);
    const price = last === undefined ? undefined : decimalFromNumber(last);
    if (price === undefined || price.lte(0)) return veto('RISK_NO_PRICE', `${describe(intent)}: there is no last trade price for ${intent.symbol} yet, so the order's value and price cannot be checked`);
    return price;
  };

  /** Each price the order names — its limit, its stop, a trailing stop's start — within the collar of the last trade. */
  const collarVeto = (intent: OrderIntent, lastPrice: Decimal): Veto | undefined => {
    for (const [what, price] of [['limit', limitPriceOf(intent)], [intent.type === 'TRAIL' ? 'initial stop' : 'stop', stopPriceOf(intent)]] as const) {
      if (price === undefined) continue;
      const distance = price.minus(lastPrice).abs().div(lastPrice).times(100);
      if (distance.gt(collar)) return veto('RISK_PRICE_COLLAR', `${describe(intent)}: the ${what} price ${price.toString()} is ${distance.toFixed(2)}% from the last trade of ${lastPrice.toString()}, outside the ${collar.toString()}% collar`);
    }
    return undefined;
  };

  const judge = (request: OrderRequest): Veto | undefined => {
    // Limits are judged on the prices that would be sent: on the tick, rounded the way that never costs the trader.
    const snapped = snapPrices(request.intent);
    if (snapped !== request.intent) request.amend(snapped, PLUGIN_NAME, `prices of ${describeOrder(request.intent)} rounded to the tick`);
    const intent = request.intent;
    const what = describe(intent);

    const closed = hoursVeto(intent, request) ?? staleVeto(intent, request);
    if (closed) return closed;

    // The size limits catch a fat finger; an order that only brings a position toward flat is bounded by
    // the position itself, so it passes them — a position that grew in value must never be left unclosable.
    const reducing = exposure.reducesOnly(intent, request);
    if (intent.quantity.gt(maxQuantity) && !reducing) return veto('RISK_MAX_QUANTITY', `${what}: the quantity is over the limit of ${maxQuantity.toString()} shares per order`);

    const lastPrice = lastPriceOf(intent);
    if (!isDecimal(lastPrice)) return lastPrice;
    const price = limitPriceOf(intent) ?? stopPriceOf(intent) ?? lastPrice;
    const notional = intent.quantity.times(price);
    if (notional.gt(maxNotional) && !reducing) {
      return veto('RISK_MAX_NOTIONAL', `${what}: the order's value of ${money(notional)} (at ${price.toString()}) is over the limit of ${money(maxNotional)} per order`);
    }
    const outside = collarVeto(intent, lastPrice);
    if (outside) return outside;
    // A bracket's exit only closes what its entry opens, and no more (the broker works it for what the
    // entry filled): the entry was judged against the position limits, so the exit is judged as reducing.
    if (intent.bracket !== undefined && intent.bracket.role !== 'entry') return undefined;
    const overDay = daily.veto(request, notional, reducing);
    if (overDay) return overDay;

    const onSide = exposure.onSide(intent.symbol, intent.side, request);
    if (onSide.orders + 1 > options.maxOpenOrdersPerSide) {
      return veto('RISK_MAX_OPEN_ORDERS', `${what}: ${intent.symbol} already has ${onSide.orders} open ${intent.side} orders, the most allowed per side is ${options.maxOpenOrdersPerSide}`);
    }
    const position = api.portfolio.position(intent.symbol).quantity;
    const committed = onSide.quantity.plus(intent.quantity);
    const after = intent.side === 'BUY' ? position.plus(committed) : position.minus(committed);
    // The position the order would leave is what is judged, on whichever side of flat it ends. An order
    // that only shrinks the position toward flat always passes, even when the position is over the limit
    // (held at start, or the limit lowered); one that passes through flat is judged like any other.
    if (after.abs().gt(maxPosition) && !shrinksTowardFlat(position, after)) {
      return veto('RISK_MAX_POSITION', `${what}: the position of ${position.toString()}, with ${onSide.quantity.toString()} more on order on that side, would reach ${after.toString()}, over the limit of ${maxPosition.toString()} shares`);
    }
    return strategyVeto(request);
  };

  /** A price too old to check against: new exposure waits for a fresh one; an order that only reduces passes. */
  const staleVeto = (intent: OrderIntent, except: OrderRequest | OrderIntent): Veto | undefined => {
    const stale = api.prices.staleness(intent.symbol);
    if (stale === undefined || exposure.reducesOnly(intent, except)) return undefined;
    return veto('RISK_PRICE_STALE', `${describe(intent)}: ${describeStaleness(stale)}, so the order's value and price cannot be checked against the market; only orders that reduce the position pass until a fresh price arrives`);
  };

  const atSend = (intent: OrderIntent): Veto | undefined => {
    const closed = hoursVeto(intent, intent) ?? staleVeto(intent, intent);
    if (closed || (limitPriceOf(intent) === undefined && stopPriceOf(intent) === undefined)) return closed;
    const lastPrice = lastPriceOf(intent);
    return isDecimal(lastPrice) ? collarVeto(intent, lastPrice) : lastPrice;
  };

  return { judge, atSend };
}

function isDecimal(value: Decimal | Veto): value is Decimal {
  return !('by' in value);
}

/** Whether going from `position` to `after` only brings it closer to flat, never through it. */
function shrinksTowardFlat(position: Decimal, after: Decimal): boolean {
  if (position.isZero() || after.abs().gte(position.abs())) return false;
  return after.isZero() || after.isPos() === position.isPos();
}

/**
 * The value of the orders sent in one New York trading day, all symbols together. An order is counted
 * when the risk limits let it through and uncounted if it is then refused (by another guard, or by the
 * broker); one that only reduces a position always passes, and counts.
 */
class DailyNotional {
  readonly #api: PluginApi;
  readonly #limit: Decimal;
  readonly #veto: (code: string, reason: string) => Veto;
  readonly #describe: (intent: OrderIntent) => string;
  readonly #money: (value: Decimal) => string;
  #date: string | undefined;
  #sent: Decimal = ZERO;
  /** What each order let through and not yet answered added, to take back if it is refused. */
  readonly #counted = new Map<OrderRequest, { date: string; notional: Decimal }>();

  constructor(api: PluginApi, limit: Decimal, veto: (code: string, reason: string) => Veto, describe: (intent: OrderIntent) => string, money: (value: Decimal) => string) {
    this.#api = api;
    this.#limit = limit;
    this.#veto = veto;
    this.#describe = describe;
    this.#money = money;
    api.hooks.afterOrder.tap(api.name, (outcome) => {
      const intent = outcome.kind === 'vetoed' ? outcome.intent : outcome.order.intent;
      // The outcome carries the request's final intent; the few requests still unanswered are searched.
      const counted = [...this.#counted].find(([request]) => request.intent === intent);
      if (counted === undefined) return;
      this.#counted.delete(counted[0]);
      if ((outcome.kind === 'vetoed' || outcome.kind === 'rejected') && counted[1].date === this.#date) this.#sent = this.#sent.minus(counted[1].notional);
    });
  }

  veto(request: OrderRequest, notional: Decimal, reducesOnly: boolean): Veto | undefined {
    const date = this.#api.calendar.tradeDateOf(this.#api.clock.nowMs());
    if (date !== this.#date) {
      this.#date = date;
      this.#sent = ZERO;
    }
    const previous = this.#counted.get(request);
    const already = previous?.date === date ? previous.notional : ZERO;
    const after = this.#sent.minus(already).plus(notional);
    if (after.gt(this.#limit) && !reducesOnly) {
      return this.#veto('RISK_MAX_DAILY_NOTIONAL', `${this.#describe(request.intent)}: its value of ${this.#money(notional)} would bring the orders sent on ${date} to ${this.#money(after)}, over the limit of ${this.#money(this.#limit)} a day`);
    }
    this.#sent = after;
    this.#counted.set(request, { date, notional });
    return undefined;
  }
}
