/** `robo cost` as a strategy author runs it: one order's commission and fees, one JSON object with --json, exit 2 on bad flags. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRobo, sampleConfig, writeConfig } from '../support/cli.js';

describe('robo cost', () => {
  it('when a 1,000-share sell at 0.25 is priced under Fixed on 2026-05-01 then --json prints one object: the 1% cap (2.50) and that date\'s fees, unrounded', async () => {
    // Act
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '1000', '--price', '0.25', '--date', '2026-05-01', '--json']);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ commission: '2.50', secFee: '0.00515', tafFee: '0.195', catFee: '0.048', total: '2.74815', tradeDate: '2026-05-01', side: 'SELL' });
  });

  it('when a rounding policy is given then the fees are rounded up to the cent', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '1000', '--price', '0.25', '--date', '2026-05-01', '--rounding', 'per-fill', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ commission: '2.50', secFee: '0.01', tafFee: '0.20', catFee: '0.05', total: '2.76' });
  });

  it('when a sell falls in the 0.00 SEC period then its SEC fee is zero', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '500', '--date', '2025-09-02', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ secFee: '0.00', tafFee: '0.0166', commission: '1.00' });
  });

  it('when Tiered is asked with this month\'s volume near a boundary then the order is split across the tiers', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-tiered', '--side', 'buy', '--quantity', '1000', '--price', '25', '--date', '2026-03-02', '--month-volume', '299500', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ commission: '2.75', clearingFee: '0.20', exchangeFee: '3.00', secFee: '0.00', tafFee: '0.00' });
  });

  it('when run without --json then it prints a readable breakdown', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'buy', '--quantity', '100', '--price', '25', '--date', '2026-03-02']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/commission\s+1\.00/);
    expect(result.stdout).toMatch(/total\s+1\.0048/);
  });

  it.each([
    [['--plan', 'ibkr-lite', '--side', 'buy', '--quantity', '1', '--price', '1'], /ibkr-lite/],
    [['--plan', 'ibkr-fixed', '--side', 'hold', '--quantity', '1', '--price', '1'], /hold/],
    [['--plan', 'ibkr-fixed', '--side', 'buy', '--quantity', '-5', '--price', '1'], /--quantity expected a positive decimal/],
    [['--plan', 'ibkr-fixed', '--side', 'buy', '--quantity', '1', '--price', '0'], /--price expected a positive decimal/],
    [['--plan', 'ibkr-fixed', '--side', 'buy', '--quantity', '1', '--price', '1', '--date', '2026-02-30'], /--date expected a New York trade date/],
    [['--plan', 'ibkr-fixed', '--side', 'buy', '--price', '1'], /--quantity/],
  ])('when the flags are %j then it exits 2 and says what is wrong', async (args, message) => {
    const result = await runRobo(['cost', ...args, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it.each(['2027-03-01', '2028-06-30'])('when the date (%s) is past the date the tables were verified through then it answers with the last known rates and says they were carried forward', async (date) => {
    // Act
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '50', '--date', date, '--json']);

    // Assert
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { rateStatus: string; secFee: string; rates: Record<string, { status: string; origin: string; verifiedThrough: string }> };
    expect(out.rateStatus).toBe('carried-forward');
    expect(out.secFee).toBe('0.103');
    expect(out.rates['sec-section-31']).toMatchObject({ status: 'carried-forward', origin: 'built-in', verifiedThrough: '2026-12-31' });
  });

  it('when a buy is priced then no SEC or TAF rate is looked up or listed, even on a date those tables cannot answer', async () => {
    // Act: 2005 is before the SEC table's first sourced row.
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'buy', '--quantity', '100', '--price', '50', '--date', '2005-03-01', '--json']);

    // Assert
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { secFee: string; rates: Record<string, unknown> };
    expect(out.secFee).toBe('0.00');
    expect(Object.keys(out.rates).sort()).toEqual(['cat-fee', 'ibkr-us-stocks']);
  });

  it('when a sale is before the SEC table\'s first row then it fails closed as invalid input (exit 2), naming the table and its first date', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '10', '--date', '2005-03-01', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--date 2005-03-01: the sec-section-31 table starts on \d{4}-\d{2}-\d{2}; it has no rate for 2005-03-01/);
    expect(result.stderr).toContain('ROBO_ERR_USAGE');
    expect(result.stdout).toBe('');
  });

  it('when neither --plan nor --config is given then it exits 2 and says which to give', async () => {
    const result = await runRobo(['cost', '--side', 'buy', '--quantity', '1', '--price', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--plan');
  });
});

describe('robo cost --config: the rates a config adds', () => {
  const ratesConfig = (costs: string): string => `${sampleConfig()}safety:\n  costs:\n${costs}`;

  it('when the config adds an SEC row then a later sale is charged its rate to the cent, and --json names the config as its source', async () => {
    // Arrange
    const file = writeConfig(ratesConfig([
      '    rates:',
      '      sec-section-31:',
      '        verifiedThrough: "2027-09-30"',
      '        rows:',
      '          - from: "2027-02-01"',
      '            rate: "0.0000278"',
      '            sources: [{ title: "SEC fee rate advisory 2027-1", url: "https://www.sec.gov/rules-regulations/fee-rate-advisories" }]',
    ].join('\n') + '\n'));

    // Act
    const result = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '1000', '--price', '100', '--date', '2027-03-01', '--rounding', 'none', '--json']);

    // Assert: 100,000 × 0.0000278 = 2.78
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { plan: string; secFee: string; rates: Record<string, Record<string, string>> };
    expect(out.plan).toBe('ibkr-fixed');
    expect(out.secFee).toBe('2.78');
    expect(out.rates['sec-section-31']).toMatchObject({ origin: 'config', file, source: 'SEC fee rate advisory 2027-1', status: 'verified', rate: '0.0000278', from: '2027-02-01' });
  });

  it('when the config adds a row that starts later then the built-in rate before it stays carried forward, not verified', async () => {
    // Arrange: a rate announced for 2027-10-01 says nothing about January to September.
    const file = writeConfig(ratesConfig('    rates:\n      sec-section-31:\n        rows:\n          - { from: "2027-10-01", rate: "0.00003", sources: [{ title: "SEC fee rate advisory" }] }\n'));

    // Act
    const before = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '100', '--price', '50', '--date', '2027-03-01', '--json']);
    const from = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '100', '--price', '50', '--date', '2027-10-01', '--json']);

    // Assert
    expect((JSON.parse(before.stdout) as { rates: Record<string, { status: string; origin: string }> }).rates['sec-section-31']).toMatchObject({ status: 'carried-forward', origin: 'built-in' });
    expect((JSON.parse(from.stdout) as { rates: Record<string, { status: string; origin: string }> }).rates['sec-section-31']).toMatchObject({ status: 'verified', origin: 'config' });
  });

  it('when a row\'s date or verifiedThrough does not exist then it exits 2 at that line', async () => {
    // Arrange
    const file = writeConfig(ratesConfig('    ratesFiles: [sec.yaml]\n'), {
      'sec.yaml': 'schemaVersion: 1\ntable: sec-section-31\nverifiedThrough: "2027-02-30"\nrows:\n  - from: "2027-02-29"\n    rate: "0.00002"\n    sources: [{ title: "x" }]\n',
    });

    // Act
    const result = await runRobo(['validate', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sec\.yaml:3:\d+ verifiedThrough expected a real calendar date \(YYYY-MM-DD\), was "2027-02-30"/);
    expect(result.stderr).toMatch(/sec\.yaml:5:\d+ rows\[0\]\.from expected a real calendar date \(YYYY-MM-DD\), was "2027-02-29"/);
  });

  it('when a rates file is named by an absolute path then errors name that path as written', async () => {
    const file = writeConfig(ratesConfig('    ratesFiles: [/nonexistent/taf.yaml]\n'));
    const result = await runRobo(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the rates file /nonexistent/taf.yaml does not exist');
  });

  it('when a rates file adds a TAF row then the sale is charged it, and the file is named as the source', async () => {
    // Arrange
    const file = writeConfig(ratesConfig('    ratesFiles: [taf-2027.yaml]\n'), {
      'taf-2027.yaml': 'schemaVersion: 1\ntable: finra-taf\nverifiedThrough: "2027-12-31"\nrows:\n  - from: "2027-01-01"\n    perShare: "0.000195"\n    maxPerTrade: "9.79"\n    sources: [{ title: "FINRA Schedule A, 2027" }]\n',
    });

    // Act
    const result = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '1000', '--price', '100', '--date', '2027-03-01', '--rounding', 'none', '--json']);

    // Assert
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { tafFee: string; rates: Record<string, Record<string, string>> };
    expect(out.tafFee).toBe('0.195');
    expect(out.rates['finra-taf']).toMatchObject({ origin: 'config', file: 'taf-2027.yaml', status: 'verified' });
  });

  it('when a rates file has a bad row then it exits 2 naming the file, line and column, and the path of the mistake', async () => {
    // Arrange: a rate written as a YAML number, and a missing source.
    const file = writeConfig(ratesConfig('    ratesFiles: [sec.yaml]\n'), {
      'sec.yaml': 'schemaVersion: 1\ntable: sec-section-31\nrows:\n  - from: "2027-01-01"\n    rate: 0.0000206\n    sources: [{ title: "x" }]\n  - from: "2027-06-01"\n    rate: "0.00002"\n',
    });

    // Act
    const result = await runRobo(['cost', '--config', file, '--side', 'sell', '--quantity', '1', '--price', '1']);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sec\.yaml:5:11 rows\[0\]\.rate expected string, was number/);
    expect(result.stderr).toMatch(/sec\.yaml:7:\d+ rows\[1\]/);
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
  });

  it('when a rates file does not exist then it exits 2 pointing at its entry in the config', async () => {
    const file = writeConfig(ratesConfig('    ratesFiles: [missing.yaml]\n'));
    const result = await runRobo(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ safety\.costs\.ratesFiles\[0\] the rates file .*missing\.yaml does not exist/);
  });

  it('when a rates file is a FIFO then it exits 2 at once instead of waiting for a writer', async () => {
    // Arrange
    const file = writeConfig(ratesConfig('    ratesFiles: [pipe.yaml]\n'));
    execFileSync('mkfifo', [join(dirname(file), 'pipe.yaml')]);

    // Act
    const result = await runRobo(['validate', file], { timeoutMs: 10_000 });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/safety\.costs\.ratesFiles\[0\] the rates file .*pipe\.yaml is not a regular file/);
  });

  it('when the config gives two rows for one date then it exits 2 at the second', async () => {
    const row = '          - { from: "2027-02-01", rate: "0.00002", sources: [{ title: "x" }] }';
    const file = writeConfig(ratesConfig(['    rates:', '      sec-section-31:', '        rows:', row, row].join('\n') + '\n'));
    const result = await runRobo(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ safety\.costs\.rates\.sec-section-31\.rows\[1\]\.from 2027-02-01 is already the date of row 0/);
  });
});
