/**
 * The robo:cost-accounting plugin on a real host and simulated broker: fills are charged per fill with
 * the order's minimum kept across partial fills, each fill's log line carries its costs, the broker's
 * actual replaces the estimate, slippage is attributed, rates stay in force past the date they were
 * verified through (and say so), and a date before a table's first row fails closed.
 */
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SimBroker } from '../../../core/brokers/sim/broker.js';
import { NO_SLIPPAGE, type SlippageOptions } from '../../../core/brokers/sim/slippage.js';
import { dec } from '../../../core/domain/money.js';
import type { Bar } from '../../../core/domain/types.js';
import { Host } from '../../../core/host/host.js';
import { loadExchangeCalendar } from '../../../core/market/calendar.js';
import { ManualClock } from '../../../core/market/clock.js';
import { PLUGIN_NAME, costAccounting, type CostOptions } from '../../../plugins/costs/plugin.js';
import type { CostSummary } from '../../../plugins/costs/ledger.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { T0, bar, barSource, limitIntent, marketIntent } from '../../support/market.js';
import { RecordingBroker } from '../../support/recording-broker.js';

interface Fixture {
  readonly host: Host;
  readonly broker: RecordingBroker;
  readonly clock: ManualClock;
  /** Every log line the host wrote, parsed. */
  readonly lines: Record<string, unknown>[];
  play(bars: readonly Bar[]): Promise<void>;
  costs(): CostSummary;
}

const ny = (iso: string): number => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();

async function costHost(options: CostOptions & { slippage?: SlippageOptions; maxShareOfBarVolume?: number; startMs?: number } = {}): Promise<Fixture> {
  const clock = new ManualClock(options.startMs ?? T0);
  const timers = new FakeTimers();
  const sim = new SimBroker({ clock, latencyMs: 0, maxShareOfBarVolume: options.maxShareOfBarVolume ?? 1, rejectProbability: 0, seed: 1, timers, slippage: options.slippage ?? NO_SLIPPAGE });
  const broker = new RecordingBroker(sim);
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
  const host = new Host({ broker, clock, calendar: loadExchangeCalendar('XNYS'), log, startingCash: dec('100000'), timers });
  await host.install(costAccounting, { plan: options.plan ?? 'ibkr-fixed', rounding: options.rounding ?? 'none', monthVolume: options.monthVolume ?? 0, staleRates: options.staleRates ?? 'warn' });
  await host.start();
  await host.watch(['AAPL']);
  return {
    host,
    broker,
    clock,
    lines,
    play: async (bars) => {
      await sim.replay(barSource(bars), {}, new AbortController().signal);
      await host.idle();
    },
    costs: () => host.summarySections()['costs'] as CostSummary,
  };
}

