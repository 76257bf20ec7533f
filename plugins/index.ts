/**
 * The built-in plugins, in the order they are installed — before any third-party plugin — so the whole
 * pipeline reads top to bottom here. Mandatory ones cannot be removed from the config, only tuned.
 */
import type { PluginDefinition } from '../core/host/plugin.js';
import type { SafetyKey } from './options.js';
import { circuitBreaker } from './circuit-breaker/plugin.js';
import { costAccounting } from './costs/plugin.js';
import { heartbeat } from './heartbeat/plugin.js';
import { rateLimiter } from './rate-limiter/plugin.js';
import { riskLimits } from './risk-limits/plugin.js';
import { stateRecovery } from './state-recovery/plugin.js';

export interface BuiltinPlugin {
  readonly plugin: PluginDefinition<never>;
  /** The key under `safety:` in robo.config.yaml that holds this plugin's options. */
  readonly configKey: SafetyKey;
}

export const BUILTIN_PLUGINS: readonly BuiltinPlugin[] = [
  // The guards first. On beforeOrder (stage SAFETY) the breaker's state is checked before the risk limits;
  // on beforeBrokerRequest the rate limiter (stage THROTTLE) is the last wait before the broker.
  { plugin: circuitBreaker, configKey: 'circuitBreaker' },
  { plugin: riskLimits, configKey: 'riskLimits' },
  { plugin: rateLimiter, configKey: 'rateLimiter' },
  // The link: the heartbeat notices a link that stopped answering; state recovery reconciles the books with
  // the broker at start and after every reconnect (beforeTrading), before any order may go.
  { plugin: heartbeat, configKey: 'heartbeat' },
  { plugin: stateRecovery, configKey: 'stateRecovery' },
  // Accounting comes last: it books what the guards let through.
  { plugin: costAccounting, configKey: 'costs' },
];
