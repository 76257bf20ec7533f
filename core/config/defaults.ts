/**
 * Fills in every key the file may leave out, with the value the schema documents as its `default`,
 * and freezes the result all the way down so no plugin or strategy can change the config it was given.
 */
import { configSchema } from './schema.js';
import type { RoboConfig, RoboConfigInput } from './schema.js';

/** Readonly at every depth, arrays included. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The config a run uses: validated, defaults applied, deeply frozen. */
export type ResolvedConfig = DeepReadonly<RoboConfig>;

// Defaults are read from the schema itself, so the documented default and the applied one cannot drift.
const root = configSchema.properties;
const account = root.account.properties;
const [simBroker, ibBroker] = root.broker.oneOf;
const [generatedData, , brokerData, cacheData] = root.data.oneOf;
const pace = generatedData.properties.pace.properties;

type BrokerInput = RoboConfigInput['broker'];
type DataInput = RoboConfigInput['data'];
type PaceInput = Exclude<DataInput, { source: 'broker' }>['pace'];

export function applyDefaults(input: RoboConfigInput): ResolvedConfig {
  const config: RoboConfig = {
    version: input.version,
    account: {
      ...input.account,
      mode: input.account.mode ?? account.mode.default,
      currency: input.account.currency ?? account.currency.default,
    },
    broker: brokerWithDefaults(input.broker),
    data: dataWithDefaults(input.data),
    safety: {
      ...input.safety,
      circuitBreaker: circuitBreakerWithDefaults(input.safety?.circuitBreaker),
      riskLimits: riskLimitsWithDefaults(input.safety?.riskLimits),
      rateLimiter: rateLimiterWithDefaults(input.safety?.rateLimiter),
      costs: costsWithDefaults(input.safety?.costs),
      heartbeat: heartbeatWithDefaults(input.safety?.heartbeat),
      stateRecovery: stateRecoveryWithDefaults(input.safety?.stateRecovery),
    },
    journal: { path: input.journal?.path ?? root.journal.properties.path.default },
    shutdown: {
      cancelOpenOrders: input.shutdown?.cancelOpenOrders ?? root.shutdown.properties.cancelOpenOrders.default,
      keepProtectiveExits: input.shutdown?.keepProtectiveExits ?? root.shutdown.properties.keepProtectiveExits.default,
    },
    ...(input.calendar === undefined ? {} : { calendar: { ...input.calendar } }),
    log: { level: input.log?.level ?? root.log.properties.level.default },
    plugins: (input.plugins ?? []).map((plugin) => ({ package: plugin.package, options: plugin.options ?? {} })),
    strategies: input.strategies.map((strategy) => ({ ...strategy, params: strategy.params ?? {} })),
  };
  return deepFreeze(config);
}

function brokerWithDefaults(broker: BrokerInput): RoboConfig['broker'] {
  const sim = simBroker.properties;
  switch (broker.kind) {
    case 'sim':
      return {
        kind: broker.kind,
        latencyMs: broker.latencyMs ?? sim.latencyMs.default,
        fillModel: {
          maxShareOfBarVolume: broker.fillModel?.maxShareOfBarVolume ?? sim.fillModel.properties.maxShareOfBarVolume.default,
          slippage: slippageWithDefaults(broker.fillModel?.slippage),
        },
        rejectProbability: broker.rejectProbability ?? sim.rejectProbability.default,
        seed: broker.seed ?? sim.seed.default,
      };
    case 'ib': {
      const ib = ibBroker.properties;
      return {
        ...broker,
        host: broker.host ?? ib.host.default,
        connectTimeoutMs: broker.connectTimeoutMs ?? ib.connectTimeoutMs.default,
        requestTimeoutMs: broker.requestTimeoutMs ?? ib.requestTimeoutMs.default,
        maxRequestsPerSecond: broker.maxRequestsPerSecond ?? ib.maxRequestsPerSecond.default,
      };
    }
  }
}

function slippageWithDefaults(given: NonNullable<Extract<BrokerInput, { kind: 'sim' }>['fillModel']>['slippage']): Extract<RoboConfig['broker'], { kind: 'sim' }>['fillModel']['slippage'] {
  const slippage = simBroker.properties.fillModel.properties.slippage.properties;
  return {
    model: given?.model ?? slippage.model.default,
    bps: given?.bps ?? slippage.bps.default,
    spreadBps: given?.spreadBps ?? slippage.spreadBps.default,
    impact: given?.impact ?? slippage.impact.default,
  };
}

type SafetyInput = NonNullable<RoboConfigInput['safety']>;
type Safety = RoboConfig['safety'];