describe('robo:cost-accounting: charging fills', () => {
  it('when 100 shares at 50 fill as 30 then 70 under Fixed then cash pays the 1.00 minimum once, plus CAT on every share', async () => {
    // Arrange: the bar volumes let a quarter through: 30 shares, then 70.
    const fx = await costHost({ maxShareOfBarVolume: 0.25 });
    await fx.host.submit(marketIntent('BUY', '100'));

    // Act
    await fx.play([bar(0, { open: 50, volume: 120 }), bar(1, { open: 50, volume: 280 })]);

    // Assert
    const costs = fx.costs();
    expect(costs.fills).toBe(2);
    expect(costs.commission).toBe('1.00');
    expect(costs.catFee).toBe('0.0048');
    expect(fx.host.portfolio.costs.toString()).toBe('1.0048');
    expect(fx.host.portfolio.cash.toString()).toBe(dec('100000').minus('5000').minus('1.0048').toString());
  });

  it('when the fills happen then each fill\'s log line carries its own costs, and the cash after them', async () => {
    // Arrange
    const fx = await costHost({ maxShareOfBarVolume: 0.25, rounding: 'per-fill' });
    await fx.host.submit(marketIntent('BUY', '100'));

    // Act
    await fx.play([bar(0, { open: 50, volume: 120 }), bar(1, { open: 50, volume: 280 })]);

    // Assert
    const fills = fx.lines.filter((line) => String(line['msg']).startsWith('fill '));
    expect(fills.map((line) => line['msg'])).toEqual([
      'fill BUY 30 AAPL @ 50 (order 1 partially_filled, position 30); costs 1.01 (commission 1.00, SEC 0.00, TAF 0.00, CAT 0.01)',
      'fill BUY 70 AAPL @ 50 (order 1 filled, position 100); costs 0.01 (commission 0.00, SEC 0.00, TAF 0.00, CAT 0.01)',
    ]);
    expect(fills[0]).toMatchObject({ costs: { commission: '1.00', catFee: '0.01', total: '1.01' }, cash: '98498.99' });
  });

  it('when a strategy sells then SEC is charged at the trade date\'s rate (0.00 in March 2026) and TAF per share sold', async () => {
    const fx = await costHost();
    await fx.host.submit(marketIntent('SELL', '1000'));
    await fx.play([bar(0, { open: 25, volume: 100_000 })]);
    expect(fx.costs()).toMatchObject({ secFee: '0.00', tafFee: '0.195', commission: '5.00', catFee: '0.048', total: '5.243' });
  });

  it('when two strategies trade then the summary breaks their costs down per strategy and the parts add up', async () => {
    const fx = await costHost();
    await fx.host.submit(marketIntent('BUY', '100', 'AAPL', 'alpha'));
    await fx.host.submit(marketIntent('BUY', '300', 'AAPL', 'beta'));
    await fx.play([bar(0, { open: 50 })]);
    const costs = fx.costs();
    expect(Object.keys(costs.byStrategy).sort()).toEqual(['alpha', 'beta']);
    expect(costs.byStrategy['alpha']).toMatchObject({ commission: '1.00', fills: 1 });
    expect(costs.byStrategy['beta']).toMatchObject({ commission: '1.50', fills: 1 });
    expect(dec(costs.byStrategy['alpha']!.total).plus(costs.byStrategy['beta']!.total).toString()).toBe(dec(costs.total).toString());
  });
});

describe('robo:cost-accounting: slippage', () => {
  it('when the simulated broker slips a fill then cash pays it in the price, and the summary attributes it', async () => {
    // Arrange: 10 bps of 100 is 0.10 a share.
    const fx = await costHost({ slippage: { model: 'fixed-bps', bps: 10, spreadBps: 0, impact: 0 } });
    await fx.host.submit(marketIntent('BUY', '100'));

    // Act
    await fx.play([bar(0, { open: 100 })]);

    // Assert
    expect(fx.broker.executions()[0]!.execution.price.toString()).toBe('100.1');
    expect(fx.host.portfolio.slippage.toString()).toBe('10');
    expect(fx.costs()).toMatchObject({ slippage: '10.00', commission: '1.00', total: '11.0048' });
    expect(String(fx.lines.find((l) => String(l['msg']).startsWith('fill '))?.['msg'])).toContain('slippage 10.00 in the price');
  });
});

