/**
 * Server → client messages at server version 193, field by field as @stoqey/ib 1.6.10 decodes them
 * (`src/core/io/decoder.ts`); a wrong count makes the client report error 505, which fails the test.
 */
import type { Field } from './framing.js';

export const SERVER_VERSION = 193;

/** Incoming (server → client) message ids. */
export const IN = {
  TICK_PRICE: 1, ORDER_STATUS: 3, ERR_MSG: 4, OPEN_ORDER: 5, NEXT_VALID_ID: 9, EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15, HISTORICAL_DATA: 17, CURRENT_TIME: 49, REAL_TIME_BARS: 50, OPEN_ORDER_END: 53, EXECUTION_DATA_END: 55,
  COMMISSION_REPORT: 59, POSITION_DATA: 61, POSITION_END: 62,
} as const;

/** Outgoing (client → server) message ids, by name, for recording what the client sent. */
export const OUT = {
  REQ_MKT_DATA: 1, CANCEL_MKT_DATA: 2, PLACE_ORDER: 3, CANCEL_ORDER: 4, REQ_OPEN_ORDERS: 5, REQ_EXECUTIONS: 7,
  REQ_IDS: 8, REQ_AUTO_OPEN_ORDERS: 15, REQ_ALL_OPEN_ORDERS: 16, REQ_MANAGED_ACCTS: 17, REQ_HISTORICAL_DATA: 20,
  CANCEL_HISTORICAL_DATA: 25, REQ_CURRENT_TIME: 49, REQ_REAL_TIME_BARS: 50, CANCEL_REAL_TIME_BARS: 51,
  REQ_GLOBAL_CANCEL: 58, REQ_POSITIONS: 61, CANCEL_POSITIONS: 64, START_API: 71,
} as const;

export type OutName = keyof typeof OUT;

export function outName(id: number): string {
  return (Object.keys(OUT) as OutName[]).find((name) => OUT[name] === id) ?? `MSG_${id}`;
}

/** "Not set" for a double, as TWS writes it; the client decodes it to undefined. */
export const UNSET_DOUBLE = '1.7976931348623157E308';

export interface StockContract {
  readonly conId: number;
  readonly symbol: string;
  readonly exchange: string;
  readonly currency: string;
}

function contractFields(c: StockContract): Field[] {
  // conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange, currency, localSymbol, tradingClass
  return [c.conId, c.symbol, 'STK', '', 0, '', '', c.exchange, c.currency, c.symbol, c.symbol];
}

export const nextValidId = (orderId: number): Field[] => [IN.NEXT_VALID_ID, 1, orderId];
export const managedAccounts = (accounts: readonly string[]): Field[] => [IN.MANAGED_ACCTS, 1, accounts.join(',')];
/** id -1 reaches the client as `info(message, code)`; any other id as `error(Error, code, id)`. */
export const errorMessage = (id: number, code: number, message: string): Field[] => [IN.ERR_MSG, 2, id, code, message, ''];
export const currentTime = (epochSeconds: number): Field[] => [IN.CURRENT_TIME, 1, epochSeconds];
export const openOrderEnd = (): Field[] => [IN.OPEN_ORDER_END, 1];
export const executionDataEnd = (reqId: number): Field[] => [IN.EXECUTION_DATA_END, 1, reqId];
export const positionEnd = (): Field[] => [IN.POSITION_END, 1];

export interface OrderStatusFields {
  readonly orderId: number;
  readonly status: string;
  readonly filled: string;
  readonly remaining: string;
  readonly avgFillPrice: string;
  readonly permId: number;
  readonly lastFillPrice: string;
  readonly clientId: number;
  /** A bracket exit's entry; absent, 0. */
  readonly parentId?: number;
}

/** 12 tokens: no version field at ≥ MARKET_CAP_PRICE (131). */
export const orderStatus = (s: OrderStatusFields): Field[] =>
  [IN.ORDER_STATUS, s.orderId, s.status, s.filled, s.remaining, s.avgFillPrice, s.permId, s.parentId ?? 0, s.lastFillPrice, s.clientId, '', 0];

export interface ExecutionFields {
  readonly reqId: number;
  readonly orderId: number;
  readonly contract: StockContract;
  readonly execId: string;
  readonly time: string;
  readonly account: string;
  readonly side: 'BOT' | 'SLD';
  readonly shares: string;
  readonly price: string;
  readonly permId: number;
  readonly clientId: number;
  readonly cumQty: string;
  readonly avgPrice: string;
  readonly orderRef: string;
}

/** 32 tokens: no version field at ≥ LAST_LIQUIDITY (136); pendingPriceRevision from 178. */
export const executionData = (e: ExecutionFields): Field[] => [
  IN.EXECUTION_DATA, e.reqId, e.orderId, ...contractFields(e.contract),
  e.execId, e.time, e.account, e.contract.exchange, e.side, e.shares, e.price, e.permId, e.clientId, 0,
  e.cumQty, e.avgPrice, e.orderRef, '', '', '', 1, false,
];

