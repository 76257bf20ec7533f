/**
 * The shape of a dated fee table — the files Robo ships in plugins/costs/tables/ and the rates a user adds
 * in `safety.costs.rates` or in a file named by `safety.costs.ratesFiles` — as JSON Schemas, so one schema
 * checks all three and a user's mistake is reported at its line like every other config error.
 */
import { calendarDate } from './calendar-date.js';

const DECIMAL_PATTERN = '^(0|[1-9][0-9]*)(\\.[0-9]+)?$';

/** Rates are decimal strings, so they never pass through a binary float (0.0000206, not 2.06e-5). */
const decimal = (description: string) => ({ type: 'string', pattern: DECIMAL_PATTERN, description: `${description} Write it as a quoted decimal string, e.g. "0.0000206".` } as const);

const sourcesSchema = {
  type: 'array',
  minItems: 1,
  description: 'Where the rate comes from: at least one source, so every fee Robo charges can be traced.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['title'],
    properties: {
      title: { type: 'string', minLength: 1, description: 'The publication, e.g. "SEC fee rate advisory 2027-1".' },
      url: { type: 'string', minLength: 1, description: 'Its address, when it has one.' },
    },
  },
} as const;

/** What every row has besides its rates. */
const rowCommon = {
  from: calendarDate('New York trade date the rate takes effect, yyyy-mm-dd (quote it). The row is in force until the next row starts.'),
  sources: sourcesSchema,
  evidence: { type: 'string', enum: ['primary', 'secondary', 'inferred'], description: 'primary (read at the regulator or broker itself), secondary (quoted by someone else) or inferred (the rate is sourced but its first date is reasoned, as the note explains).' },
  note: { type: 'string', description: 'Anything a reader should know about the row.' },
} as const;

const row = <const P extends Record<string, unknown>, const R extends readonly (keyof P & string)[]>(rates: P, required: R, description: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['from', 'sources', ...required] as const,
  description,
  properties: { ...rowCommon, ...rates },
} as const);

export const secRowSchema = row({
  rate: decimal('SEC Section 31 fee in USD per USD of sale proceeds (20.60 per million is "0.0000206").'),
}, ['rate'] as const, 'One SEC Section 31 rate, charged on sales only.');

export const tafRowSchema = row({
  perShare: decimal('FINRA TAF in USD per share sold.'),
  maxPerTrade: decimal('Most TAF one execution pays, in USD.'),
}, ['perShare', 'maxPerTrade'] as const, 'One FINRA Trading Activity Fee rate, charged on sales only.');

export const catRowSchema = row({
  perShare: decimal('CAT fee in USD per share executed, buys and sells.'),
}, ['perShare'] as const, 'One Consolidated Audit Trail fee rate.');

const tierSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['upTo', 'perShare'],
  properties: {
    upTo: { anyOf: [decimal('The month\'s share count this tier ends at.'), { type: 'null' }], description: 'The month\'s share count this tier ends at; null for the last tier.' },
    perShare: decimal('Commission per share in this tier.'),
  },
} as const;

