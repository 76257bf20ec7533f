/**
 * The options of robo:heartbeat, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */

/** Options of the mandatory robo:heartbeat plugin. */
export const heartbeatOptionsSchema = {
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
