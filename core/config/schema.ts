/**
 * The one description of `robo.config.yaml`: validation, editor completion and the TypeScript types
 * all come from this object, so a key documented here is a key the loader accepts, and no other.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { calendarDate } from './calendar-date.js';
import { userRatesSchema } from './rate-tables-schema.js';

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
    source: { const: 'csv', description: 'Bars read from a CSV file (format in the README).' },
    path: { type: 'string', minLength: 1, description: 'Path of the CSV file, relative to this config file.' },
    barSeconds: barSecondsSchema,
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

/** Options of the mandatory robo:circuit-breaker plugin. */
export const circuitBreakerSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The circuit breaker (the mandatory robo:circuit-breaker plugin) moves trading between ACTIVE, REDUCING (only orders that shrink a position pass) and HALTED (only cancels pass) on repeated broker failures, a daily loss or a drawdown; a halt is kept across restarts. It cannot be switched off, only tuned.',
  properties: {
    enabled: {
      const: true,
      description: 'Always true if written: the circuit breaker is mandatory and cannot be switched off, only tuned with the other keys of safety.circuitBreaker.',
    },
    maxConsecutiveFailures: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 5,
      description: 'Orders in a row the broker may reject or fail (refusals, errors, timeouts) before trading halts, 1 to 100. This halt cools down: after cooldownSeconds one trial order may pass, and trading resumes if the broker accepts it. Default 5.',
    },
    cooldownSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 86400,
      default: 300,
      description: 'Seconds on the host clock (market time in a replay) a halt after consecutive failures lasts before one trial order may pass, 1 to 86400. Default 300.',
    },
    dailyLossPercent: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100,
      default: 3,
      description: 'Daily loss limit, in percent of equity at the start of the New York trading day (realized plus unrealized P&L, costs included), above 0 and at most 100. The day turns at the New York session boundary, not at midnight UTC. Reaching the limit halts trading until someone runs robo breaker reset. Default 3.',
    },
    reducingAtShareOfDailyLoss: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.8,
      description: 'Share of the daily loss limit at which trading becomes REDUCING (only orders that shrink a position pass) until the next trading day, above 0 and at most 1; 1 goes straight from ACTIVE to HALTED. Default 0.8.',
    },
    maxDrawdownPercent: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100,
      default: 10,
      description: 'Largest fall of equity from its peak, in percent of the peak, above 0 and at most 100. Reaching it halts trading until someone runs robo breaker reset, which also starts a new peak. Default 10.',
    },
  },
} as const;

/** Options of the mandatory robo:risk-limits plugin. */
export const riskLimitsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Risk limits (the mandatory robo:risk-limits plugin), checked on every order after its limit price is rounded to the tick: order size and value, position, open orders, a price collar and trading hours. An order over any limit is vetoed and never reaches the broker. They cannot be switched off, only tuned.',
  properties: {
    enabled: {
      const: true,
      description: 'Always true if written: the risk limits are mandatory and cannot be switched off, only tuned with the other keys of safety.riskLimits.',
    },
    maxOrderQuantity: {
      type: 'integer',
      minimum: 1,
      maximum: 10000000,
      default: 10000,
      description: 'Most shares in one order, 1 to 10000000. Default 10000.',
    },
    maxOrderNotional: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1000000000,
      default: 100000,
      description: 'Most value of one order in account currency, above 0: quantity times the limit price, or times the last trade price for a market order (a market order on a symbol with no last trade yet is vetoed). Default 100000.',
    },
    maxDailyNotional: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100000000000,
      default: 5000000,
      description: 'Most value of the orders sent in one New York trading day, all symbols together, in account currency, above 0, valued as maxOrderNotional values one order; an order that only reduces a position always passes (and counts). It turns at the New York session boundary. Default 5000000.',
    },
    maxPositionQuantity: {
      type: 'integer',
      minimum: 1,
      maximum: 100000000,
      default: 20000,
      description: 'Most shares of one symbol held long or short, counting the position, the open orders on the same side and the new order, 1 to 100000000. Default 20000.',
    },
    maxOpenOrdersPerSide: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 20,
      description: 'Most open orders for one symbol on one side (buy or sell), the new order included, 1 to 1000. Default 20.',
    },
    priceCollarPercent: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 100,
      default: 5,
      description: 'A limit price more than this percent away from the last trade price is vetoed as a likely typo (a fat finger), above 0 and at most 100; a limit order on a symbol with no last trade yet is vetoed too. Default 5.',
    },
    tradingHours: {
      type: 'string',
      enum: ['regular', 'extended'],
      default: 'regular',
      description: 'When orders may be sent, from the exchange calendar: regular (09:30 to 16:00 New York, 13:00 on early-close days) or extended (also pre-market from 04:00 and after hours until 20:00). Default regular.',
    },
    maxPriceAgeSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 86400,
      description: 'How old a symbol\'s last price may get, in seconds of regular trading hours, before it is stale, 1 to 86400: then new orders in that symbol are vetoed (RISK_PRICE_STALE), and while a held symbol is stale the circuit breaker lets only reducing orders pass. Every held symbol is watched, traded by a strategy or not. Optional; left out, three bar lengths (data.barSeconds), at least 60.',
    },
  },
} as const;

