/**
 * The one description of `robo.config.yaml`: validation, editor completion and the TypeScript types
 * all come from this object, so a key documented here is a key the loader accepts, and no other.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { SYMBOL_PATTERN } from '../domain/symbol.js';
import { calendarDate } from './calendar-date.js';
import { SAFETY_OPTIONS } from '../../plugins/options.js';
import { TIMEFRAME_SCHEMA } from '../market/timeframe.js';

// Shared pieces are spread rather than `$ref`ed so that every error path maps straight to a
// property here (for the `->` description line) and the editor shows descriptions inline.
const symbolSchema = {
  type: 'string',
  pattern: SYMBOL_PATTERN,
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

/** Simulation only: a live broker's prices already carry the market's slippage, so only the sim broker has this. */
const slippageSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Slippage the simulated broker adds to every fill price, against the trader (up for buys, down for sells), rounded to the tick grid in the trader\'s disfavour and never past a limit price. The run summary reports it as a cost.',
  properties: {
    model: {
      type: 'string',
      enum: ['none', 'fixed-bps', 'half-spread', 'volume-share'],
      default: 'fixed-bps',
      description: 'none (fills at the market\'s price), fixed-bps (`bps` basis points of the price), half-spread (half of an assumed `spreadBps` quoted spread) or volume-share (`impact` × (fill quantity / bar volume)² × price). Default fixed-bps.',
    },
    bps: { type: 'number', minimum: 0, maximum: 1000, default: 1, description: 'fixed-bps: slippage in basis points of the price, 0 to 1000. Default 1.' },
    spreadBps: { type: 'number', minimum: 0, maximum: 2000, default: 2, description: 'half-spread: the assumed quoted spread in basis points, 0 to 2000; a fill pays half of it. Default 2.' },
    impact: { type: 'number', minimum: 0, maximum: 10, default: 0.1, description: 'volume-share: the price-impact coefficient k, 0 to 10, in k × (fill quantity / bar volume)² × price. Default 0.1.' },
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
        slippage: slippageSchema,
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
    start: calendarDate('First trade date in New York, a real calendar date written yyyy-mm-dd (quote it: "2026-03-02"). Closed days are skipped.'),
    days: { type: 'integer', minimum: 1, maximum: 750, description: 'Number of trading days to generate, 1 to 750 (about three years).' },
    barSeconds: barSecondsSchema,
    seed: { type: 'integer', description: 'Seed of the random walk; the same seed gives the same bars.' },
    startPrice: { type: 'number', exclusiveMinimum: 0, description: 'Price of every symbol at the first bar, in dollars, above 0. Optional: each symbol gets its own price from the seed.' },
    pace: paceSchema,
  },
} as const;

const ibBrokerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'port', 'clientId'],
  properties: {
    kind: { const: 'ib', description: 'Interactive Brokers, through TWS or IB Gateway running on this machine (or a host you trust), over the TWS API socket. Needs data source broker.' },
    host: {
      type: 'string',
      minLength: 1,
      default: '127.0.0.1',
      description: 'Host where TWS or IB Gateway listens for API connections. Default 127.0.0.1 (this machine); any other host must be in the API\'s Trusted IPs.',
    },
    port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      description: 'API socket port set in TWS or IB Gateway (Configure → API → Settings). Usual values: 7497 TWS paper, 7496 TWS live, 4002 Gateway paper, 4001 Gateway live — but Robo never decides paper or live from the port: it asks TWS which account is logged in.',
    },
    clientId: {
      type: 'integer',
      minimum: 0,
      maximum: 2147483647,
      description: 'API client id, fixed for this Robo: orders belong to the client id that placed them, so keep it the same across restarts and different from every other API program on this TWS.',
    },
    connectTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 120000,
      default: 10000,
      description: 'Milliseconds to wait for the API handshake (connection, account list and next order id) before giving up, 100 to 120000. Default 10000.',
    },
    requestTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 120000,
      default: 10000,
      description: 'Milliseconds an order, a cancel or a time request may wait for IB\'s answer, 100 to 120000. An order not acknowledged in time is not refused: it stays open, in doubt, while Robo asks IB what became of it (its open orders, then a cancel whose answer settles it). Default 10000.',
    },
    maxRequestsPerSecond: {
      type: 'integer',
      minimum: 1,
      maximum: 45,
      default: 40,
      description: 'Most messages per second Robo sends to TWS, 1 to 45; TWS allows 50 and disconnects clients that keep exceeding it. Default 40.',
    },
  },
} as const;

const csvDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'path', 'barSeconds'],
  properties: {
    source: { const: 'csv', description: 'Bars read from a CSV file, or from every .csv file of a folder merged in time order (format in docs/config.md, folders in docs/data.md).' },
    path: { type: 'string', minLength: 1, description: 'Path of the CSV file, or of a folder of CSV files read together as one time-ordered stream, relative to this config file.' },
    barSeconds: barSecondsSchema,
    pace: paceSchema,
  },
} as const;

const cacheDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'barSeconds'],
  properties: {
    source: {
      const: 'cache',
      description: 'Bars that robo data fetch downloaded from Interactive Brokers into the cache (docs/data.md): the cached days of the strategies\' symbols, replayed by the sim broker in time order. Every session between the first and the last day must be cached for every symbol.',
    },
    path: {
      type: 'string',
      minLength: 1,
      default: 'data/cache',
      description: 'The cache folder, relative to this config file: <path>/<SYMBOL>/<bar>/<yyyy-MM-dd>.csv. Default data/cache, where robo data fetch writes next to its config.',
    },
    barSeconds: barSecondsSchema,
    from: calendarDate('First New York trade date to replay, yyyy-mm-dd (quote it: "2026-03-02"). Optional: the first day the cache holds.'),
    to: calendarDate('Last New York trade date to replay, yyyy-mm-dd, on or after from. Optional: the last day the cache holds.'),
    pace: paceSchema,
  },
} as const;

const brokerDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'barSeconds'],
  properties: {
    source: {
      const: 'broker',
      description: 'Bars from the broker itself, live: Interactive Brokers\' real-time 5-second bars for each strategy symbol, combined into bars of `barSeconds`. Needs broker kind ib; the sim broker replays generated or csv data instead.',
    },
    barSeconds: {
      type: 'integer',
      enum: [5, 10, 15, 30, 60, 300, 900, 3600],
      description: 'Length of one bar in seconds, a multiple of IB\'s 5-second real-time bars: 5, 10, 15, 30, 60 (one minute), 300, 900 or 3600 (one hour). A bar is complete when its last 5-second bar arrives.',
    },
    whatToShow: {
      type: 'string',
      enum: ['TRADES', 'MIDPOINT', 'BID', 'ASK'],
      default: 'TRADES',
      description: 'Which prices the bars are made of: TRADES (last trades, with volume), MIDPOINT, BID or ASK. Default TRADES.',
    },
    useRth: {
      type: 'boolean',
      default: true,
      description: 'true: bars only inside regular trading hours (09:30 to 16:00 New York); false: also before and after. Default true.',
    },
  },
} as const;

/**
 * A strategy kind published as an npm package: `robo-strategy-<name>` or `@scope/robo-strategy-<name>`.
 * Any other kind is a built-in one; the prefix tells a package from a mistyped built-in name.
 */
export const STRATEGY_PACKAGE_PATTERN = '^(@[a-z0-9-~][a-z0-9-._~]*/)?robo-strategy-[a-z0-9-._~]+$';

/** Keys of a strategy entry that only the kinds built on rules read (a kind names those it reads in `reads`). */
export const RULES_KEYS = ['indicators', 'entry', 'exit', 'exits'] as const;

const distanceSchema = {
  anyOf: [
    { type: 'number', exclusiveMinimum: 0, maximum: 100000 },
    { type: 'string', minLength: 1, maxLength: 2000 },
  ],
} as const;

const ruleSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;

const strategySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'symbols', 'sizing'],
  description: 'One strategy instance: its code is named by kind (built in, or an npm package) or by module (a file next to this config), one of the two.',
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,39}$',
      description: 'Name of this strategy instance in logs, orders and the journal: a lowercase letter, then up to 39 lowercase letters, digits or dashes. Unique in the file.',
    },
    kind: { type: 'string', minLength: 1, description: 'Which strategy to run: a built-in kind (ma-crossover, rules, rsi-reversion and the others that robo validate lists for an unknown kind), or an npm package robo-strategy-<name> (or @scope/robo-strategy-<name>) declared in the package.json next to this config and installed there. For your own code in a file, write module instead.' },
    module: { type: 'string', minLength: 1, description: 'Your own strategy kind instead of kind: an ES module file (.js or .mjs; compile TypeScript first) inside the folder of this config, relative to it, like ./strategies/my-strategy.js. Its default export is defineStrategy(...) from robo-trader/strategy. Not with kind.' },
    symbols: { ...symbolListSchema, description: 'Symbols this strategy trades: 1 to 100 distinct ticker symbols, each also present in `data`.' },
    params: {
      type: 'object',
      default: {},
      description: "Settings of the strategy kind, checked against that kind's own schema. Default {} (the kind's own defaults).",
    },
    sizing: {
      type: 'object',
      additionalProperties: false,
      description: 'How big each new position is: exactly one of quantity, notional, equityPercent and riskPercent, rounded down to whole shares, and at most maxPosition. The order\'s log line explains the size.',
      properties: {
        quantity: { type: 'integer', minimum: 1, description: 'Shares per trade, a whole number of at least 1.' },
        notional: { type: 'number', exclusiveMinimum: 0, maximum: 100000000, description: 'Dollars per trade: the shares this buys at the signal bar\'s close, rounded down.' },
        equityPercent: { type: 'number', exclusiveMinimum: 0, maximum: 100, description: 'Percent of the account\'s equity per trade, at the signal bar\'s close: 10 = a tenth of equity.' },
        riskPercent: { type: 'number', exclusiveMinimum: 0, maximum: 10, description: 'Percent of equity lost if the stop is hit: shares = equity × riskPercent ÷ 100 ÷ stop distance. Needs stopDistance, or exits.stopLoss (kind rules) whose distance it then uses.' },
        stopDistance: { ...distanceSchema, description: 'With riskPercent: the dollars per share between the entry and its stop, a number or a rule expression such as "2 * atr" (kind rules). Default: the distance of exits.stopLoss.' },
        maxPosition: { type: 'integer', minimum: 1, maximum: 100000000, description: 'Most shares one new position may have, whatever the sizing gives. Optional.' },
      },
    },
    timeframe: TIMEFRAME_SCHEMA,
    indicators: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9_]{0,31}$' },
      maxProperties: 50,
      description: 'Kind rules: the indicators its rules read, each by the name you give it: `rsi: { rsi: { period: 14 } }`, `trend: { sma: { period: 200 } }`. A name is lowercase letters, digits and _, starting with a letter. docs/indicators.md lists the indicators.',
      additionalProperties: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        description: 'One indicator and its settings, e.g. { sma: { period: 20 } }.',
        additionalProperties: { type: 'object', description: 'The indicator\'s settings (docs/indicators.md).' },
      },
    },
    entry: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'Kind rules: when to open a position, as conditions checked at the close of each bar while flat (docs/strategies.md).',
      properties: {
        long: { ...ruleSchema, description: 'Buy when this condition holds, e.g. "rsi < 30 and close > trend".' },
        short: { ...ruleSchema, description: 'Sell short when this condition holds.' },
      },
    },
    exit: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'Kind rules: when to close a position, as conditions checked at the close of each bar while in it; the exits below work at the broker besides.',
      properties: {
        long: { ...ruleSchema, description: 'Close a long position when this condition holds, e.g. "rsi > 55 or bars_in_trade >= 20".' },
        short: { ...ruleSchema, description: 'Close a short position when this condition holds.' },
      },
    },
    exits: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'Kind rules and its presets: exits that protect each position. stopLoss, trailingStop and takeProfit are orders at the broker, sent with the entry as a bracket, so the position stays protected if Robo stops; the others close it with a market order.',
      properties: {
        stopLoss: { ...distanceSchema, description: 'A stop (STP) this many dollars per share beyond the entry: a number or an expression such as "2 * atr", worked out at the signal bar. Not with trailingStop.' },
        trailingStop: { ...distanceSchema, description: 'A trailing stop (TRAIL) this many dollars per share from the best price since entry, worked out at the signal bar. Not with stopLoss.' },
        takeProfit: { ...distanceSchema, description: 'A limit order (LMT) this many dollars per share in the position\'s favour.' },
        maxBarsInTrade: { type: 'integer', minimum: 1, maximum: 100000, description: 'A time stop: close the position after this many bars of the strategy\'s timeframe.' },
        flattenBeforeClose: { type: 'string', pattern: '^([1-9][0-9]{0,2})m$', description: 'Close every position this long before the session\'s close (early closes included), and open none then: 10m = ten minutes.' },
        timeInForce: { enum: ['GTC', 'DAY'], description: 'GTC (the default): the broker exits work across sessions until filled or cancelled. DAY: they end at the close.' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      description: 'Limits of this strategy on its own, judged by the risk limits besides the account-wide ones in safety.riskLimits. Optional.',
      properties: {
        maxPositionQuantity: { type: 'integer', minimum: 1, maximum: 100000000, description: 'Most shares of one symbol this strategy\'s own fills may hold, long or short, counting its open orders on the same side and the new order; an order that only brings its position toward flat always passes. Positions adopted from the broker belong to no strategy. Optional.' },
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
  // Where the published package serves this file: a stable name editors and tools can cache it by.
  $id: 'https://unpkg.com/robo-trader/schemas/robo.config.schema.json',
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
        startingCash: { type: 'number', exclusiveMinimum: 0, description: 'Cash Robo\'s own books start from, in account currency, above 0: the simulated account\'s cash, or with Interactive Brokers the base the run summary counts cash and P&L from.' },
        id: {
          type: 'string',
          minLength: 1,
          description: 'Broker account id. Optional. Keep it out of the file: write ${IB_ACCOUNT} and set the environment variable. With Interactive Brokers, orders go to this account, and it must be one the login manages (needed when it manages several).',
        },
      },
    },
    broker: {
      type: 'object',
      discriminator: { propertyName: 'kind' },
      description: 'Where orders go, chosen by `kind`: sim (the embedded simulated broker) or ib (Interactive Brokers through TWS or IB Gateway).',
      // One branch per broker kind.
      oneOf: [simBrokerSchema, ibBrokerSchema],
    },
    data: {
      type: 'object',
      discriminator: { propertyName: 'source' },
      description: 'Where bars come from, chosen by `source`: generated (synthetic, seeded), csv (a file or a folder) or cache (bars robo data fetch downloaded), replayed by the sim broker; or broker (live bars from Interactive Brokers, with broker kind ib).',
      oneOf: [generatedDataSchema, csvDataSchema, brokerDataSchema, cacheDataSchema],
    },
    safety: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Options of the built-in plugins (safety guards, cost accounting). They cannot be switched off, only tuned; a key left out runs with its default.',
      // Each built-in plugin owns its options schema, in its own folder.
      properties: SAFETY_OPTIONS,
    },
    journal: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The journal: an SQLite file where `robo start` writes every order intent (synced to disk before the order is sent) and every broker event, so a restart rebuilds orders, positions and cash exactly; `robo journal <config>` prints it. A backtest keeps its journal in memory.',
      properties: {
        path: {
          type: 'string',
          minLength: 1,
          default: '.robo/journal.sqlite',
          description: 'Path of the journal file, relative to this config file. Default .robo/journal.sqlite (created with mode 0600).',
        },
      },
    },
    shutdown: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'What stopping (Ctrl-C, SIGTERM, the end of the data) does besides releasing every subscription and task and closing the journal.',
      properties: {
        cancelOpenOrders: {
          type: 'boolean',
          default: true,
          description: 'true: cancel every order still open at the broker (but see keepProtectiveExits); false: leave them working — the journal keeps them and the next start finds them again by orderRef. Default true.',
        },
        keepProtectiveExits: {
          type: 'boolean',
          default: true,
          description: 'true: orders that protect a position — a bracket\'s stop loss and take profit, and stops that only reduce a position — stay working at the broker when Robo stops, even when cancelOpenOrders is true, so the position is never left unprotected; the next start finds them again by orderRef. Not for the simulated broker, whose account ends with the run. Default true.',
        },
      },
    },
    calendar: {
      type: 'object',
      additionalProperties: false,
      description: 'The NYSE (XNYS) calendar Robo trades by: the one it ships (core/market/calendars/XNYS.json), plus a file of your own. It fails closed: a run whose dates fall outside its coverage is refused, because Robo cannot know whether the market is open then. Optional.',
      properties: {
        additionsFile: {
          type: 'string',
          minLength: 1,
          description: 'Path of a file of extra calendar data, relative to this config file, JSON or YAML: schemaVersion 1, exchange XNYS, sources, and optionally coverage (extends the built-in coverage, with no gap between them), holidays and earlyCloses, in the format of XNYS.json and checked by the same rules. A date both files list must say the same thing in both. Optional.',
        },
      },
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