export const ibkrRowSchema = row({
  fixed: {
    type: 'object',
    additionalProperties: false,
    required: ['perShare', 'minimum', 'maxRateOfValue'],
    description: 'IBKR Pro Fixed.',
    properties: {
      perShare: decimal('Commission per share.'),
      minimum: decimal('Least commission of one order.'),
      maxRateOfValue: decimal('Most commission of one order as a fraction of its value (1% is "0.01").'),
    },
  },
  tiered: {
    type: 'object',
    additionalProperties: false,
    required: ['tiers', 'minimum', 'maxRateOfValue', 'exchangeFeePerShare', 'exchangeFeeMaxRateOfValue', 'clearingFeePerShare', 'clearingMaxRateOfValue', 'nysePassThroughRate', 'finraPassThroughRate'],
    description: 'IBKR Pro Tiered.',
    properties: {
      tiers: { type: 'array', minItems: 1, items: tierSchema, description: 'Marginal per-share rates by the calendar month\'s shares, in order.' },
      minimum: decimal('Least commission of one order.'),
      maxRateOfValue: decimal('Most commission of one order as a fraction of its value.'),
      exchangeFeePerShare: decimal('Exchange (access) fee per share for an order that removes liquidity.'),
      exchangeFeeMaxRateOfValue: decimal('Most exchange fee as a fraction of the trade value (Reg NMS Rule 610: 0.3% for prices under 1.00).'),
      clearingFeePerShare: decimal('Clearing fee per share.'),
      clearingMaxRateOfValue: decimal('Most clearing fee as a fraction of the trade value.'),
      nysePassThroughRate: decimal('NYSE pass-through as a fraction of the commission.'),
      finraPassThroughRate: decimal('FINRA pass-through as a fraction of the commission.'),
    },
  },
}, ['fixed', 'tiered'] as const, 'One set of Interactive Brokers Pro commission rates.');

/** Each table's name, as the files and `safety.costs.rates` write it, and the shape of its rows. */
export const RATE_TABLE_ROWS = {
  'sec-section-31': secRowSchema,
  'finra-taf': tafRowSchema,
  'cat-fee': catRowSchema,
  'ibkr-us-stocks': ibkrRowSchema,
} as const;

export type RateTableName = keyof typeof RATE_TABLE_ROWS;
export const RATE_TABLE_NAMES = Object.keys(RATE_TABLE_ROWS) as RateTableName[];

const verifiedThrough = calendarDate('The last New York trade date the rows were checked for. Past it the last row still applies (a rate is in force until superseded), and every estimate says it was carried forward.');

/** The rows a user adds to one table in `safety.costs.rates`. */
const userTable = (name: RateTableName) => ({
  type: 'object',
  additionalProperties: false,
  required: ['rows'],
  description: `Rows added to the ${name} table: a row whose from equals a built-in row's replaces it, any other is added in date order.`,
  properties: {
    verifiedThrough,
    rows: { type: 'array', minItems: 1, items: RATE_TABLE_ROWS[name], description: 'The rows, each with from, its rates and at least one source.' },
  },
} as const);

/** `safety.costs.rates`. */
export const userRatesSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Fee rates to add to (or correct in) the built-in tables without editing the package, by table name. Each row names its source; `robo cost --json` and each fill\'s log line show which rates came from here.',
  properties: {
    'sec-section-31': userTable('sec-section-31'),
    'finra-taf': userTable('finra-taf'),
    'cat-fee': userTable('cat-fee'),
    'ibkr-us-stocks': userTable('ibkr-us-stocks'),
  },
} as const;

/** A table file: one table, the shape of the built-in files and of a user's `ratesFiles`. */
const tableFile = (name: RateTableName) => ({
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'table', 'rows'],
  properties: {
    $schema: { type: 'string', description: 'A JSON Schema reference for editors; ignored.' },
    schemaVersion: { const: 1, description: 'Version of the table format. Always 1.' },
    table: { const: name, description: 'Which table the rows belong to.' },
    description: { type: 'string', description: 'What the table holds.' },
    unit: { type: 'string', description: 'The unit of its rates.' },
    retrievedAt: calendarDate('When the sources were last read.'),
    verifiedThrough,
    verifiedNote: { type: 'string', description: 'What is known to be missing after verifiedThrough.' },
    rows: { type: 'array', minItems: 1, items: RATE_TABLE_ROWS[name], description: 'The rows, in date order.' },
  },
} as const);

export const rateTableFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:robo:schema:rate-table:1',
  title: 'Robo fee rate table',
  description: 'One dated fee table: rows of rates by the New York trade date they take effect, each with its source.',
  type: 'object',
  discriminator: { propertyName: 'table' },
  oneOf: RATE_TABLE_NAMES.map(tableFile),
} as const;
