/**
 * The options of robo:rate-limiter, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */

/** Options of the mandatory robo:rate-limiter plugin. */
export const rateLimiterOptionsSchema = {
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
