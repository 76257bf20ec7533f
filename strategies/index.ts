/** The built-in strategy kinds, by the name used in `strategies[].kind`. */
import { maCrossover } from './ma-crossover.js';
import type { StrategyKind } from './sdk.js';

export const STRATEGY_KINDS: ReadonlyMap<string, StrategyKind<never>> = new Map<string, StrategyKind<never>>([
  [maCrossover.kind, maCrossover],
]);
