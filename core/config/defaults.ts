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
const [simBroker] = root.broker.oneOf;
const [generatedData] = root.data.oneOf;
const pace = generatedData.properties.pace.properties;

type BrokerInput = RoboConfigInput['broker'];
type DataInput = RoboConfigInput['data'];
type PaceInput = DataInput['pace'];

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
    safety: { ...input.safety },
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
        fillModel: { maxShareOfBarVolume: broker.fillModel?.maxShareOfBarVolume ?? sim.fillModel.properties.maxShareOfBarVolume.default },
        rejectProbability: broker.rejectProbability ?? sim.rejectProbability.default,
        seed: broker.seed ?? sim.seed.default,
      };
  }
}

function dataWithDefaults(data: DataInput): RoboConfig['data'] {
  switch (data.source) {
    case 'generated':
      return { ...data, pace: paceWithDefaults(data.pace) };
    case 'csv':
      return { ...data, pace: paceWithDefaults(data.pace) };
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
