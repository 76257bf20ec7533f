/** The built-in strategy kinds, by the name used in `strategies[].kind`. */
import { maCrossover } from './ma-crossover.js';
import { bollingerReversion } from './presets/bollinger-reversion.js';
import { buyAndHold } from './presets/buy-and-hold.js';
import { donchianBreakout } from './presets/donchian-breakout.js';
import { rebalance } from './presets/rebalance.js';
import { rsiReversion } from './presets/rsi-reversion.js';
import { rules } from './rules/kind.js';
import { INDICATORS } from './indicators/catalog.js';
import type { StrategyKind } from './sdk.js';

export const STRATEGY_KINDS: ReadonlyMap<string, StrategyKind<never>> = new Map<string, StrategyKind<never>>([
  [maCrossover.kind, maCrossover],
  [rules.kind, rules],
  [rsiReversion.kind, rsiReversion],
  [donchianBreakout.kind, donchianBreakout],
  [bollingerReversion.kind, bollingerReversion],
  [rebalance.kind, rebalance],
  [buyAndHold.kind, buyAndHold],
]);

/** The indicators a rules strategy may name, each with the schema of its settings: for the editor schema. */
export function indicatorOwners(): { readonly name: string; readonly schema: object }[] {
  return [...INDICATORS.values()].map((indicator) => ({ name: indicator.name, schema: indicator.paramsSchema }));
}
