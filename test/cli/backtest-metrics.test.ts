/**
 * `robo backtest --out DIR --json`: every metric is computed a second way here, from the exported
 * equity.csv, equity-bars.csv, trades.csv and fills.csv and from the bars the test wrote itself — with
 * plain numbers and textbook formulas, not Robo's code — and must agree with the summary's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRobo, writeConfig } from '../support/cli.js';

const ZONE = 'America/New_York';
const START_CASH = 100_000;
const RISK_FREE_PERCENT = 2;
const SYMBOLS = ['SPY', 'QQQ'] as const;

/** 15-minute bars, 26 a session, for the weekdays of March to May 2026 but Good Friday (April 3); a seeded random walk per symbol. */
function barsCsv(): { text: string; closes: Map<string, Map<string, number>>; first: Map<string, number> } {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const price = new Map<string, number>([['SPY', 500], ['QQQ', 420]]);
  const closes = new Map<string, Map<string, number>>(SYMBOLS.map((s) => [s, new Map()]));
  const first = new Map<string, number>();
  const lines = ['time,symbol,open,high,low,close,volume'];
  for (let day = DateTime.fromISO('2026-03-02', { zone: ZONE }); day.toISODate()! <= '2026-05-29'; day = day.plus({ days: 1 })) {
    if (day.weekday > 5 || day.toISODate() === '2026-04-03') continue;
    for (let slot = 0; slot < 26; slot++) {
      const time = day.set({ hour: 9, minute: 30 }).plus({ minutes: 15 * slot });
      for (const symbol of SYMBOLS) {
        const open = price.get(symbol)!;
        const close = Math.round(open * (1 + (random() - 0.495) * 0.012) * 100) / 100;
        const high = Math.max(open, close) + 0.05;
        const low = Math.min(open, close) - 0.05;
        price.set(symbol, close);
        if (!first.has(symbol)) first.set(symbol, close);
        closes.get(symbol)!.set(day.toISODate()!, close);
        lines.push(`${time.toISO({ suppressMilliseconds: true }) ?? ""},${symbol},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${100_000 + Math.floor(random() * 50_000)}`);
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, closes, first };
}

const CONFIG = `version: 1
account:
  startingCash: ${START_CASH}
broker:
  kind: sim
  latencyMs: 0
  fillModel:
    slippage: { model: fixed-bps, bps: 2 }
data:
  source: csv
  path: ./bars.csv
  barSeconds: 900
strategies:
  - id: spy-swing
    kind: ma-crossover
    symbols: [SPY]
    params: { fast: 3, slow: 12 }
    sizing: { quantity: 60 }
  - id: qqq-swing
    kind: ma-crossover
    symbols: [QQQ]
    params: { fast: 5, slow: 20 }
    sizing: { quantity: 80 }
`;

type Row = Record<string, string>;

/** A CSV of plain fields (these exports quote nothing: no field holds a comma), as records by header. */
function readCsv(path: string): Row[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i]!, value])));
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: readonly number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

interface Summary {
  readonly netPnl: string;
  readonly grossPnl: string;
  readonly costs: string;
  readonly slippage: string;
  readonly endingEquity: string;
  readonly metrics: {
    readonly riskFreeRatePercent: string;
    readonly overall: Record<string, unknown> & { maxDrawdown: Record<string, unknown> };
    readonly benchmark: Record<string, unknown> & { maxDrawdown: Record<string, unknown> };
    readonly byStrategy: Record<string, Record<string, unknown>>;
    readonly bySymbol: Record<string, Record<string, unknown>>;
  };
}