// Risk limits get their defaults here, in code, from the documented schema defaults — never from ajv's
// useDefaults — and `enabled` (which can only say true) is not passed on: the guards always run.
export function circuitBreakerWithDefaults(given: SafetyInput['circuitBreaker']): Safety['circuitBreaker'] {
  const d = root.safety.properties.circuitBreaker.properties;
  return {
    maxConsecutiveFailures: given?.maxConsecutiveFailures ?? d.maxConsecutiveFailures.default,
    cooldownSeconds: given?.cooldownSeconds ?? d.cooldownSeconds.default,
    dailyLossPercent: given?.dailyLossPercent ?? d.dailyLossPercent.default,
    reducingAtShareOfDailyLoss: given?.reducingAtShareOfDailyLoss ?? d.reducingAtShareOfDailyLoss.default,
    maxDrawdownPercent: given?.maxDrawdownPercent ?? d.maxDrawdownPercent.default,
  };
}

export function riskLimitsWithDefaults(given: SafetyInput['riskLimits']): Safety['riskLimits'] {
  const d = root.safety.properties.riskLimits.properties;
  return {
    maxOrderQuantity: given?.maxOrderQuantity ?? d.maxOrderQuantity.default,
    maxOrderNotional: given?.maxOrderNotional ?? d.maxOrderNotional.default,
    maxDailyNotional: given?.maxDailyNotional ?? d.maxDailyNotional.default,
    maxPositionQuantity: given?.maxPositionQuantity ?? d.maxPositionQuantity.default,
    maxOpenOrdersPerSide: given?.maxOpenOrdersPerSide ?? d.maxOpenOrdersPerSide.default,
    priceCollarPercent: given?.priceCollarPercent ?? d.priceCollarPercent.default,
    tradingHours: given?.tradingHours ?? d.tradingHours.default,
    ...(given?.maxPriceAgeSeconds === undefined ? {} : { maxPriceAgeSeconds: given.maxPriceAgeSeconds }),
  };
}

export function rateLimiterWithDefaults(given: SafetyInput['rateLimiter']): Safety['rateLimiter'] {
  const d = root.safety.properties.rateLimiter.properties;
  const orders = d.orders.properties;
  return {
    messagesPerSecond: given?.messagesPerSecond ?? d.messagesPerSecond.default,
    burst: given?.burst ?? d.burst.default,
    orders: {
      max: given?.orders?.max ?? orders.max.default,
      maxPerSymbol: given?.orders?.maxPerSymbol ?? orders.maxPerSymbol.default,
      intervalSeconds: given?.orders?.intervalSeconds ?? orders.intervalSeconds.default,
    },
    maxWaitMs: given?.maxWaitMs ?? d.maxWaitMs.default,
    maxQueue: given?.maxQueue ?? d.maxQueue.default,
  };
}

export function heartbeatWithDefaults(given: SafetyInput['heartbeat']): Safety['heartbeat'] {
  const d = root.safety.properties.heartbeat.properties;
  return { intervalMs: given?.intervalMs ?? d.intervalMs.default, timeoutMs: given?.timeoutMs ?? d.timeoutMs.default };
}

export function stateRecoveryWithDefaults(given: SafetyInput['stateRecovery']): Safety['stateRecovery'] {
  return { unknown: given?.unknown ?? root.safety.properties.stateRecovery.properties.unknown.default };
}

function costsWithDefaults(given: NonNullable<RoboConfigInput['safety']>['costs']): RoboConfig['safety']['costs'] {
  const costs = root.safety.properties.costs.properties;
  return {
    plan: given?.plan ?? costs.plan.default,
    rounding: given?.rounding ?? costs.rounding.default,
    monthVolume: given?.monthVolume ?? costs.monthVolume.default,
    staleRates: given?.staleRates ?? costs.staleRates.default,
    rates: given?.rates ?? costs.rates.default,
    ratesFiles: given?.ratesFiles ?? [],
  };
}

function dataWithDefaults(data: DataInput): RoboConfig['data'] {
  switch (data.source) {
    case 'generated':
      return { ...data, pace: paceWithDefaults(data.pace) };
    case 'csv':
      return { ...data, pace: paceWithDefaults(data.pace) };
    case 'cache':
      return { ...data, path: data.path ?? cacheData.properties.path.default, pace: paceWithDefaults(data.pace) };
    case 'broker':
      return { ...data, whatToShow: data.whatToShow ?? brokerData.properties.whatToShow.default, useRth: data.useRth ?? brokerData.properties.useRth.default };
  }
}

function paceWithDefaults(given: PaceInput): { barsPerSecond: number } {
  return { barsPerSecond: given?.barsPerSecond ?? pace.barsPerSecond.default };
}

/** Freezes objects and arrays at every depth; the input must not be shared with anyone who mutates it. */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value as DeepReadonly<T>;
}