/** Options of the mandatory robo:rate-limiter plugin. */
export const rateLimiterSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The rate limiter (the mandatory robo:rate-limiter plugin): one token bucket for every message sent to the broker (orders, cancels, data requests), a limit on new orders per interval overall and per symbol, and lanes (cancels before orders before data). A request that would wait longer than maxWaitMs, or find the queue full, is vetoed rather than sent late. It cannot be switched off, only tuned.',
  properties: {
    enabled: {
      const: true,
      description: 'Always true if written: the rate limiter is mandatory and cannot be switched off, only tuned with the other keys of safety.rateLimiter.',
    },
    messagesPerSecond: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 45,
      default: 40,
      description: 'Messages per second the bucket refills, above 0 and at most 45 (Interactive Brokers allows 50 and disconnects a client that keeps exceeding it). No second ever carries more than messagesPerSecond plus burst. Default 40.',
    },
    burst: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 5,
      description: 'Messages that may go at once after a quiet spell (the size of the bucket), 1 to 10. Default 5.',
    },
    orders: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Limits on new orders in any window of intervalSeconds; cancels and data requests do not count.',
      properties: {
        max: { type: 'integer', minimum: 1, maximum: 1000, default: 20, description: 'New orders in any window, all symbols together, 1 to 1000. Default 20.' },
        maxPerSymbol: { type: 'integer', minimum: 1, maximum: 1000, default: 5, description: 'New orders in any window for one symbol, 1 to 1000. Default 5.' },
        intervalSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600, default: 1, description: 'Length of the window in seconds, above 0 and at most 3600. Default 1.' },
      },
    },
    maxWaitMs: {
      type: 'integer',
      minimum: 0,
      maximum: 4000,
      default: 1000,
      description: 'Longest a request may wait for its turn, in milliseconds, 0 to 4000 (under the 5-second time limit of a hook). A request that would wait longer is vetoed at once, and one pushed back past it by cancels is vetoed when its time is up: nothing is ever sent late. Default 1000.',
    },
    maxQueue: {
      type: 'integer',
      minimum: 1,
      maximum: 10000,
      default: 100,
      description: 'Most requests waiting at once, 1 to 10000; one more is vetoed. Default 100.',
    },
  },
} as const;

