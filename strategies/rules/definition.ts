/**
 * A rules strategy as the config declares it: named indicators, entry and exit conditions, and exits —
 * the keys of a `kind: rules` entry, or what a preset kind builds from its params.
 */

/** Dollars per share: a number, or a rule expression worked out at the signal bar ("2 * atr"). */
export type Distance = number | string;

export interface RulesExits {
  readonly stopLoss?: Distance;
  readonly trailingStop?: Distance;
  readonly takeProfit?: Distance;
  readonly maxBarsInTrade?: number;
  /** `10m`: positions are closed, and none opened, this long before the session's close. */
  readonly flattenBeforeClose?: string;
  readonly timeInForce?: 'GTC' | 'DAY';
}

export interface SidedRules {
  readonly long?: string;
  readonly short?: string;
}

export interface RulesDefinition {
  /** Each indicator by the name the rules use: `{ trend: { sma: { period: 200 } } }`. */
  readonly indicators: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly entry: SidedRules;
  readonly exit?: SidedRules;
  readonly exits?: RulesExits;
  /** With `sizing.riskPercent`: the stop's distance, when not the stop loss's. */
  readonly stopDistance?: Distance;
}

/** Where each expression of a definition is written in the config, under the strategy's entry. */
export const EXPRESSION_PATHS = {
  entryLong: ['entry', 'long'],
  entryShort: ['entry', 'short'],
  exitLong: ['exit', 'long'],
  exitShort: ['exit', 'short'],
  stopLoss: ['exits', 'stopLoss'],
  trailingStop: ['exits', 'trailingStop'],
  takeProfit: ['exits', 'takeProfit'],
  stopDistance: ['sizing', 'stopDistance'],
} as const;

export type ExpressionSlot = keyof typeof EXPRESSION_PATHS;

/** Minutes of `flattenBeforeClose: 10m`. */
export function flattenMinutes(exits: RulesExits | undefined): number | undefined {
  const text = exits?.flattenBeforeClose;
  return text === undefined ? undefined : Number.parseInt(text, 10);
}