export const commissionReport = (execId: string, commission: string, currency: string): Field[] =>
  [IN.COMMISSION_REPORT, 1, execId, commission, currency, UNSET_DOUBLE, UNSET_DOUBLE, ''];

export const positionData = (account: string, contract: StockContract, position: string, avgCost: string): Field[] =>
  [IN.POSITION_DATA, 3, account, ...contractFields(contract), position, avgCost];

export interface RealTimeBarFields {
  readonly reqId: number;
  /** Epoch seconds of the bar's start. */
  readonly time: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export const realTimeBar = (b: RealTimeBarFields): Field[] =>
  [IN.REAL_TIME_BARS, 3, b.reqId, b.time, b.open, b.high, b.low, b.close, b.volume, b.close, 1];

export interface HistoricalBarFields {
  /** Epoch seconds of the bar's start (intraday, formatDate 2) or its trade date yyyyMMdd (daily bars). */
  readonly time: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  /** -1 where IB has no volume (MIDPOINT, BID, ASK). */
  readonly volume: string;
}

/** No version field and no hasGaps at ≥ SYNT_REALTIME_BARS (124): [17, reqId, startDate, endDate, n, (date, o, h, l, c, volume, wap, barCount)×n]. */
export const historicalData = (reqId: number, startDate: string, endDate: string, bars: readonly HistoricalBarFields[]): Field[] => [
  IN.HISTORICAL_DATA, reqId, startDate, endDate, bars.length,
  ...bars.flatMap((b) => [b.time, b.open, b.high, b.low, b.close, b.volume, b.close, b.volume === '-1' ? -1 : 1]),
];

export interface OpenOrderFields {
  readonly orderId: number;
  readonly contract: StockContract;
  readonly action: string;
  readonly totalQuantity: string;
  readonly orderType: string;
  readonly lmtPrice: string;
  readonly tif: string;
  readonly account: string;
  readonly orderRef: string;
  readonly clientId: number;
  readonly permId: number;
  readonly status: string;
  /** The order's own fields as placed; absent, unset ('' or 0). */
  readonly auxPrice?: string;
  readonly ocaGroup?: string;
  readonly ocaType?: string;
  readonly parentId?: string;
  readonly outsideRth?: boolean;
  readonly trailStopPrice?: string;
  readonly trailingPercent?: string;
}

/**
 * OPEN_ORDER, 133 tokens for a plain stock order: no version field at ≥ ORDER_CONTAINER (145), in the
 * order of `decodeMsg_OPEN_ORDER` / `OrderDecoder`. Every conditional group is empty or zero.
 */
export function openOrder(o: OpenOrderFields): Field[] {
  const fields: Field[] = [
    IN.OPEN_ORDER, o.orderId, ...contractFields(o.contract),
    o.action, o.totalQuantity, o.orderType, o.lmtPrice, o.auxPrice ?? '', o.tif, o.ocaGroup ?? '', o.account, '', 0, o.orderRef, o.clientId, o.permId,
    o.outsideRth ?? false, 0, 0, '', '', // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation
    '', '', '', // faGroup, faMethod, faPercentage (no faProfile at ≥ 177)
    '', '', '', '', '', // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
    0, '', -1, // shortSaleSlot, designatedLocation, exemptCode
    0, '', '', '', '', '', // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
    '', // displaySize
    false, false, false, '', o.ocaType || 0, false, false, '', // blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
    o.parentId || 0, 0, // parentId, triggerMethod
    '', 0, '', '', 0, 0, // volatility, volatilityType, deltaNeutralOrderType (empty: no delta-neutral group), deltaNeutralAuxPrice, continuousUpdate, referencePriceType
    o.trailStopPrice ?? '', o.trailingPercent ?? '', // trailStopPrice, trailingPercent
    '', '', // basisPoints, basisPointsType
    '', 0, 0, // comboLegsDescription, comboLegs count, orderComboLegs count
    0, // smartComboRoutingParams count
    '', '', '', // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement (empty: no scale group)
    '', // hedgeType (empty: no hedgeParam)
    false, '', '', false, false, // optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutral contract flag
    '', // algoStrategy (empty: no params)
    false, // solicited
    false, o.status, // whatIf, status
    '', '', '', '', '', '', // init/maint/equity-with-loan margin before and change (≥ 142)
    '', '', '', // initMarginAfter, maintMarginAfter, equityWithLoanAfter
    '', '', '', '', '', // commission, minCommission, maxCommission, commissionCurrency, warningText
    false, false, // randomizeSize, randomizePrice
    0, // nConditions
    '', '', '', '', '', '', '', 0, // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
    '', '', '', // softDollarTier name, value, displayName
    '', false, false, false, false, // cashQty, dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
    '', '', false, // duration, postToAts, autoCancelParent
    '', '', '', '', '', // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
    '', false, '', false, // customerAccount, professionalCustomer, bondAccruedInterest, includeOvernight
    '', '', // extOperator, manualOrderIndicator
  ];
  return fields;
}
