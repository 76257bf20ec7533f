/** A recorded and analysed run as the exports and the report read it: every amount a decimal string. */
import type { Analysis } from './analyze.js';
import type { RecordedOrder, RecordedRun } from './recorder.js';
import type { Trade } from './trades.js';
import type { BacktestRecord, OrderRow, TradeRow } from './types.js';

export function backtestRecord(run: RecordedRun, analysis: Analysis, config: BacktestRecord['config']): BacktestRecord {
  return {
    config,
    riskFreeRatePercent: analysis.riskFreeRatePercent,
    metrics: { overall: analysis.overall, byStrategy: analysis.byStrategy, bySymbol: analysis.bySymbol, benchmark: analysis.benchmark },
    sessions: run.sessions.map((s) => ({ date: s.date, time: s.time, equity: s.equity.toFixed(2), benchmark: s.benchmark.toFixed(2) })),
    equity: run.equity,
    prices: Object.fromEntries([...run.prices].map(([symbol, days]) => [symbol, days.map((d) => ({ ...d }))])),
    orders: run.orders.map(orderRow),
    fills: run.fills.map((f) => ({
      execId: f.execId,
      orderId: f.orderId,
      strategyId: f.strategyId,
      symbol: f.symbol,
      side: f.side,
      quantity: f.quantity.toString(),
      price: f.price.toString(),
      time: f.time,
      fees: f.fees.toFixed(2),
      slippage: f.slippage.toFixed(2),
    })),
    trades: analysis.trades.map(tradeRow),
  };
}

function orderRow(recorded: RecordedOrder): OrderRow {
  const intent = recorded.kind === 'order' ? recorded.order.intent : recorded.intent;
  const base = {
    strategyId: intent.strategyId,
    symbol: intent.symbol,
    side: intent.side,
    type: intent.type,
    quantity: intent.quantity.toString(),
    ...('limitPrice' in intent ? { limitPrice: intent.limitPrice.toString() } : {}),
    ...('stopPrice' in intent ? { stopPrice: intent.stopPrice.toString() } : {}),
    tif: intent.tif ?? 'DAY',
    ...(intent.tag === undefined ? {} : { tag: intent.tag }),
  };
  if (recorded.kind === 'vetoed') {
    return { id: null, ...base, createdAt: recorded.at, state: 'vetoed', reason: `${recorded.veto.by}: ${recorded.veto.reason}`, filledQuantity: '0' };
  }
  const { order } = recorded;
  const state = order.state;
  return {
    id: order.id,
    ...base,
    ...(order.parentId === undefined ? {} : { parentId: order.parentId }),
    createdAt: order.createdAt,
    state: state.kind,
    ...(state.kind === 'cancelled' || state.kind === 'rejected' ? { reason: state.reason } : {}),
    filledQuantity: order.filledQuantity.toString(),
    ...(order.filledQuantity.isZero() ? {} : { averagePrice: order.filledValue.div(order.filledQuantity).toDecimalPlaces(6).toString() }),
  };
}

function tradeRow(trade: Trade): TradeRow {
  return {
    strategyId: trade.strategyId,
    symbol: trade.symbol,
    direction: trade.direction,
    quantity: trade.quantity.toString(),
    entryTime: trade.entryTime,
    entryPrice: trade.entryPrice.toDecimalPlaces(6).toString(),
    ...(trade.exitTime === undefined ? {} : { exitTime: trade.exitTime }),
    ...(trade.exitPrice === undefined ? {} : { exitPrice: trade.exitPrice.toDecimalPlaces(6).toString() }),
    // Gross from net and fees as printed, so every row's net = gross − fees to the cent.
    grossPnl: trade.netPnl.toDecimalPlaces(2).plus(trade.fees.toDecimalPlaces(2)).toFixed(2),
    fees: trade.fees.toFixed(2),
    netPnl: trade.netPnl.toFixed(2),
    returnPercent: trade.entryValue.isZero() ? '0.0000' : trade.netPnl.div(trade.entryValue).times(100).toFixed(4),
    holdingMs: trade.holdingMs,
    open: trade.open,
  };
}
