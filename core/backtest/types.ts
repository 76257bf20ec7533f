/**
 * What a backtest leaves behind for people to judge it: the equity at every bar and session close, the
 * orders, fills and round-trip trades, the metrics, and the buy-and-hold benchmark beside them. The same
 * record feeds the terminal summary, `--json`, the `--out` exports and the `--report` HTML page.
 *
 * Every amount is a decimal string (never a float); every time is epoch milliseconds (UTC) in the data
 * and an ISO time in New York in the exports.
 */

/** Equity at the close of one New York session: what daily returns are computed from. */
export interface SessionEquity {
  /** The trade date, yyyy-MM-dd (New York). */
  readonly date: string;
  /** The time of the session's last bar. */
  readonly time: number;
  /** Cash plus positions at that bar's closes, net of every cost so far. */
  readonly equity: string;
  /** The buy-and-hold benchmark's equity at the same close (the starting cash spread equally over the symbols at the first bar's close). */
  readonly benchmark: string;
}

/** Equity after one bar time (every symbol's bar of that time marked). */
export interface BarEquity {
  readonly time: number;
  readonly equity: string;
}

/** One order as it ended, or an intent a guard vetoed (no id: it never became an order). */
export interface OrderRow {
  readonly id: number | null;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  /** MKT, LMT, STP, STP LMT, TRAIL, MOC, LOC. */
  readonly type: string;
  readonly quantity: string;
  readonly limitPrice?: string;
  readonly stopPrice?: string;
  readonly tif: string;
  readonly tag?: string;
  /** A bracket exit's entry order. */
  readonly parentId?: number;
  readonly createdAt: number;
  readonly state: 'pending' | 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'vetoed';
  /** Why it was cancelled, rejected or vetoed (and by which guard). */
  readonly reason?: string;
  readonly filledQuantity: string;
  /** Volume-weighted over its fills; absent when nothing filled. */
  readonly averagePrice?: string;
}

/** One execution, with what it cost. */
export interface FillRow {
  readonly execId: string;
  readonly orderId: number;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly price: string;
  readonly time: number;
  /** Commission and fees charged to cash for this fill. */
  readonly fees: string;
  /** Inside the price already (simulated brokers): how much worse than the market's price, in money. */
  readonly slippage: string;
}

/**
 * A round trip: a position opened from flat and closed back to flat (or reversed), per strategy and
 * symbol. Partial fills and scaling in or out belong to the same trade.
 */
export interface TradeRow {
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: 'long' | 'short';
  /** The largest size held during the trade. */
  readonly quantity: string;
  readonly entryTime: number;
  /** Volume-weighted over the fills that opened or added. */
  readonly entryPrice: string;
  /** Absent while the trade is still open at the end of the data. */
  readonly exitTime?: number;
  readonly exitPrice?: string;
  /** At fill prices, before commissions and fees (an open trade: marked at the last close). */
  readonly grossPnl: string;
  /** Commissions and fees of its fills. */
  readonly fees: string;
  readonly netPnl: string;
  /** netPnl over the money put in at entry, in percent. */
  readonly returnPercent: string;
  /** Milliseconds from the first fill to the last (to the end of data while open). */
  readonly holdingMs: number;
  readonly open: boolean;
}

/** Maximum drawdown with its dates. */
export interface Drawdown {
  readonly amount: string;
  readonly percent: string;
  /** The peak's session (the first session when the peak was the starting equity), the trough's, and the first session back at the peak (absent: not yet). */
  readonly start?: string;
  readonly trough?: string;
  readonly recovery?: string;
  /** Sessions from the peak to the recovery (to the last session when not recovered); the starting equity counts as session 0. */
  readonly sessions: number;
}

/**
 * The metrics of one equity curve and its trades; docs/metrics.md defines each one. Decimal strings;
 * null where a figure has no value (a Sharpe ratio without volatility, a profit factor without a loss).
 */
export interface Metrics {
  readonly sessions: number;
  readonly startingEquity: string;
  readonly endingEquity: string;
  readonly netPnl: string;
  readonly totalReturnPercent: string;
  readonly annualizedReturnPercent: string | null;
  readonly volatilityPercent: string | null;
  readonly sharpe: string | null;
  readonly sortino: string | null;
  readonly calmar: string | null;
  readonly maxDrawdown: Drawdown;
  readonly exposurePercent: string;
  /** Traded value over average session equity. */
  readonly turnover: string;
  /** Closed round trips: what the trade statistics below are over. */
  readonly trades: number;
  /** Trades still open at the end of the data (in trades.csv, marked at the last close; not in the statistics). */
  readonly openTrades: number;
  readonly winRatePercent: string | null;
  readonly averageWin: string | null;
  readonly averageLoss: string | null;
  readonly profitFactor: string | null;
  readonly expectancy: string | null;
  readonly largestWin: string | null;
  readonly largestLoss: string | null;
  /** Milliseconds; null without trades. */
  readonly averageHoldingMs: number | null;
  /** Commission, SEC fee, TAF, CAT, slippage …: by kind, and their total. */
  readonly costs: Readonly<Record<string, string>>;
}

/** Everything a backtest produced, as the exports and the report read it. */
export interface BacktestRecord {
  readonly config: { readonly file: string; readonly text: string };
  readonly riskFreeRatePercent: string;
  readonly metrics: {
    readonly overall: Metrics;
    readonly byStrategy: Readonly<Record<string, Metrics>>;
    readonly bySymbol: Readonly<Record<string, Metrics>>;
    /** Buy and hold of the same symbols, equal weights, no costs. */
    readonly benchmark: Metrics;
  };
  readonly sessions: readonly SessionEquity[];
  readonly equity: readonly BarEquity[];
  /** Per symbol, the session's OHLC (a long run's bars would make a report too big to open). */
  readonly prices: Readonly<Record<string, readonly { readonly date: string; readonly time: number; readonly open: number; readonly high: number; readonly low: number; readonly close: number }[]>>;
  readonly orders: readonly OrderRow[];
  readonly fills: readonly FillRow[];
  readonly trades: readonly TradeRow[];
}
