/**
 * The options of robo:cost-accounting, under `safety:` in robo.config.yaml: the plugin owns its schema, and the
 * config schema only places it (plugins/options.ts). Defaults and descriptions here are what the loader
 * applies and what an editor shows.
 */
import { userRatesSchema } from '../../core/config/rate-tables-schema.js';

/** Options of the mandatory robo:cost-accounting plugin; rates live in dated tables, not here. */
export const costsOptionsSchema = {
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