describe('robo:cost-accounting: reconciliation with the broker', () => {
  it('when the broker reports the actual commission after the fill then it replaces the estimate in cash and the difference is recorded', async () => {
    // Arrange
    const fx = await costHost();
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(0, { open: 50 })]);
    const before = fx.host.portfolio.costs;

    // Act: IB reports 1.05 for an execution Robo estimated at 1.0048.
    fx.broker.emit({ type: 'commission', execId: 'sim-1-1.01', commission: dec('1.05'), currency: 'USD' });
    await fx.host.idle();

    // Assert
    expect(before.toString()).toBe('1.0048');
    expect(fx.host.portfolio.costs.toString()).toBe('1.05');
    expect(fx.costs().reconciliations).toEqual([{ execId: 'sim-1-1.01', estimate: '1.0048', actual: '1.05', difference: '0.0452' }]);
    expect(fx.costs()).toMatchObject({ brokerAdjustment: '0.0452', total: '1.05' });
  });

  it('when the broker corrects its report then only the new difference is charged (or refunded)', async () => {
    const fx = await costHost();
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(0, { open: 50 })]);
    fx.broker.emit({ type: 'commission', execId: 'sim-1-1.01', commission: dec('1.05'), currency: 'USD' });
    fx.broker.emit({ type: 'commission', execId: 'sim-1-1.01', commission: dec('0.90'), currency: 'USD' });
    await fx.host.idle();
    expect(fx.host.portfolio.costs.toString()).toBe('0.9');
    expect(fx.costs().reconciliations).toEqual([{ execId: 'sim-1-1.01', estimate: '1.0048', actual: '0.90', difference: '-0.1048' }]);
  });

  it('when the broker reports the actual before the execution arrives then the fill is charged the actual, once', async () => {
    const fx = await costHost();
    await fx.host.submit(marketIntent('BUY', '100'));
    fx.broker.emit({ type: 'commission', execId: 'sim-1-1.01', commission: dec('1.02'), currency: 'USD' });
    await fx.host.idle();
    expect(fx.host.portfolio.costs.isZero()).toBe(true);

    await fx.play([bar(0, { open: 50 })]);

    expect(fx.host.portfolio.costs.toString()).toBe('1.02');
    expect(fx.costs().reconciliations).toEqual([{ execId: 'sim-1-1.01', estimate: '1.0048', actual: '1.02', difference: '0.0152' }]);
  });

  it('when a report is in another currency then the estimate stands', async () => {
    const fx = await costHost();
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(0, { open: 50 })]);
    fx.broker.emit({ type: 'commission', execId: 'sim-1-1.01', commission: dec('1.30'), currency: 'CAD' });
    await fx.host.idle();
    expect(fx.host.portfolio.costs.toString()).toBe('1.0048');
  });
});

