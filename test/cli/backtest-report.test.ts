/**
 * `robo backtest --report FILE` as a user runs it: the page of a real run opens in Debian's Chromium with
 * every chart drawn over the run's sessions, every trade of trades.csv marked, the config shown, and
 * nothing on the console; the same run writes the same page byte for byte.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runRobo, writeConfig } from '../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const config = writeConfig(readFileSync(join(ROOT, 'robo.config.yaml'), 'utf8').replace('days: 5', 'days: 8'));
const dir = dirname(config);
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`expected Chromium at ${CHROMIUM}, was missing: apt-get install -y chromium (.ci/run does)`);
  const result = await runRobo(['backtest', config, '--report', join(dir, 'report.html'), '--out', join(dir, 'out')], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 60_000);

afterAll(async () => {
  await browser.close();
});

describe('robo backtest --report', () => {
  it('draws the run in Chromium: equity and drawdown over every session, each symbol with every trade marked, no console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (problems.push(`asked for ${route.request().url()}`), route.abort())));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await page.waitForFunction('Array.isArray(window.__reportCharts)');
    const charts = await page.evaluate<{ id: string; points: number; markers: number }[]>('window.__reportCharts');
    const sessions = readFileSync(join(dir, 'out', 'equity.csv'), 'utf8').trim().split('\n').length - 1;
    const trades = readFileSync(join(dir, 'out', 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const marks = (symbol: string): number => trades.filter((t) => t[1] === symbol).reduce((n, t) => n + (t.at(-1) === 'true' ? 1 : 2), 0);
    expect(sessions).toBe(8);
    expect(charts.map((c) => [c.id, c.points])).toEqual([['chart-equity', sessions], ['chart-drawdown', sessions], ['chart-price-0', sessions], ['chart-price-1', sessions]]);
    expect(charts.slice(2).map((c) => c.markers)).toEqual([marks('SPY'), marks('QQQ')]);
    expect(await page.textContent('body')).toContain('maxShareOfBarVolume: 0.25');
    await page.screenshot({ path: join(ROOT, 'test-artifacts/backtest-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 30_000);

  it('writes the same page for the same run', async () => {
    copyFileSync(join(dir, 'report.html'), join(dir, 'first.html'));
    const again = await runRobo(['backtest', config, '--report', join(dir, 'report.html')], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(readFileSync(join(dir, 'first.html'), 'utf8'));
  }, 60_000);

  it('refuses a folder where the report file should be, before the replay', async () => {
    const result = await runRobo(['backtest', config, '--report', dir], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--report ${dir}: the report cannot be written there: something other than a file is there (a folder?)`);
  });
});
