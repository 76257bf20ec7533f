/**
 * What makes an order legal before any guard looks at it: the prices its type needs, on the tick; a time
 * in force its type can have; a bracket's legs in their places. Strategies written in TypeScript cannot
 * build most illegal orders (see OrderIntent), but plugins and plain JavaScript can, so the host checks
 * every intent here, and says what is wrong in words.
 */
import { isDecimal, regNmsTick, snapToTick, type Decimal } from './money.js';
import { ORDER_TYPES, TIMES_IN_FORCE, type OrderIntent, type OrderType, type TimeInForce } from './types.js';

/** What each order type may have as its time in force. */
const LEGAL_TIF: Readonly<Record<OrderType, readonly TimeInForce[]>> = {
  MKT: ['DAY', 'GTC', 'IOC', 'OPG'],
  LMT: ['DAY', 'GTC', 'IOC', 'OPG'],
  STP: ['DAY', 'GTC'],
  'STP LMT': ['DAY', 'GTC'],
  TRAIL: ['DAY', 'GTC'],
  MOC: ['DAY'],
  LOC: ['DAY'],
};

/** The time in force of an intent: DAY unless it says otherwise. */
export function tifOf(intent: OrderIntent): TimeInForce {
  return intent.tif ?? 'DAY';
}

/** The stop price an intent works with, when it has one: the stop of a stop order, the initial stop of a trailing one. */
export function stopPriceOf(intent: OrderIntent): Decimal | undefined {
  if (intent.type === 'STP' || intent.type === 'STP LMT') return intent.stopPrice;
  if (intent.type === 'TRAIL') return intent.initialStop;
  return undefined;
}

/** The limit price of an intent, when its type has one. */
export function limitPriceOf(intent: OrderIntent): Decimal | undefined {
  return intent.type === 'LMT' || intent.type === 'STP LMT' || intent.type === 'LOC' ? intent.limitPrice : undefined;
}

/**
 * An exit that protects a position: a bracket's stop loss or take profit, or a stop of any kind. The
 * circuit breaker lets these through when it stops new entries, as long as they only reduce.
 */
export function isProtective(intent: OrderIntent): boolean {
  if (intent.bracket !== undefined) return intent.bracket.role !== 'entry';
  return intent.type === 'STP' || intent.type === 'STP LMT' || intent.type === 'TRAIL';
}

/**
 * The first thing wrong with the intent's shape, in words; undefined when it is a legal order. With
 * `onTick: false` a price off the tick grid passes: the risk limits round it before the final check.
 */
export function orderShapeProblem(intent: OrderIntent, options: { readonly onTick?: boolean } = {}): string | undefined {
  const onTick = options.onTick ?? true;
  const type: unknown = intent.type;
  if (!ORDER_TYPES.includes(type as OrderType)) return `order type must be one of ${ORDER_TYPES.join(', ')}, was ${JSON.stringify(type)}`;
  const tif: unknown = intent.tif ?? 'DAY';
  if (!TIMES_IN_FORCE.includes(tif as TimeInForce)) return `time in force must be one of ${TIMES_IN_FORCE.join(', ')}, was ${JSON.stringify(tif)}`;
  if (!LEGAL_TIF[intent.type].includes(tif as TimeInForce)) return `a ${intent.type} order cannot be ${String(tif)}; it may be ${LEGAL_TIF[intent.type].join(' or ')}`;
  if (intent.outsideRth !== undefined && typeof intent.outsideRth !== 'boolean') return `outsideRth must be true or false, was ${JSON.stringify(intent.outsideRth)}`;
  if ((intent.outsideRth as unknown) === true && (intent.type === 'MOC' || intent.type === 'LOC' || tif === 'OPG')) return `a ${intent.type}${tif === 'OPG' ? ' OPG' : ''} order trades in an auction of the regular session, so it cannot be outsideRth`;
  const prices = priceProblem(intent, onTick);
  if (prices !== undefined) return prices;
  if (intent.oca !== undefined) {
    const { group, type: ocaType } = intent.oca as { group: unknown; type: unknown };
    if (typeof group !== 'string' || group.trim() === '' || group.length > 64) return `an OCA group must be a name of 1 to 64 characters, was ${JSON.stringify(group)}`;
    if (ocaType !== 1 && ocaType !== 2 && ocaType !== 3) return `an OCA type must be 1, 2 or 3, was ${JSON.stringify(ocaType)}`;
    if (intent.bracket !== undefined) return 'a bracket leg cannot also be in an OCA group: the bracket\'s exits already cancel each other';
  }
  if (intent.bracket !== undefined) {
    const { role } = intent.bracket as { role: unknown };
    if (role !== 'entry' && role !== 'take-profit' && role !== 'stop-loss') return `a bracket leg's role must be entry, take-profit or stop-loss, was ${JSON.stringify(role)}`;
    if (role === 'take-profit' && intent.type !== 'LMT') return `a bracket's take profit must be a limit order, was ${intent.type}`;
    if (role === 'stop-loss' && intent.type !== 'STP' && intent.type !== 'STP LMT' && intent.type !== 'TRAIL') return `a bracket's stop loss must be a STP, STP LMT or TRAIL order, was ${intent.type}`;
    if (role === 'entry' && (tif === 'IOC' || tif === 'OPG')) return `a bracket's entry cannot be ${String(tif)}: its exits would be left without a position to protect`;
  }
  return undefined;
}

