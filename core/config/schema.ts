/**
 * The one description of `robo.config.yaml`: validation, editor completion and the TypeScript types
 * all come from this object, so a key documented here is a key the loader accepts, and no other.
 */
import type { FromSchema } from 'json-schema-to-ts';

// Shared pieces are spread rather than `$ref`ed so that every error path maps straight to a
// property here (for the `->` description line) and the editor shows descriptions inline.
const symbolSchema = {
  type: 'string',
  pattern: '^[A-Z][A-Z0-9.]{0,9}$',
  description: 'A ticker symbol as the exchange writes it: a capital letter, then up to 9 capital letters, digits or dots (SPY, BRK.B).',
} as const;

const symbolListSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  items: symbolSchema,
} as const;

const barSecondsSchema = {
  type: 'integer',
  enum: [1, 5, 10, 15, 30, 60, 300, 900, 3600],
  description: 'Length of one bar in seconds: 1, 5, 10, 15, 30, 60 (one minute), 300, 900 or 3600 (one hour).',
} as const;

const paceSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'How fast bars are replayed in a live simulated session (`robo start`); backtests (`robo backtest`) ignore it and go as fast as they can.',
  properties: {
    barsPerSecond: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100000,
      default: 20,
      description: 'Bars delivered per wall-clock second in `robo start`, above 0 and at most 100000. Default 20.',
    },
  },
} as const;

const simBrokerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { const: 'sim', description: 'The embedded simulated broker: fills orders against the bars of `data`, no real money.' },
    latencyMs: {
      type: 'integer',
      minimum: 0,
      maximum: 60000,
      default: 20,
      description: 'Milliseconds between an order and its acknowledgement in live simulated sessions, 0 to 60000. Default 20.',
    },
    fillModel: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'How the simulated broker fills market orders.',
      properties: {
        maxShareOfBarVolume: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          default: 0.25,
          description: "A market order takes at most this share of one bar's volume (above 0, at most 1); the rest fills on later bars as partial fills. Default 0.25.",
        },
      },
    },
    rejectProbability: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0,
      description: 'Share of orders the simulated broker rejects, 0 to 1, drawn from `seed` so runs repeat exactly. Default 0 (never).',
    },
    seed: {
      type: 'integer',
      default: 1,
      description: 'Seed of the simulated broker\'s random draws (rejections); the same seed gives the same run. Default 1.',
    },
  },
} as const;

const generatedDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'symbols', 'start', 'days', 'barSeconds', 'seed'],
  properties: {
    source: { const: 'generated', description: 'Synthetic bars from a seeded random walk: no files needed, the same seed gives the same bars.' },
    symbols: { ...symbolListSchema, description: 'Symbols to generate bars for: 1 to 100 distinct ticker symbols.' },
    start: {
      type: 'string',
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
      description: 'First trade date in New York, written yyyy-mm-dd (quote it: "2026-03-02"). Closed days are skipped.',
    },
    days: { type: 'integer', minimum: 1, maximum: 750, description: 'Number of trading days to generate, 1 to 750 (about three years).' },
    barSeconds: barSecondsSchema,
    seed: { type: 'integer', description: 'Seed of the random walk; the same seed gives the same bars.' },
    startPrice: { type: 'number', exclusiveMinimum: 0, description: 'Price of every symbol at the first bar, in dollars, above 0. Optional: each symbol gets its own price from the seed.' },
    pace: paceSchema,
  },
} as const;

const csvDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'path', 'barSeconds'],
  properties: {
    source: { const: 'csv', description: 'Bars read from a CSV file (format in the README).' },
    path: { type: 'string', minLength: 1, description: 'Path of the CSV file, relative to this config file.' },
    barSeconds: barSecondsSchema,
    pace: paceSchema,
  },
} as const;

const strategySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'symbols', 'sizing'],
  description: 'One strategy instance.',
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,39}$',
      description: 'Name of this strategy instance in logs, orders and the journal: a lowercase letter, then up to 39 lowercase letters, digits or dashes. Unique in the file.',
    },
    kind: { type: 'string', description: 'Which installed strategy to run, for example ma-crossover; the error lists the installed kinds.' },
    symbols: { ...symbolListSchema, description: 'Symbols this strategy trades: 1 to 100 distinct ticker symbols, each also present in `data`.' },
    params: {
      type: 'object',
      default: {},
      description: "Settings of the strategy kind, checked against that kind's own schema. Default {} (the kind's own defaults).",
    },
    sizing: {
      type: 'object',
      additionalProperties: false,
      required: ['quantity'],
      description: 'How big each order is.',
      properties: {
        quantity: { type: 'integer', minimum: 1, description: 'Shares per trade, a whole number of at least 1.' },
      },
    },
  },
} as const;

const pluginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['package'],
  description: 'One plugin to load.',
  properties: {
    package: {
      type: 'string',
      pattern: '^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$',
      description: 'npm package name of the plugin (robo-plugin-x or @scope/robo-plugin-x), installed next to this config. Paths, URLs and git references are refused.',
    },
    options: { type: 'object', default: {}, description: "Settings of the plugin, checked against the plugin's own schema. Default {}." },
  },
} as const;

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:robo:schema:robo.config:1',
  title: 'Robo configuration (robo.config.yaml)',
  description: 'Configuration of one Robo run: the account, the broker, the market data and the strategies.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'account', 'broker', 'data', 'strategies'],
  properties: {
    version: { const: 1, description: 'Version of this file format. Always 1 for now.' },
    account: {
      type: 'object',
      additionalProperties: false,
      required: ['startingCash'],
      description: 'The trading account.',
      properties: {
        mode: {
          type: 'string',
          enum: ['paper', 'live'],
          default: 'paper',
          description: 'paper (simulated or paper-trading money) or live (real money). Default paper; live is never inferred, it must be written here.',
        },
        currency: { const: 'USD', default: 'USD', description: 'Account currency. Only USD for now. Default USD.' },
        startingCash: { type: 'number', exclusiveMinimum: 0, description: 'Cash of the simulated account at the start, in account currency, above 0.' },
        id: {
          type: 'string',
          minLength: 1,
          description: 'Broker account id. Optional. Keep it out of the file: write ${IB_ACCOUNT} and set the environment variable.',
        },
      },
    },
    broker: {
      type: 'object',
      discriminator: { propertyName: 'kind' },
      description: 'Where orders go, chosen by `kind`. Only sim (the embedded simulated broker) for now.',
      // One branch per broker kind: adding Interactive Brokers is one more entry with kind: ib.
      oneOf: [simBrokerSchema],
    },
    data: {
      type: 'object',
      discriminator: { propertyName: 'source' },
      description: 'Where bars come from, chosen by `source`: generated (synthetic, seeded) or csv (a file).',
      oneOf: [generatedDataSchema, csvDataSchema],
    },
    safety: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Options of the built-in safety guards. No options yet; the guards run with their built-in limits.',
      properties: {},
    },
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Logging.',
      properties: {
        level: {
          type: 'string',
          enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'],
          default: 'info',
          description: 'Least severe level that is written: trace, debug, info, warn, error, fatal, or silent for nothing. Default info.',
        },
      },
    },
    plugins: {
      type: 'array',
      default: [],
      description: 'Plugins to load after the built-in ones, in this order. Default none.',
      items: pluginSchema,
    },
    strategies: {
      type: 'array',
      minItems: 1,
      description: 'The strategies to run, at least one; their ids must differ.',
      items: strategySchema,
    },
  },
} as const;

/** The config once defaults are applied: every key with a `default` in the schema is present. */
export type RoboConfig = FromSchema<typeof configSchema>;

/** The config as written in the file and accepted by the schema: keys with a default may be absent. */
export type RoboConfigInput = FromSchema<typeof configSchema, { keepDefaultedPropertiesOptional: true }>;
