/** Specification of a successful load: absolute paths, every default applied, and a config nobody can change. */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/load.js';
import { STRATEGY_KINDS, fixture } from './fixtures.js';

describe('loadConfig on a valid file', () => {
  it('when every key is written then the config holds exactly those values', async () => {
    const file = fixture('valid.yaml');

    const loaded = await loadConfig(file, { strategyKinds: STRATEGY_KINDS, env: { ROBO_TEST_ACCOUNT: 'DU1234567' } });

    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(dirname(file));
    expect(loaded.config).toEqual({
      version: 1,
      account: { mode: 'paper', currency: 'USD', startingCash: 100000, id: 'DU1234567' },
      broker: { kind: 'sim', latencyMs: 20, fillModel: { maxShareOfBarVolume: 0.25, slippage: { model: 'fixed-bps', bps: 1, spreadBps: 2, impact: 0.1 } }, rejectProbability: 0, seed: 1 },
      data: { source: 'generated', symbols: ['SPY', 'QQQ'], start: '2026-03-02', days: 5, barSeconds: 60, seed: 42, startPrice: 100, pace: { barsPerSecond: 20 } },
      safety: {
        circuitBreaker: { maxConsecutiveFailures: 5, cooldownSeconds: 300, dailyLossPercent: 3, reducingAtShareOfDailyLoss: 0.8, maxDrawdownPercent: 10 },
        riskLimits: { maxOrderQuantity: 10000, maxOrderNotional: 100000, maxDailyNotional: 5000000, maxPositionQuantity: 20000, maxOpenOrdersPerSide: 20, priceCollarPercent: 5, tradingHours: 'regular' },
        rateLimiter: { messagesPerSecond: 40, burst: 5, orders: { max: 20, maxPerSymbol: 5, intervalSeconds: 1 }, maxWaitMs: 1000, maxQueue: 100 },
        costs: { plan: 'ibkr-fixed', rounding: 'per-fill', monthVolume: 0, staleRates: 'warn', rates: {}, ratesFiles: [] },
        heartbeat: { intervalMs: 10000, timeoutMs: 5000 },
        stateRecovery: { unknown: 'refuse' },
      },
      journal: { path: '.robo/journal.sqlite' },
      shutdown: { cancelOpenOrders: true, keepProtectiveExits: true },
      log: { level: 'info' },
      plugins: [{ package: '@acme/robo-plugin-audit', options: { dir: './audit' } }],
      strategies: [{ id: 'spy-trend', kind: 'ma-crossover', symbols: ['SPY'], params: { fast: 10, slow: 30 }, sizing: { quantity: 100 } }],
    });
  });

  it('when only required keys are written then every default is applied', async () => {
    const file = fixture('minimal.yaml');

    const { config } = await loadConfig(file, { strategyKinds: STRATEGY_KINDS, env: {} });

    expect(config).toEqual({
      version: 1,
      account: { mode: 'paper', currency: 'USD', startingCash: 25000 },
      broker: { kind: 'sim', latencyMs: 20, fillModel: { maxShareOfBarVolume: 0.25, slippage: { model: 'fixed-bps', bps: 1, spreadBps: 2, impact: 0.1 } }, rejectProbability: 0, seed: 1 },
      data: { source: 'csv', path: './bars.csv', barSeconds: 300, pace: { barsPerSecond: 20 } },
      safety: {
        circuitBreaker: { maxConsecutiveFailures: 5, cooldownSeconds: 300, dailyLossPercent: 3, reducingAtShareOfDailyLoss: 0.8, maxDrawdownPercent: 10 },
        riskLimits: { maxOrderQuantity: 10000, maxOrderNotional: 100000, maxDailyNotional: 5000000, maxPositionQuantity: 20000, maxOpenOrdersPerSide: 20, priceCollarPercent: 5, tradingHours: 'regular' },
        rateLimiter: { messagesPerSecond: 40, burst: 5, orders: { max: 20, maxPerSymbol: 5, intervalSeconds: 1 }, maxWaitMs: 1000, maxQueue: 100 },
        costs: { plan: 'ibkr-fixed', rounding: 'per-fill', monthVolume: 0, staleRates: 'warn', rates: {}, ratesFiles: [] },
        heartbeat: { intervalMs: 10000, timeoutMs: 5000 },
        stateRecovery: { unknown: 'refuse' },
      },
      journal: { path: '.robo/journal.sqlite' },
      shutdown: { cancelOpenOrders: true, keepProtectiveExits: true },
      log: { level: 'info' },
      plugins: [],
      strategies: [{ id: 'spy-trend', kind: 'ma-crossover', symbols: ['SPY'], params: { fast: 10, slow: 30 }, sizing: { quantity: 1 } }],
    });
  });

  it('when loaded then the config is frozen at every depth', async () => {
    const { config } = await loadConfig(fixture('valid.yaml'), { strategyKinds: STRATEGY_KINDS, env: { ROBO_TEST_ACCOUNT: 'DU1234567' } });

    if (config.broker.kind !== 'sim' || config.data.source === 'broker') throw new Error('valid.yaml is a sim config with replayed data');
    const nested = [config, config.account, config.broker.fillModel, config.data, config.data.pace, config.plugins, config.plugins[0]?.options, config.strategies, config.strategies[0]?.params, config.strategies[0]?.symbols];
    expect(nested.every((value) => Object.isFrozen(value))).toBe(true);
    expect(() => {
      // @ts-expect-error the resolved config is readonly all the way down
      config.broker.fillModel.maxShareOfBarVolume = 1;
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error arrays of the resolved config are readonly too
      config.strategies.push(config.strategies[0]);
    }).toThrow(TypeError);
  });
});