describe('robo:cost-accounting: rates in force until superseded', () => {
  /** A bar at a New York wall time, for runs far from T0. */
  const barAt = (iso: string, open: number): Bar => ({ ...bar(0, { open }), time: ny(iso) });

  it('when a run trades past every table\'s verifiedThrough then orders go, fills are charged the last known rates, and the summary says which tables were carried forward', async () => {
    // Arrange
    const fx = await costHost({ startMs: ny('2027-03-01T09:30') });

    // Act
    const bought = await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([barAt('2027-03-01T09:31', 50)]);
    const sold = await fx.host.submit(marketIntent('SELL', '100'));
    await fx.play([barAt('2027-03-01T09:32', 50)]);

    // Assert: 1.00 + CAT 0.0048 on the buy; 1.00 + CAT + SEC 5000 × 0.0000206 on the sale (TAF as last known).
    expect([bought.kind, sold.kind]).toEqual(['sent', 'sent']);
    expect(fx.costs().commission).toBe('2.00');
    expect(fx.costs().secFee).toBe('0.103');
    const stale = (fx.host.summarySections()['costs'] as { staleRates: { table: string; status: string; fills: number }[] }).staleRates;
    expect(stale.map((u) => [u.table, u.status, u.fills])).toEqual([
      ['ibkr-us-stocks', 'carried-forward', 2],
      ['cat-fee', 'carried-forward', 2],
      ['sec-section-31', 'carried-forward', 1],
      ['finra-taf', 'carried-forward', 1],
    ]);
    expect(fx.host.summaryNotices()).toHaveLength(4);
    expect(fx.host.summaryNotices()[0]).toContain('carried forward past 2026-12-31');
  });

  it('when a fill uses a carried-forward rate then its log line says so, and the first such fill warns once per table', async () => {
    // Arrange
    const fx = await costHost({ startMs: ny('2027-03-01T09:30') });

    // Act
    await fx.host.submit(marketIntent('BUY', '10'));
    await fx.play([barAt('2027-03-01T09:31', 50)]);
    await fx.host.submit(marketIntent('BUY', '10'));
    await fx.play([barAt('2027-03-01T09:32', 50)]);

    // Assert
    const fills = fx.lines.filter((l) => typeof l['msg'] === 'string' && (l['msg']).includes('costs '));
    expect(fills.at(-1)?.['msg']).toContain('ibkr-us-stocks rate from 2024-01-01 (built-in, carried-forward)');
    expect(fills.at(-1)?.['costRates']).toMatchObject({ 'cat-fee': { status: 'carried-forward', origin: 'built-in' } });
    const warned = fx.lines.filter((l) => l['level'] === 40 && String(l['msg']).includes('carried forward'));
    expect(warned).toHaveLength(2); // ibkr-us-stocks and cat-fee: a buy reads no SEC or TAF table
  });

  it('when staleRates is refuse then an order that opens a position on a carried-forward date is vetoed, and one that only reduces it passes', async () => {
    // Arrange: a long position bought while the rates were verified.
    const fx = await costHost({ staleRates: 'refuse', startMs: ny('2026-12-30T09:30') });
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([barAt('2026-12-30T09:31', 50)]);
    fx.clock.set(ny('2027-01-04T09:30'));

    // Act
    const more = await fx.host.submit(limitIntent('BUY', '100', '50'));
    const reduce = await fx.host.submit(limitIntent('SELL', '60', '50'));
    const beyond = await fx.host.submit(limitIntent('SELL', '60', '50'));

    // Assert: the second sale would pass through flat (60 + 60 > 100): only its closing 40 shares go.
    expect(more).toMatchObject({ kind: 'vetoed', veto: { by: PLUGIN_NAME, code: 'COST_RATES_STALE' } });
    expect(reduce.kind).toBe('sent');
    expect(beyond.kind).toBe('sent');
    expect(beyond.kind === 'sent' && beyond.order.intent.quantity.toString()).toBe('40');
  });

  it('when staleRates is refuse and a strategy flips its position (SELL 200 from +100) then the order is cut to the 100 that close it, so it can always get out', async () => {
    // Arrange
    const fx = await costHost({ staleRates: 'refuse', startMs: ny('2026-12-30T09:30') });
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([barAt('2026-12-30T09:31', 50)]);
    fx.clock.set(ny('2027-01-04T09:30'));

    // Act
    const flip = await fx.host.submit(marketIntent('SELL', '200'));
    await fx.play([barAt('2027-01-04T09:31', 50)]);

    // Assert
    expect(flip.kind).toBe('sent');
    expect(flip.kind === 'sent' && flip.order.intent.quantity.toString()).toBe('100');
    expect(fx.host.portfolio.position('AAPL').quantity.isZero()).toBe(true);
  });

  it('when staleRates is refuse and only IBKR\'s oldest plan is carried back to the date then orders go: refuse is about rates past their verified date', async () => {
    // Arrange: in 2023 the IBKR plans are carried back (their first row is 2024-01-01); a buy owes no SEC or TAF, and CAT was zero.
    const fx = await costHost({ staleRates: 'refuse', startMs: ny('2023-06-01T09:30') });

    // Act
    const buy = await fx.host.submit(limitIntent('BUY', '100', '50'));

    // Assert
    expect(buy.kind).toBe('sent');
  });

  it('when a sale falls before the SEC table\'s first row then it is vetoed with ROBO_ERR_COST_COVERAGE, while a buy (which owes no SEC fee) is sent', async () => {
    // Arrange
    const fx = await costHost({ startMs: ny('2003-06-02T09:30') });

    // Act
    const buy = await fx.host.submit(limitIntent('BUY', '100', '50'));
    const sell = await fx.host.submit(limitIntent('SELL', '100', '50'));

    // Assert
    expect(buy.kind).toBe('sent');
    expect(sell).toMatchObject({ kind: 'vetoed', veto: { by: PLUGIN_NAME, code: 'ROBO_ERR_COST_COVERAGE', reason: expect.stringContaining('sec-section-31') } });
  });

  it('when the plan is zero (research) then any calendar date runs, with no costs', async () => {
    const fx = await costHost({ plan: 'zero', startMs: ny('2027-01-04T09:30') });
    const result = await fx.host.submit(limitIntent('BUY', '100', '50'));
    expect(result.kind).toBe('sent');
  });
});

describe('robo:cost-accounting: IBKR Tiered month volume', () => {
  it('when the run starts with this month\'s volume near a tier boundary then the first fill is split across it', async () => {
    const fx = await costHost({ plan: 'ibkr-tiered', monthVolume: 299_950 });
    await fx.host.submit(marketIntent('BUY', '100'));
    await fx.play([bar(0, { open: 50 })]);
    expect(fx.costs().commission).toBe('0.35'); // 50 × 0.0035 + 50 × 0.002 = 0.275, below the 0.35 minimum
    expect(fx.costs().clearingFee).toBe('0.02');
  });
});