describe('robo backtest --out: metrics agree with a second computation from the exports', () => {
  let out: string;
  let summary: Summary;
  let data: ReturnType<typeof barsCsv>;

  beforeAll(async () => {
    data = barsCsv();
    const config = writeConfig(CONFIG, { 'bars.csv': data.text });
    out = join(dirname(config), 'out');
    const result = await runRobo(['backtest', config, '--json', '--out', out, '--risk-free-rate', String(RISK_FREE_PERCENT)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    summary = JSON.parse(result.stdout) as Summary;
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
  });

  it('writes every export', () => {
    for (const name of ['summary.json', 'trades.csv', 'orders.csv', 'fills.csv', 'equity.csv', 'equity-bars.csv']) expect(readFileSync(join(out, name), 'utf8').length).toBeGreaterThan(0);
  });

  it('keeps net P&L = gross − costs to the cent, and the costs are the fills\' fees and slippage', () => {
    expect(cents(summary.grossPnl) - cents(summary.costs)).toBe(cents(summary.netPnl));
    const fills = readCsv(join(out, 'fills.csv'));
    const fees = fills.reduce((total, f) => total + cents(f.fees!), 0);
    const slippage = fills.reduce((total, f) => total + cents(f.slippage!), 0);
    expect(fees + slippage).toBe(cents(summary.costs));
    expect(slippage).toBe(cents(summary.slippage));
  });

  it('ends the session curve at the ending equity, and the trades add up to the net P&L', () => {
    const sessions = readCsv(join(out, 'equity.csv'));
    expect(sessions.at(-1)!.equity).toBe(summary.endingEquity);
    const trades = readCsv(join(out, 'trades.csv'));
    expect(trades.length).toBeGreaterThan(10);
    for (const t of trades) expect(cents(t.gross_pnl!) - cents(t.fees!)).toBe(cents(t.net_pnl!));
    const tradesNet = trades.reduce((total, t) => total + cents(t.net_pnl!), 0);
    // Each row is rounded to the cent on its own.
    expect(Math.abs(tradesNet - cents(summary.netPnl))).toBeLessThanOrEqual(trades.length);
  });

  it('computes return, volatility, Sharpe, Sortino, drawdown and Calmar from the session closes', () => {
    const sessions = readCsv(join(out, 'equity.csv'));
    const equities = sessions.map((s) => Number(s.equity));
    expect(sessions.map((s) => s.date)).toEqual([...data.closes.get('SPY')!.keys()]);
    const expected = curveMetrics(equities, sessions.map((s) => s.date!));
    const overall = summary.metrics.overall;
    expect(summary.metrics.riskFreeRatePercent).toBe('2.0000');
    expect(overall.sessions).toBe(equities.length);
    expect(Number(overall.totalReturnPercent)).toBeCloseTo(expected.totalReturnPercent, 3);
    expect(Number(overall.annualizedReturnPercent)).toBeCloseTo(expected.annualizedPercent, 2);
    expect(Number(overall.volatilityPercent)).toBeCloseTo(expected.volatilityPercent, 3);
    expect(Number(overall.sharpe)).toBeCloseTo(expected.sharpe, 3);
    expect(Number(overall.sortino)).toBeCloseTo(expected.sortino, 3);
    expect(Number(overall.maxDrawdown.percent)).toBeCloseTo(expected.drawdown.percent, 3);
    expect(Number(overall.maxDrawdown.amount)).toBeCloseTo(expected.drawdown.amount, 2);
    expect(overall.maxDrawdown.start).toBe(expected.drawdown.start);
    expect(overall.maxDrawdown.trough).toBe(expected.drawdown.trough);
    expect(overall.maxDrawdown.recovery).toBe(expected.drawdown.recovery);
    expect(Number(overall.calmar)).toBeCloseTo(expected.annualizedPercent / expected.drawdown.percent, 2);
  });

  it('computes the trade statistics from trades.csv', () => {
    const closed = readCsv(join(out, 'trades.csv')).filter((t) => t.open === 'false');
    const net = closed.map((t) => Number(t.net_pnl));
    const wins = net.filter((n) => n > 0);
    const losses = net.filter((n) => n < 0);
    const overall = summary.metrics.overall;
    expect(overall.trades).toBe(closed.length);
    expect(Number(overall.winRatePercent)).toBeCloseTo((100 * wins.length) / closed.length, 3);
    expect(Number(overall.averageWin)).toBeCloseTo(mean(wins), 2);
    expect(Number(overall.averageLoss)).toBeCloseTo(mean(losses), 2);
    expect(Number(overall.profitFactor)).toBeCloseTo(wins.reduce((a, b) => a + b, 0) / -losses.reduce((a, b) => a + b, 0), 2);
    expect(Number(overall.expectancy)).toBeCloseTo(mean(net), 2);
    expect(Number(overall.largestWin)).toBeCloseTo(Math.max(...wins), 2);
    expect(Number(overall.largestLoss)).toBeCloseTo(Math.min(...losses), 2);
    expect(overall.averageHoldingMs).toBe(Math.round(mean(closed.map((t) => Number(t.holding_seconds) * 1000))));
  });

  it('computes exposure from the fills over every bar, and turnover over the average session equity', () => {
    const fills = readCsv(join(out, 'fills.csv'));
    const instants = readCsv(join(out, 'equity-bars.csv')).map((e) => Date.parse(e.time!));
    let held = 0;
    for (const time of instants) {
      const position = new Map<string, number>();
      for (const f of fills) if (Date.parse(f.time!) <= time) position.set(f.symbol!, (position.get(f.symbol!) ?? 0) + (f.side === 'BUY' ? 1 : -1) * Number(f.quantity));
      if ([...position.values()].some((q) => q !== 0)) held++;
    }
    expect(Number(summary.metrics.overall.exposurePercent)).toBeCloseTo((100 * held) / instants.length, 3);
    const traded = fills.reduce((total, f) => total + Number(f.quantity) * Number(f.price), 0);
    const averageEquity = mean(readCsv(join(out, 'equity.csv')).map((s) => Number(s.equity)));
    expect(Number(summary.metrics.overall.turnover)).toBeCloseTo(traded / averageEquity, 3);
  });

  it('values buy and hold from the bars: equal parts of the starting cash at each symbol\'s first close', () => {
    const sessions = readCsv(join(out, 'equity.csv'));
    const shares = new Map(SYMBOLS.map((s) => [s, START_CASH / SYMBOLS.length / data.first.get(s)!]));
    const benchmark = sessions.map((s) => SYMBOLS.reduce((total, symbol) => total + shares.get(symbol)! * data.closes.get(symbol)!.get(s.date!)!, 0));
    sessions.forEach((s, i) => expect(Number(s.benchmark)).toBeCloseTo(benchmark[i]!, 2));
    const expected = curveMetrics(benchmark, sessions.map((s) => s.date!));
    expect(Number(summary.metrics.benchmark.totalReturnPercent)).toBeCloseTo(expected.totalReturnPercent, 3);
    expect(Number(summary.metrics.benchmark.sharpe)).toBeCloseTo(expected.sharpe, 3);
    expect(Number(summary.metrics.benchmark.maxDrawdown.percent)).toBeCloseTo(expected.drawdown.percent, 3);
  });

  it('splits the account by strategy and by symbol, and the parts add up to the whole', () => {
    const { byStrategy, bySymbol, overall } = summary.metrics;
    expect(Object.keys(byStrategy)).toEqual(['spy-swing', 'qqq-swing']);
    expect(Object.keys(bySymbol)).toEqual(['SPY', 'QQQ']);
    const sum = (parts: Record<string, Record<string, unknown>>): number => Object.values(parts).reduce((total, m) => total + cents(m.netPnl as string), 0);
    expect(sum(byStrategy)).toBe(cents(overall.netPnl as string));
    expect(sum(bySymbol)).toBe(cents(overall.netPnl as string));
    const trades = readCsv(join(out, 'trades.csv'));
    expect(byStrategy['spy-swing']!.trades).toBe(trades.filter((t) => t.strategy === 'spy-swing' && t.open === 'false').length);
  });

  it('lists every order and fill, each fill under an order that names it', () => {
    const orders = readCsv(join(out, 'orders.csv'));
    const fills = readCsv(join(out, 'fills.csv'));
    const ids = new Set(orders.map((o) => o.id));
    for (const f of fills) expect(ids.has(f.order_id)).toBe(true);
    const filled = orders.reduce((total, o) => total + Number(o.filled_quantity), 0);
    expect(fills.reduce((total, f) => total + Number(f.quantity), 0)).toBe(filled);
  });
});

/** Textbook definitions on plain numbers: daily returns from the starting cash, 252 sessions a year, sample deviation. */
function curveMetrics(equities: readonly number[], dates: readonly string[]): {
  totalReturnPercent: number; annualizedPercent: number; volatilityPercent: number; sharpe: number; sortino: number;
  drawdown: { percent: number; amount: number; start: string; trough: string; recovery: string | undefined };
} {
  const all = [START_CASH, ...equities];
  const returns = equities.map((e, i) => e / all[i]! - 1);
  const rf = RISK_FREE_PERCENT / 100 / 252;
  const excess = mean(returns) - rf;
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(0, r - rf) ** 2, 0) / returns.length);
  let peak = START_CASH;
  let peakDate = dates[0]!;
  let worst = { percent: 0, amount: 0, start: '', trough: '', peak: 0 };
  equities.forEach((e, i) => {
    if (e >= peak) {
      peak = e;
      peakDate = dates[i]!;
    } else if ((peak - e) / peak > worst.percent / 100) {
      worst = { percent: (100 * (peak - e)) / peak, amount: peak - e, start: peakDate, trough: dates[i]!, peak };
    }
  });
  const troughIndex = dates.indexOf(worst.trough);
  const recoveryIndex = equities.findIndex((e, i) => i > troughIndex && e >= worst.peak);
  return {
    totalReturnPercent: 100 * (equities.at(-1)! / START_CASH - 1),
    annualizedPercent: 100 * ((equities.at(-1)! / START_CASH) ** (252 / equities.length) - 1),
    volatilityPercent: 100 * sampleStd(returns) * Math.sqrt(252),
    sharpe: (excess / sampleStd(returns)) * Math.sqrt(252),
    sortino: (excess / downside) * Math.sqrt(252),
    drawdown: { percent: worst.percent, amount: worst.amount, start: worst.start, trough: worst.trough, recovery: recoveryIndex === -1 ? undefined : dates[recoveryIndex] },
  };
}

function cents(text: string): number {
  return Math.round(Number(text) * 100);
}
