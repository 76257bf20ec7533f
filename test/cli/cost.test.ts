/** `robo cost` as a strategy author runs it: one order's commission and fees, one JSON object with --json, exit 2 on bad flags. */
import { describe, expect, it } from 'vitest';
import { runRobo } from '../support/cli.js';

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

  it('when the date is outside the fee tables then it fails closed with ROBO_ERR_COST_COVERAGE', async () => {
    const result = await runRobo(['cost', '--plan', 'ibkr-fixed', '--side', 'sell', '--quantity', '100', '--price', '10', '--date', '2027-03-01', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ROBO_ERR_COST_COVERAGE');
    expect(result.stdout).toBe('');
  });
});
