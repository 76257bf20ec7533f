/**
 * The options of robo:state-recovery, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */

/** Options of the mandatory robo:state-recovery plugin. */
export const stateRecoveryOptionsSchema = {
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
