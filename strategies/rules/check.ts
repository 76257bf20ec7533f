/**
 * Checks a rules definition before anything trades, every problem at once: each indicator is known and
 * its settings fit its schema, no indicator hides another name, and each expression parses and has the
 * type its place needs — problems inside an expression point at the characters in the YAML string.
 */
import { suggest } from '../../core/config/suggest.js';
import type { IndicatorKind } from '../indicators/contract.js';
import type { EntryChecker } from '../sdk.js';
import { EXPRESSION_PATHS, type RulesDefinition } from './definition.js';
import { checkExpression, compileExpression } from './expr/index.js';
import type { CheckedExpression } from './expr/contract.js';
import { nameTable, reservedName } from './names.js';

export interface CheckedRules {
  readonly indicators: ReadonlyMap<string, { readonly kind: IndicatorKind; readonly params: Readonly<Record<string, unknown>> }>;
  readonly expressions: ReadonlyMap<keyof typeof EXPRESSION_PATHS, CheckedExpression | number>;
}

/**
 * `paths` says where each part of the definition is written under the strategy's entry (a preset writes
 * its expressions itself: their problems then point at its params). Returns undefined when any problem
 * was reported.
 */
export function checkRules(definition: RulesDefinition, catalog: ReadonlyMap<string, IndicatorKind>, checker: EntryChecker, where: (slot: keyof typeof EXPRESSION_PATHS) => readonly (string | number)[] = (slot) => EXPRESSION_PATHS[slot]): CheckedRules | undefined {
  let failed = false;
  const problem: EntryChecker['problem'] = (path, message, options) => {
    failed = true;
    checker.problem(path, message, options);
  };

  const indicators = new Map<string, { kind: IndicatorKind; params: Readonly<Record<string, unknown>> }>();
  for (const [name, spec] of Object.entries(definition.indicators)) {
    const reserved = reservedName(name);
    if (reserved !== undefined) {
      problem(['indicators', name], `an indicator cannot be named ${name}: ${reserved}; choose another name`);
      continue;
    }
    const [kindName, params] = Object.entries(spec)[0] ?? [];
    if (kindName === undefined) continue; // the config schema reports an empty one
    const kind = catalog.get(kindName);
    if (kind === undefined) {
      const guess = suggest(kindName, catalog.keys());
      problem(['indicators', name, kindName], `unknown indicator ${JSON.stringify(kindName)}; ${guess === undefined ? '' : `did you mean ${JSON.stringify(guess)}? `}indicators are ${[...catalog.keys()].sort().join(', ')}`, { hint: 'docs/indicators.md lists each indicator with its settings.' });
      continue;
    }
    if (!checker.schema(kind.paramsSchema, params ?? {}, ['indicators', name, kindName], `indicator ${kindName}`)) failed = true;
    indicators.set(name, { kind, params: params ?? {} });
  }

  const names = nameTable(new Map([...indicators].map(([name, { kind }]) => [name, kind])));
  const expressions = new Map<keyof typeof EXPRESSION_PATHS, CheckedExpression | number>();
  for (const [slot, value, condition] of slots(definition)) {
    if (typeof value === 'number') {
      expressions.set(slot, value);
      continue;
    }
    const checked = checkExpression(value, condition ? 'condition' : 'number', names);
    if ('problems' in checked) {
      for (const p of checked.problems) problem(where(slot), p.message, { inside: p.start, hint: underline(value, p.start, p.end) });
    } else {
      expressions.set(slot, checked.expression);
      const never = neverActs(slot, checked.expression);
      if (never !== undefined) problem(where(slot), never);
    }
  }

  const exits = definition.exits;
  if (exits?.stopLoss !== undefined && exits.trailingStop !== undefined) problem(['exits', 'trailingStop'], 'give exits.stopLoss or exits.trailingStop, not both: a position has one stop at the broker');
  return failed ? undefined : { indicators, expressions };
}

/**
 * Why an expression that reads no name at all can never act, or undefined: an entry never true opens
 * nothing, and a distance never above 0 skips every entry (the schema refuses `stopLoss: 0`, not "0").
 */
function neverActs(slot: keyof typeof EXPRESSION_PATHS, expression: CheckedExpression): string | undefined {
  const bound = { names: 0 };
  const value = compileExpression(expression, {
    series: () => { bound.names += 1; return () => Number.NaN; },
    state: () => { bound.names += 1; return () => Number.NaN; },
    barIndex: () => 0,
  })();
  if (bound.names > 0) return undefined;
  if (slot === 'entryLong' || slot === 'entryShort') return value === true ? undefined : 'this condition is never true: it reads no bar, indicator or state, so no position would ever open';
  if (expression.type === 'number' && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) return `this distance is always ${String(value)}: a distance is dollars per share above 0, and every entry would be skipped`;
  return undefined;
}

/** How much of a long rule the hint shows around its problem. */
const HINT_CONTEXT = 40;

/**
 * The rule with the problem's characters underlined, below the `  -> ` a hint is printed after; a long
 * rule is cut to the part around the problem, so the hint stays a line a person reads.
 */
function underline(text: string, start: number, end: number): string {
  const oneLine = text.replace(/\s/g, ' ');
  const from = Math.max(0, start - HINT_CONTEXT);
  const to = Math.min(oneLine.length, Math.max(end, start + 1) + HINT_CONTEXT);
  const before = from > 0 ? '…' : '';
  const shown = `${before}${oneLine.slice(from, to)}${to < oneLine.length ? '…' : ''}`;
  const at = before.length + Math.min(start, oneLine.length) - from;
  const width = Math.max(1, Math.min(end, to + 1) - start);
  return `${shown}\n     ${' '.repeat(at)}${'^'.repeat(width)}`;
}

function slots(definition: RulesDefinition): [keyof typeof EXPRESSION_PATHS, string | number, boolean][] {
  const all: [keyof typeof EXPRESSION_PATHS, string | number | undefined, boolean][] = [
    ['entryLong', definition.entry.long, true],
    ['entryShort', definition.entry.short, true],
    ['exitLong', definition.exit?.long, true],
    ['exitShort', definition.exit?.short, true],
    ['stopLoss', definition.exits?.stopLoss, false],
    ['trailingStop', definition.exits?.trailingStop, false],
    ['takeProfit', definition.exits?.takeProfit, false],
    ['stopDistance', definition.stopDistance, false],
  ];
  // Anything else (true, a list) is the config schema's to report: the rule is not there to check.
  return all.filter((s): s is [keyof typeof EXPRESSION_PATHS, string | number, boolean] => typeof s[1] === 'string' || typeof s[1] === 'number');
}
