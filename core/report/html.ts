/**
 * The backtest report: one HTML file that opens offline — the chart library, the styles, the data and the
 * script all inside it, and a Content-Security-Policy that lets the page fetch nothing. Pure: the same
 * record and run give the same page, byte for byte: nothing here reads the clock, and uPlot's files are
 * read once, from the installed package.
 */
import { basename } from 'node:path';
import type { BacktestRecord, Metrics } from '../backtest/types.js';
import { ROBO_VERSION } from '../robo-version.js';
import { chartData } from './chart-data.js';
import { chartLibrary } from './chart-library.js';
import { costTotal, costsTable } from './costs-table.js';
import { escapeHtml, jsonInScript } from './escape.js';
import { fall, money, percent, ratio, tone } from './format.js';
import { metricsTable, type MetricsColumn } from './metrics-table.js';
import { monthlyReturns } from './monthly-returns.js';
import { monthlyTable } from './monthly-table.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { tradesTable } from './trades-table.js';

export interface ReportRun {
  /** Default: "Backtest of <the config file's name>" (the header names its full path). */
  readonly title?: string;
  /** The dates the run covered, as the summary prints them. */
  readonly period: { readonly from: string; readonly to: string };
  /** When the report was made, as the caller wants it shown; omitted, the page says nothing about it. */
  readonly generatedAt?: string;
  /** How many trades the list shows before it stops with a note. Default TRADES_SHOWN. */
  readonly tradesShown?: number;
}

export const TRADES_SHOWN = 500;

/** Nothing from the network, ever: the scripts and styles are inline, the charts draw on canvases. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

export function renderReport(record: BacktestRecord, run: ReportRun): string {
  const library = chartLibrary();
  const title = run.title ?? `Backtest of ${basename(record.config.file)}`;
  const data = chartData(record);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="robo-trader ${escapeHtml(ROBO_VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${library.style}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
${header(record, run, title)}
<nav aria-label="Sections"><a href="#equity">Equity</a><a href="#monthly">Monthly returns</a><a href="#prices">Prices and trades</a><a href="#metrics">Metrics</a><a href="#costs">Costs</a><a href="#trades">Trades</a><a href="#config">Config</a></nav>
<main>
<section id="equity">
<h2>Equity and drawdown</h2>
<div class="chart" id="chart-equity" role="img" aria-label="Equity of the strategy and of buy and hold, at each session close"></div>
<div class="chart" id="chart-drawdown" role="img" aria-label="Drawdown from the highest equity so far, in percent"></div>
<p class="chart-note">At each session's close, in New York time. Buy and hold: the starting cash spread equally over the symbols at the first close, no costs. Drag across a chart to zoom; double-click to reset.</p>
</section>
<section id="monthly">
<h2>Monthly returns</h2>
${monthlyTable(monthlyReturns(record.sessions, record.metrics.overall.startingEquity))}
</section>
<section id="prices">
<h2>Prices and trades</h2>
${data.prices.map((p) => `<h3>${escapeHtml(p.symbol)}</h3>\n<div class="chart" id="${p.id}" data-symbol="${escapeHtml(p.symbol)}" role="img" aria-label="${escapeHtml(p.symbol)}: session close and high–low range, with ${p.trades.length} trades marked"></div>`).join('\n')}
${data.prices.length === 0 ? '<p class="note">The record holds no prices.</p>' : TRADE_KEY}
</section>
<section id="metrics">
<h2>Metrics</h2>
${metricsTable(overallColumns(record), 'Overall beside buy and hold, then each strategy')}
${metricsTable(columns(record.metrics.bySymbol), 'By symbol')}
<p class="chart-note">Sharpe and Sortino over a risk-free rate of ${escapeHtml(percent(record.riskFreeRatePercent))} a year. Buy and hold pays no costs and makes no trades, so its trade figures are dashes.</p>
</section>
<section id="costs">
<h2>Costs</h2>
${costsTable(record)}
</section>
<section id="trades">
<h2>Trades</h2>
${tradesTable(record.trades, run.tradesShown ?? TRADES_SHOWN)}
</section>
<section id="config">
<h2>Config</h2>
<figure><figcaption>${escapeHtml(record.config.file)}</figcaption><pre><code>${escapeHtml(record.config.text)}</code></pre></figure>
</section>
</main>
${footer(run, library.version)}
<script type="application/json" id="report-data">${jsonInScript(data)}</script>
<script>${library.script}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function header(record: BacktestRecord, run: ReportRun, title: string): string {
  const overall = record.metrics.overall;
  const benchmark = record.metrics.benchmark;
  const costs = costTotal(overall.costs);
  const figures: [string, string, string, string][] = [
    ['Net P&L', money(overall.netPnl, { signed: true }), tone(overall.netPnl), `ending equity ${money(overall.endingEquity)}`],
    ['Total return', percent(overall.totalReturnPercent, { signed: true }), tone(overall.totalReturnPercent), `buy and hold ${percent(benchmark.totalReturnPercent, { signed: true })}`],
    ['Annualized', percent(overall.annualizedReturnPercent, { signed: true }), tone(overall.annualizedReturnPercent), `volatility ${percent(overall.volatilityPercent)}`],
    ['Sharpe', ratio(overall.sharpe), '', `Sortino ${ratio(overall.sortino)}`],
    ['Max drawdown', percent(fall(overall.maxDrawdown.percent)), tone(fall(overall.maxDrawdown.percent)), money(fall(overall.maxDrawdown.amount))],
    ['Trades', String(overall.trades), '', overall.winRatePercent === null ? `${overall.openTrades} still open` : `${percent(overall.winRatePercent, { places: 1 })} won${overall.openTrades === 0 ? '' : `, ${overall.openTrades} open`}`],
    ['Costs', money(costs.toString()), '', `profit factor ${ratio(overall.profitFactor)}`],
  ];
  const sessions = `${record.sessions.length} session${record.sessions.length === 1 ? '' : 's'}`;
  const symbols = Object.keys(record.prices).join(', ');
  return `<header><div class="inner">
<h1>${escapeHtml(title)}</h1>
<p class="period">${escapeHtml(run.period.from)} to ${escapeHtml(run.period.to)} · ${sessions}${symbols === '' ? '' : ` · ${escapeHtml(symbols)}`} · ${escapeHtml(record.config.file)}</p>
<dl class="headline">${figures.map(([label, value, cls, under]) => `<div><dt>${escapeHtml(label)}</dt><dd${cls === '' ? '' : ` class="${cls}"`}>${escapeHtml(value)}<small>${escapeHtml(under)}</small></dd></div>`).join('')}</dl>
</div></header>`;
}

/** With one strategy, its column would repeat the overall one. */
function overallColumns(record: BacktestRecord): MetricsColumn[] {
  const strategies = columns(record.metrics.byStrategy);
  return [
    { label: 'All strategies', metrics: record.metrics.overall },
    { label: 'Buy and hold', metrics: record.metrics.benchmark },
    ...(strategies.length > 1 ? strategies.map((column, i) => ({ ...column, startsGroup: i === 0 })) : []),
  ];
}

