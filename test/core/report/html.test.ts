/**
 * The page as text: what it holds and what it must never hold. What it looks like and whether its
 * script runs is html.browser.test.ts's job.
 */
import { describe, expect, it } from 'vitest';
import type { ChartData } from '../../../core/report/chart-data.js';
import { renderReport } from '../../../core/report/html.js';
import { sampleBacktestRecord, SAMPLE_CONFIG_TEXT } from '../../support/backtest-record.js';

const record = sampleBacktestRecord();
const run = { period: { from: '2023-01-03', to: '2024-12-02' }, generatedAt: '2026-12-05 23:30 UTC' };
const page = renderReport(record, run);

function island(html: string): ChartData {
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(json ?? 'null') as ChartData;
}

describe('renderReport', () => {
  it('when the same record is rendered twice then the pages are the same to the byte', () => {
    expect(renderReport(sampleBacktestRecord(), run)).toBe(page);
  });

  it('when the config text holds </script> and <!-- then the page shows it escaped and only its own three scripts close', () => {
    expect(SAMPLE_CONFIG_TEXT).toContain('</script><!--');
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(page).not.toContain('<!--');
    expect(page).toContain('&quot;&lt;/script&gt;&lt;!-- in a comment&quot;');
  });

  it('when rendered then nothing in it points outside the file and its policy forbids fetching anything', () => {
    expect(page).not.toMatch(/\ssrc\s*=/i);
    expect([...page.matchAll(/\shref\s*=\s*"([^"]*)"/gi)].map((m) => m[1]).filter((href) => !href?.startsWith('#'))).toEqual([]);
    expect(page).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('when rendered then the charts get every session and every trade of each symbol', () => {
    const data = island(page);

    expect(data.equity.time).toHaveLength(record.sessions.length);
    expect(data.prices.map((p) => [p.symbol, p.close.length, p.trades.length])).toEqual(
      Object.keys(record.prices).map((symbol) => [symbol, record.sessions.length, record.trades.filter((t) => t.symbol === symbol).length]),
    );
  });

  it('when there are more trades than the list shows then it shows that many and says how many there were', () => {
    const short = renderReport(record, { ...run, tradesShown: 10 });

    expect(short).toContain(`Showing the first 10 of ${record.trades.length} trades.`);
    expect(/<table class="trades">.*?<\/table>/s.exec(short)?.[0].match(/<tr>/g)).toHaveLength(11);
  });

  it('when a title and the time it was made are given then the page carries them, escaped', () => {
    const titled = renderReport(record, { ...run, title: 'SPY & QQQ <2 years>' });

    expect(titled).toContain('<title>SPY &amp; QQQ &lt;2 years&gt;</title>');
    expect(titled).toContain('on 2026-12-05 23:30 UTC');
  });
});
