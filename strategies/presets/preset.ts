/**
 * A preset kind: a strategy with a few params whose rules the preset writes — the same machinery as
 * `kind: rules`, so it sizes, warms up and places its exits at the broker the same way. Its entry may add
 * `exits` (stop loss, take profit, time stop, flatten before the close) like a rules strategy.
 */
import type { Strategy } from '../sdk.js';
import { defineStrategy, type EntryChecker, type StrategyKind } from '../sdk.js';
import { EXPRESSION_PATHS, type ExpressionSlot, type RulesDefinition } from '../rules/definition.js';
import { checkDefinition, compiledRules, rulesStrategy, warmupOf } from '../rules/kind.js';

const WRITTEN_BY_PRESET: ReadonlySet<ExpressionSlot> = new Set(['entryLong', 'entryShort', 'exitLong', 'exitShort']);

export interface PresetSpec<Params> {
  readonly kind: string;
  readonly description: string;
  readonly paramsSchema: Readonly<Record<string, unknown>>;
  /** The rules for these params (defaults not applied: the preset applies its own). */
  rules(params: Params): Omit<RulesDefinition, 'exits' | 'stopDistance'>;
  /** What its params schema cannot say, once they fit it: problems under `params`. */
  checkParams?(params: Params, checker: EntryChecker): void;
}

export function definePreset<Params>(spec: PresetSpec<Params>): StrategyKind<Params> {
  const definition = (params: Params, entry: Readonly<Record<string, unknown>>): RulesDefinition => {
    const sizing = entry['sizing'] as { stopDistance?: string | number } | undefined;
    return {
      ...spec.rules(params),
      ...(entry['exits'] === undefined ? {} : { exits: entry['exits'] as RulesDefinition['exits'] }),
      ...(sizing?.stopDistance === undefined ? {} : { stopDistance: sizing.stopDistance }),
    };
  };
  return defineStrategy<Params>({
    kind: spec.kind,
    description: spec.description,
    paramsSchema: spec.paramsSchema,
    reads: ['exits'],
    check(entry, checker) {
      // Params that do not fit the schema are reported by it (once: the same problem is listed once); the
      // rules written from them would only repeat the mistake at paths the config does not have.
      const params = entry['params'] ?? {};
      if (!checker.schema(spec.paramsSchema, params, ['params'], `strategy kind ${JSON.stringify(spec.kind)} (its paramsSchema)`)) return;
      spec.checkParams?.(params as Params, checker);
      let rules: RulesDefinition;
      try {
        rules = definition(params as Params, entry);
      } catch {
        return;
      }
      // The preset wrote the conditions from its params: a problem in one points at them.
      checkDefinition(rules, entry, checker, (slot) => (WRITTEN_BY_PRESET.has(slot) ? ['params'] : EXPRESSION_PATHS[slot]));
    },
    warmupBars(params, entry) {
      return warmupOf(compiledRules(entry, () => definition(params, entry)).rules);
    },
    create(ctx, params, entry): Strategy {
      const { definition: rules, rules: checked } = compiledRules(entry, () => definition(params, entry));
      return rulesStrategy(ctx, rules, checked, spec.kind);
    },
  });
}