function priceProblem(intent: OrderIntent, onTick: boolean): string | undefined {
  const tickProblem = (price: unknown, what: string): string | undefined => priceValueProblem(price, what, onTick);
  switch (intent.type) {
    case 'MKT':
    case 'MOC':
      return undefined;
    case 'LMT':
    case 'LOC':
      return tickProblem(intent.limitPrice, 'limit price');
    case 'STP':
      return tickProblem(intent.stopPrice, 'stop price');
    case 'STP LMT': {
      const problem = tickProblem(intent.stopPrice, 'stop price') ?? tickProblem(intent.limitPrice, 'limit price');
      if (problem !== undefined) return problem;
      // A sell stop limit whose limit is above its stop (a buy's below) could not fill when it triggers.
      const wrongSide = intent.side === 'SELL' ? intent.limitPrice.gt(intent.stopPrice) : intent.limitPrice.lt(intent.stopPrice);
      return wrongSide ? `a ${intent.side} stop limit's limit price ${intent.limitPrice.toString()} must be at or ${intent.side === 'SELL' ? 'below' : 'above'} its stop price ${intent.stopPrice.toString()}, or it could not fill when it triggers` : undefined;
    }
    case 'TRAIL': {
      const trail = intent.trail as { amount?: unknown; percent?: unknown } | undefined;
      if (trail === undefined || (trail.amount === undefined) === (trail.percent === undefined)) return 'a trailing stop needs exactly one of a trail amount and a trail percent';
      if (trail.amount !== undefined) {
        const problem = tickProblem(trail.amount, 'trail amount');
        if (problem !== undefined) return problem;
      } else if (!isDecimal(trail.percent) || trail.percent.lte(0) || trail.percent.gte(100)) {
        return `a trail percent must be above 0 and below 100, was ${String(trail.percent)}`;
      }
      return intent.initialStop === undefined ? undefined : tickProblem(intent.initialStop, 'initial stop price');
    }
  }
}

function priceValueProblem(price: unknown, what: string, onTick: boolean): string | undefined {
  if (!isDecimal(price) || !price.isFinite() || price.lte(0)) return `the ${what} must be a positive number, was ${String(price)}`;
  if (!onTick) return undefined;
  const tick = regNmsTick(price);
  return price.mod(tick).isZero() ? undefined : `the ${what} ${price.toString()} is not on the ${tick.toString()} tick grid`;
}

/** The order in a few words for logs: `BUY 100 AAPL stop 95.00 GTC`, `SELL 100 AAPL trail 1.5% (bracket stop-loss)`. */
export function describeOrder(intent: OrderIntent): string {
  const price = ((): string => {
    switch (intent.type) {
      case 'MKT': return 'market';
      case 'LMT': return `limit ${intent.limitPrice.toString()}`;
      case 'STP': return `stop ${intent.stopPrice.toString()}`;
      case 'STP LMT': return `stop ${intent.stopPrice.toString()} limit ${intent.limitPrice.toString()}`;
      case 'TRAIL': return `trail ${'amount' in intent.trail ? intent.trail.amount.toString() : `${intent.trail.percent.toString()}%`}${intent.initialStop === undefined ? '' : ` from ${intent.initialStop.toString()}`}`;
      case 'MOC': return 'market on close';
      case 'LOC': return `limit on close ${intent.limitPrice.toString()}`;
    }
  })();
  const tif = intent.tif === undefined || intent.tif === 'DAY' ? '' : ` ${intent.tif}`;
  const rth = intent.outsideRth === true ? ' outside regular hours' : '';
  const link = intent.bracket !== undefined ? ` (bracket ${intent.bracket.role})` : intent.oca !== undefined ? ` (OCA ${intent.oca.group})` : '';
  return `${intent.side} ${intent.quantity.toString()} ${intent.symbol} ${price}${tif}${rth}${link}`;
}

/**
 * The intent with every price on the tick grid, each rounded the way that never costs the trader: a
 * buy's limit down and a sell's up, as snapToTick does, and a stop the same way — a sell stop triggers a
 * little sooner rather than later. The same intent object when nothing moved.
 */
export function snapPrices(intent: OrderIntent): OrderIntent {
  const snap = (price: Decimal): Decimal => snapToTick(price, regNmsTick(price), intent.side);
  const moved = (price: Decimal | undefined): boolean => price !== undefined && isDecimal(price) && price.gt(0) && !snap(price).eq(price);
  switch (intent.type) {
    case 'LMT':
    case 'LOC':
      return moved(intent.limitPrice) ? { ...intent, limitPrice: snap(intent.limitPrice) } : intent;
    case 'STP':
      return moved(intent.stopPrice) ? { ...intent, stopPrice: snap(intent.stopPrice) } : intent;
    case 'STP LMT':
      return moved(intent.stopPrice) || moved(intent.limitPrice) ? { ...intent, stopPrice: snap(intent.stopPrice), limitPrice: snap(intent.limitPrice) } : intent;
    case 'TRAIL':
      return intent.initialStop !== undefined && moved(intent.initialStop) ? { ...intent, initialStop: snap(intent.initialStop) } : intent;
    case 'MKT':
    case 'MOC':
      return intent;
  }
}
