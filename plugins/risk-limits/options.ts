/**
 * The options of robo:risk-limits, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */

/** Options of the mandatory robo:risk-limits plugin. */
export const riskLimitsOptionsSchema = {
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