/** Options of the mandatory robo:cost-accounting plugin; rates live in dated tables, not here. */
export const costsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Cost accounting (the mandatory robo:cost-accounting plugin): every fill is charged its commission and the regulatory fees of its New York trade date (SEC Section 31, FINRA TAF, CAT) from dated tables: the ones Robo ships, plus any rows given in rates or ratesFiles. It cannot be switched off; plan zero is the research setting.',
  properties: {
    plan: {
      type: 'string',
      enum: ['ibkr-fixed', 'ibkr-tiered', 'zero'],
      default: 'ibkr-fixed',
      description: 'ibkr-fixed (IBKR Pro Fixed: 0.005 a share, at least 1.00 and at most 1% of the trade value per order, plus SEC, TAF and CAT fees), ibkr-tiered (IBKR Pro Tiered: marginal monthly volume tiers, at least 0.35 and at most 1% per order, plus exchange, clearing, pass-through and regulatory fees) or zero (no commission and no fees, for research). Default ibkr-fixed.',
    },
    rounding: {
      type: 'string',
      enum: ['per-fill', 'per-order', 'none'],
      default: 'per-fill',
      description: 'per-fill (each fill is charged whole cents: each regulatory fee rounded up to the cent, the commission rounded up on the order\'s running total), per-order (every fee rounded up to the cent on the order\'s running total) or none (unrounded, as Interactive Brokers reports them). Default per-fill.',
    },
    monthVolume: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'ibkr-tiered only: shares already traded under Tiered in the calendar month the run starts in, so the first fill pays the right tier; later months start at 0. Default 0.',
    },
    staleRates: {
      type: 'string',
      enum: ['warn', 'refuse'],
      default: 'warn',
      description: 'What to do on a trade date past a fee table\'s verifiedThrough date, where its last known rate is carried forward (a rate stays in force until it is superseded): warn (trade, and say so at start, in each fill\'s costs and in the run summary) or refuse (veto every order that would open or add to a position on such a date; an order that only reduces a position always passes). Rates carried back before the first row of the IBKR plans are only reported, under either. Default warn.',
    },
    rates: userRatesSchema,
    ratesFiles: {
      type: 'array',
      default: [],
      maxItems: 16,
      uniqueItems: true,
      description: 'Files of fee rates to add to the built-in tables, paths relative to this config file, each one table in the format of the built-in tables (JSON or YAML; see docs/costs.md). Applied in order, after the built-in rows and before `rates`. Default none.',
      items: { type: 'string', minLength: 1, description: 'Path of one rate table file, relative to this config file.' },
    },
  },
} as const;

/** Options of the mandatory robo:heartbeat plugin. */
export const heartbeatSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The heartbeat (the mandatory robo:heartbeat plugin): every intervalMs it asks the broker for its time; no answer within timeoutMs means the link is dead even if the socket looks open, so Robo drops it, refuses new orders, reconnects and reconciles before trading again. It cannot be switched off, only tuned.',
  properties: {
    enabled: {
      const: true,
      description: 'Always true if written: the heartbeat is mandatory and cannot be switched off, only tuned with the other keys of safety.heartbeat.',
    },
    intervalMs: {
      type: 'integer',
      minimum: 100,
      maximum: 300000,
      default: 10000,
      description: 'Milliseconds between two probes of the broker link, 100 to 300000. Default 10000.',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 50,
      maximum: 60000,
      default: 5000,
      description: 'Milliseconds a probe may wait for the broker\'s answer before the link is declared dead, 50 to 60000. Default 5000.',
    },
  },
} as const;

/** Options of the mandatory robo:state-recovery plugin. */
export const stateRecoverySchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'State recovery (the mandatory robo:state-recovery plugin): at every start and after every reconnect, before trading resumes, it asks the broker for open orders, executions and positions and reconciles them with the journal — missed executions booked once, our orders found again by orderRef, orders the broker never saw marked not sent (never resent). It cannot be switched off, only tuned.',
  properties: {
    enabled: {
      const: true,
      description: 'Always true if written: state recovery is mandatory and cannot be switched off, only tuned with the other keys of safety.stateRecovery.',
    },
    unknown: {
      type: 'string',
      enum: ['refuse', 'adopt', 'ignore'],
      default: 'refuse',
      description: 'What to do with positions or open orders at the broker that the journal does not know, always reported: refuse (do not trade: refuse to start, or stay halted after a reconnect), adopt (take the positions into Robo\'s books at the broker\'s average cost; open orders of others are left to them) or ignore (trade beside them). Default refuse.',
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
      description: 'Where bars come from, chosen by `source`: generated (synthetic, seeded) or csv (a file), replayed by the sim broker; or broker (live bars from Interactive Brokers, with broker kind ib).',
      oneOf: [generatedDataSchema, csvDataSchema, brokerDataSchema],
    },
    safety: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Options of the built-in plugins (safety guards, cost accounting). They cannot be switched off, only tuned; a key left out runs with its default.',
      properties: {
        circuitBreaker: circuitBreakerSchema,
        riskLimits: riskLimitsSchema,
        rateLimiter: rateLimiterSchema,
        costs: costsSchema,
        heartbeat: heartbeatSchema,
        stateRecovery: stateRecoverySchema,
      },
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
          description: 'true: cancel every order still open at the broker; false: leave them working — the journal keeps them and the next start finds them again by orderRef. Default true.',
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