function columns(byKey: Readonly<Record<string, Metrics>>): MetricsColumn[] {
  return Object.entries(byKey).map(([label, metrics]) => ({ label, metrics }));
}

function footer(run: ReportRun, uplotVersion: string): string {
  const made = run.generatedAt === undefined ? '' : ` on ${escapeHtml(run.generatedAt)}`;
  return `<footer>Made by robo-trader ${escapeHtml(ROBO_VERSION)}${made}. Charts by uPlot ${escapeHtml(uplotVersion)} (MIT), inlined: this file needs no network.</footer>`;
}

/** What the marks on the price charts mean, drawn the way the charts draw them. */
const TRADE_KEY = `<p class="chart-note">
<span class="key"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M6 1 L11 10 L1 10 Z" fill="#1a7f37"/></svg>long entry</span>
<span class="key"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M6 11 L11 2 L1 2 Z" fill="#cf222e"/></svg>short entry</span>
<span class="key"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="3.5" fill="#fff" stroke="#1a7f37" stroke-width="1.5"/></svg>exit, ringed in its entry's colour</span>
<span class="key"><svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true"><path d="M1 6 H21" stroke="#1a7f37" stroke-dasharray="4 3" stroke-width="1.5"/></svg>gain</span>
<span class="key"><svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true"><path d="M1 6 H21" stroke="#cf222e" stroke-dasharray="4 3" stroke-width="1.5"/></svg>loss</span>
Session high–low range shaded, close as a line; entries and exits at their fill prices.</p>`;
