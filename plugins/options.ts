/**
 * Where each built-in plugin's options go in robo.config.yaml: the key under `safety:` and the schema the
 * plugin owns. The config schema places this map as `safety.properties`, so core knows that built-in
 * plugins have options, never what they are.
 */
import { circuitBreakerOptionsSchema } from './circuit-breaker/options.js';
import { costsOptionsSchema } from './costs/options.js';
import { heartbeatOptionsSchema } from './heartbeat/options.js';
import { rateLimiterOptionsSchema } from './rate-limiter/options.js';
import { riskLimitsOptionsSchema } from './risk-limits/options.js';
import { stateRecoveryOptionsSchema } from './state-recovery/options.js';

export const SAFETY_OPTIONS = {
  circuitBreaker: circuitBreakerOptionsSchema,
  riskLimits: riskLimitsOptionsSchema,
  rateLimiter: rateLimiterOptionsSchema,
  costs: costsOptionsSchema,
  heartbeat: heartbeatOptionsSchema,
  stateRecovery: stateRecoveryOptionsSchema,
} as const;

/** A key under `safety:`: one per built-in plugin. */
export type SafetyKey = keyof typeof SAFETY_OPTIONS;
