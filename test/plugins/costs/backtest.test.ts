/**
 * End to end — robo.config.yaml → host → robo:cost-accounting → simulated broker → summary: `robo backtest
 * --json` reports costs broken down overall and per strategy, and net P&L is gross P&L minus costs to the cent.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../core/domain/money.js';
import type { CostSummary } from '../../../plugins/costs/ledger.js';
import { runRobo, sampleConfig, writeConfig } from '../../support/cli.js';

interface Summary {
  grossPnl: string;
  costs: string;
  slippage: string;
  netPnl: string;
  realizedPnl: string;
  unrealizedPnl: string;
  startingCash: string;
  endingEquity: string;
  sections: { costs: CostSummary };
}

async function backtest(file: string): Promise<Summary> {
  const result = await runRobo(['backtest', file, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

describe('robo backtest: costs', () => {
  it('when the example config is backtested then net P&L is gross P&L minus the reported costs, to the cent', async () => {
    // Act
    const s = await backtest('robo.config.yaml');

    // Assert
    expect(dec(s.grossPnl).minus(s.costs).eq(dec(s.netPnl))).toBe(true);
    expect(dec(s.startingCash).plus(s.netPnl).eq(dec(s.endingEquity))).toBe(true);
    expect(dec(s.sections.costs.commission).gt(0)).toBe(true);
    expect(dec(s.sections.costs.slippage).gt(0)).toBe(true);
    expect(dec(s.sections.costs.total).toFixed(2)).toBe(s.costs);
    expect(s.sections.costs.slippage).toBe(s.slippage);
    // Unrounded, gross is the P&L at the market's prices: realized + unrealized at fill prices, plus the slippage in them.
    expect(dec(s.realizedPnl).plus(s.unrealizedPnl).plus(s.slippage).minus(s.grossPnl).abs().lte('0.02')).toBe(true);
  });

  it('when the summary breaks costs down then the parts add up to the total, overall and per strategy', async () => {
    const { sections: { costs } } = await backtest('robo.config.yaml');
    const parts = (line: CostSummary['byStrategy'][string]): string => ['commission', 'exchangeFee', 'clearingFee', 'passThroughFee', 'secFee', 'tafFee', 'catFee', 'brokerAdjustment', 'slippage']
      .reduce((sum, key) => sum.plus(line[key as keyof typeof line] as string), dec('0')).toString();

    expect(parts(costs)).toBe(dec(costs.total).toString());
    expect(Object.keys(costs.byStrategy).sort()).toEqual(['qqq-trend', 'spy-trend']);
    for (const line of Object.values(costs.byStrategy)) expect(parts(line)).toBe(dec(line.total).toString());
    const byStrategy = Object.values(costs.byStrategy).reduce((sum, line) => sum.plus(line.total), dec('0'));
    expect(byStrategy.toString()).toBe(dec(costs.total).toString());
  });

  it('when the plan is zero and slippage is none then nothing is charged and gross equals net', async () => {
    const config = sampleConfig({ broker: 'broker:\n  kind: sim\n  latencyMs: 0\n  fillModel:\n    slippage: { model: none }' }) + 'safety:\n  costs: { plan: zero }\n';
    const s = await backtest(writeConfig(config));
    expect([s.costs, s.grossPnl]).toEqual(['0.00', s.netPnl]);
  });

  it('when the plan is ibkr-tiered then the summary shows exchange, clearing and pass-through fees as well', async () => {
    const config = sampleConfig() + 'safety:\n  costs: { plan: ibkr-tiered, rounding: none }\n';
    const s = await backtest(writeConfig(config));
    expect(s.sections.costs.plan).toBe('ibkr-tiered');
    expect(dec(s.sections.costs.exchangeFee).gt(0) && dec(s.sections.costs.clearingFee).gt(0) && dec(s.sections.costs.passThroughFee).gt(0)).toBe(true);
    expect(dec(s.grossPnl).minus(s.costs).eq(dec(s.netPnl))).toBe(true);
  });

  it.each(['validate', 'backtest'])('when the data starts before the SEC and FINRA tables\' first row then robo %s refuses the config (exit 2) at data.start, naming each table and its first date', async (command) => {
    // Arrange
    const config = sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2005-03-01"\n  days: 1\n  barSeconds: 60\n  seed: 42' });

    // Act
    const result = await runRobo([command, writeConfig(config)]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/robo\.config\.yaml:\d+:\d+ data\.start expected a run on or after \d{4}-\d{2}-\d{2}, the first date the sec-section-31 fee table has a rate for, was one from 2005-03-01/);
    expect(result.stderr).toContain('finra-taf');
    expect(result.stderr).toContain('ROBO_ERR_CONFIG_INVALID');
    expect(result.stdout).toBe('');
  });

  it('when the same data runs on plan zero then nothing needs a fee table and it trades', async () => {
    const config = `${sampleConfig({ data: 'data:\n  source: generated\n  symbols: [SPY]\n  start: "2005-03-01"\n  days: 2\n  barSeconds: 60\n  seed: 42' })}safety:\n  costs: { plan: zero }\n`;
    const result = await runRobo(['backtest', writeConfig(config), '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { fills: number }).fills).toBeGreaterThan(0);
  });
});
