/**
 * The report in a real browser: Debian's Chromium, headless, driven by playwright-core, opening the file
 * with every non-file request blocked and recorded. It checks that the charts drew what the record holds,
 * the trades are marked, the monthly table is right, and nothing went wrong on the console; it leaves a
 * screenshot in test-artifacts/report.png for a person to look at.
 *
 * No Chromium, no pass: .ci/run installs it (`apt-get install -y chromium`), so a missing browser fails here.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BacktestRecord } from '../../../core/backtest/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartData } from '../../../core/report/chart-data.js';
import { percent } from '../../../core/report/format.js';
import { monthlyReturns } from '../../../core/report/monthly-returns.js';
import { writeReport } from '../../../core/report/write-report.js';
import { sampleBacktestRecord } from '../../support/backtest-record.js';
import { ROOT } from '../../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, 'test-artifacts/report.png');

interface DrawnChart {
  readonly id: string;
  readonly series: number;
  readonly points: number;
  readonly markers: number;
  /** Price charts: where the first trade's entry is drawn, in page pixels. */
  readonly firstMark?: { readonly x: number; readonly y: number };
}

const record = sampleBacktestRecord();
const symbols = Object.keys(record.prices);
const work = mkdtempSync(join(tmpdir(), 'robo-report-'));
let browser: Browser;

/** A report open in a fresh page, with what went wrong on the way: requests outside the file (blocked), console errors, uncaught errors. */
interface Opened {
  readonly page: Page;
  readonly outside: string[];
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
}

async function open(name: string, shown: BacktestRecord, charts: number): Promise<Opened> {
  const file = join(work, name);
  await writeReport(file, shown, { period: { from: shown.sessions[0]?.date ?? '2023-01-03', to: shown.sessions.at(-1)?.date ?? '2023-01-03' }, generatedAt: '2026-12-05 23:30 UTC' });
  const opened: Opened = { page: await browser.newPage({ viewport: { width: 1280, height: 900 } }), outside: [], consoleErrors: [], pageErrors: [] };
  opened.page.on('console', (message) => { if (message.type() === 'error') opened.consoleErrors.push(message.text()); });
  opened.page.on('pageerror', (error) => opened.pageErrors.push(String(error)));
  await opened.page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    opened.outside.push(url);
    return route.abort();
  });
  await opened.page.goto(pathToFileURL(file).href);
  await opened.page.waitForFunction(`(window.__reportCharts || []).length === ${charts}`);
  return opened;
}

let report: Opened;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`expected Chromium at ${CHROMIUM}, was missing: apt-get install -y chromium (.ci/run does)`);
  browser = await chromium.launch({ executablePath: CHROMIUM });
  report = await open('report.html', record, 2 + symbols.length);
  page = report.page;
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

afterAll(async () => {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the HTML report in Chromium', () => {
  it('when opened then the equity, drawdown and every price chart drew all their series over every session', async () => {
    const drawn = await page.evaluate<DrawnChart[]>('window.__reportCharts');

    expect(drawn.map(({ id, series, points }) => ({ id, series, points }))).toEqual([
      { id: 'chart-equity', series: 2, points: record.sessions.length },
      { id: 'chart-drawdown', series: 2, points: record.sessions.length },
      ...symbols.map((_, i) => ({ id: `chart-price-${i}`, series: 3, points: record.prices[symbols[i]!]!.length })),
    ]);
  });

  it('when opened then each symbol chart marks every entry and every exit of its trades', async () => {
    const drawn = await page.evaluate<DrawnChart[]>('window.__reportCharts');

    const expected = symbols.map((symbol) => record.trades.filter((t) => t.symbol === symbol).reduce((marks, t) => marks + (t.open ? 1 : 2), 0));
    expect(drawn.filter((c) => c.id.startsWith('chart-price-')).map((c) => c.markers)).toEqual(expected);
    expect(expected.every((marks) => marks > 0)).toBe(true);
  });

  it('when opened then no chart canvas is blank', async () => {
    // The share of each chart's pixels that are not the white page: lines, fills, grid, axes and marks.
    const inked = await page.evaluate<number[]>(`[...document.querySelectorAll('.uplot canvas')].map((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink++;
      return ink / (canvas.width * canvas.height);
    })`);

    expect(inked).toHaveLength(2 + symbols.length);
    for (const share of inked) expect(share).toBeGreaterThan(0.01);
  });

  it('when opened then the monthly table has a row per year, twelve months and a total, each figure as computed', async () => {
    const years = monthlyReturns(record.sessions, record.metrics.overall.startingEquity);
    const cells = await page.evaluate<Record<string, string>>(`Object.fromEntries([...document.querySelectorAll('table.monthly td[data-period]')].map((td) => [td.dataset.period, td.textContent]))`);

    const expected: Record<string, string> = {};
    for (const year of years) {
      year.months.forEach((value, i) => (expected[`${year.year}-${String(i + 1).padStart(2, '0')}`] = value === null ? '' : percent(value, { signed: true, places: 1 })));
      expected[String(year.year)] = year.total === null ? '' : percent(year.total, { signed: true, places: 1 });
    }
    expect(years.map((y) => y.year)).toEqual([2023, 2024]);
    expect(cells).toEqual(expected);
  });

  // The page's Content-Security-Policy turns any attempt into a console error before a request leaves;
  // the route catches whatever would get past it.
  it('when opened then it asked for nothing outside the file and the console shows no error', () => {
    expect(report.outside).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    expect(report.pageErrors).toEqual([]);
  });

  it('when the pointer rests on the mark of a trade then a box beside it says what the trade was', async () => {
    const drawn = await page.evaluate<DrawnChart[]>('window.__reportCharts');
    const mark = drawn.find((c) => c.id === 'chart-price-0')?.firstMark;
    if (mark === undefined) throw new Error('expected the first price chart to report where its first mark is, was nothing');

    await page.evaluate(`window.scrollTo(0, ${mark.y - 300})`);
    const scrolled = await page.evaluate<number>('window.scrollY');
    await page.mouse.move(mark.x, mark.y - scrolled);
    const tip = page.locator('#chart-price-0 .trade-tip');
    await tip.waitFor({ state: 'visible' });

    expect(await tip.textContent()).toBe(chartData(record).prices[0]?.trades[0]?.label);
  });

  it('when opened then a full-page screenshot is left in test-artifacts/report.png', () => {
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });
});

describe('the HTML report of a run with no sessions, prices or trades, in Chromium', () => {
  it('when opened then its two curves draw empty and the console shows no error', async () => {
    const empty: BacktestRecord = { ...record, sessions: [], equity: [], prices: {}, orders: [], fills: [], trades: [], metrics: { ...record.metrics, byStrategy: {}, bySymbol: {} } };

    const opened = await open('empty.html', empty, 2);

    expect(await opened.page.evaluate<DrawnChart[]>('window.__reportCharts')).toEqual([
      { id: 'chart-equity', series: 2, points: 0, markers: 0 },
      { id: 'chart-drawdown', series: 2, points: 0, markers: 0 },
    ]);
    expect([...opened.outside, ...opened.consoleErrors, ...opened.pageErrors]).toEqual([]);
  });
});
