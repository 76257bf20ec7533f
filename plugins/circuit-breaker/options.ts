/**
 * The options of robo:circuit-breaker, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */

/** Options of the mandatory robo:circuit-breaker plugin. */
export const circuitBreakerOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The circuit breaker (the mandatory robo:circuit-breaker plugin) moves trading between ACTIVE, REDUCING (only orders that shrink a position pass) and HALTED (only cancels and protective exits pass) on repeated broker failures, a daily loss or a drawdown; a halt is kept across restarts. It cannot be switched off, only tuned.',
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
