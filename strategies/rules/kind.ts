/**
 * `kind: rules`: a strategy written in the config — named indicators, entry and exit conditions, sizing
 * and exits — and the machinery the preset kinds are built on. At each bar's close, for each symbol:
 * a position is closed when its exit condition holds, its time stop is reached, or the session is about
 * to close; a flat symbol is entered when an entry condition holds, as a bracket when the strategy has
 * a stop loss, trailing stop or take profit, so those exits work at the broker even if Robo stops.
 */
import { decimalFromNumber, regNmsTick, snapToTick, type Decimal } from '../../core/domain/money.js';
import type { Bar, Side } from '../../core/domain/types.js';
import type { Fill } from '../../core/host/events.js';
import { isTimeframe, timeframeSeconds } from '../../core/market/timeframe.js';
import { INDICATORS } from '../indicators/catalog.js';
import { closeWithExits, workingOrders } from '../positions.js';
import { bracket, defineStrategy, type EntryChecker, type IntentDraft, type StopLossDraft, type Strategy, type StrategyContext } from '../sdk.js';
import { checkRules, type CheckedRules } from './check.js';
import { flattenMinutes, type RulesDefinition } from './definition.js';
import { RulesEngine } from './engine.js';

/** A regular session, 09:30 to 16:00, in minutes. */
const SESSION_MINUTES = 390;

/** The rules of a `kind: rules` entry, as the config writes them. */
export function definitionOf(entry: Readonly<Record<string, unknown>>): RulesDefinition {
  const sizing = entry['sizing'] as { stopDistance?: string | number } | undefined;
  return {
    indicators: (entry['indicators'] ?? {}) as RulesDefinition['indicators'],
    entry: (entry['entry'] ?? {}),
    ...(entry['exit'] === undefined ? {} : { exit: entry['exit'] as RulesDefinition['exit'] }),
    ...(entry['exits'] === undefined ? {} : { exits: entry['exits'] as RulesDefinition['exits'] }),
    ...(sizing?.stopDistance === undefined ? {} : { stopDistance: sizing.stopDistance }),
  };
}

/** Checks a definition in the config, with the problems the sizing adds. */
export function checkDefinition(definition: RulesDefinition, entry: Readonly<Record<string, unknown>>, checker: EntryChecker, where?: Parameters<typeof checkRules>[3]): CheckedRules | undefined {
  const checked = checkRules(definition, INDICATORS, checker, where);
  const sizing = entry['sizing'] as { riskPercent?: unknown } | undefined;
  const exits = definition.exits;
  if (sizing?.riskPercent !== undefined && definition.stopDistance === undefined && exits?.stopLoss === undefined && exits?.trailingStop === undefined) {
    checker.problem(['sizing', 'riskPercent'], 'sizing by riskPercent needs the stop\'s distance: give sizing.stopDistance, or exits.stopLoss or exits.trailingStop');
    return undefined;
  }
  const flatten = flattenMinutes(exits);
  const timeframe = entry['timeframe'];
  // No entry is opened from the last bar before the window on: the first bar of a session must end before it with room for the next.
  const barMinutes = isTimeframe(timeframe) ? timeframeSeconds(timeframe) / 60 : 0;
  if (flatten !== undefined && (flatten >= SESSION_MINUTES || flatten > SESSION_MINUTES - 2 * barMinutes)) {
    const bars = isTimeframe(timeframe) ? ` on ${timeframe} bars` : '';
    checker.problem(['exits', 'flattenBeforeClose'], `flattenBeforeClose ${exits?.flattenBeforeClose ?? ''}${bars} leaves no bar of a ${SESSION_MINUTES}-minute session that could open a position: the first bar would already be the last before the window; shorten it${bars === '' ? '' : ' or the timeframe'}`);
  }
  if (definition.entry.long === undefined && definition.entry.short === undefined) {
    checker.problem(['entry'], 'give entry.long, entry.short or both: the conditions that open a position');
    return undefined;
  }
  return checked;
}

/**
 * Bars of the timeframe the strategy must have seen before it may trade: through the first bar at which
 * every indicator has a value, and as many more as its rules read back in time (`close[3]`, crosses).
 */
export function warmupOf(rules: CheckedRules): number {
  let bars = 1;
  for (const { kind, params } of rules.indicators.values()) bars = Math.max(bars, kind.warmupBars(params) + 1);
  let back = 0;
  for (const expression of rules.expressions.values()) {
    if (typeof expression !== 'number') for (const ago of expression.lookback.values()) back = Math.max(back, ago);
  }
  return bars + back;
}

/** Throws when the definition does not check: `robo validate` reports the problems with their lines, so here they are only a guard. */
export function compileDefinition(definition: RulesDefinition, entry: Readonly<Record<string, unknown>>): CheckedRules {
  const problems: string[] = [];
  const checker: EntryChecker = {
    schema: () => true,
    problem: (path, message) => problems.push(`${path.join('.')}: ${message}`),
  };
  const checked = checkDefinition(definition, entry, checker);
  if (checked === undefined || problems.length > 0) throw new Error(problems.join('; '));
  return checked;
}

const compiled = new WeakMap<object, { readonly definition: RulesDefinition; readonly rules: CheckedRules }>();

/**
 * A strategy entry's definition and its checked rules, worked out once: the runner asks for the warm-up,
 * then creates the strategy, with the same entry.
 */
export function compiledRules(entry: Readonly<Record<string, unknown>>, build: () => RulesDefinition): { readonly definition: RulesDefinition; readonly rules: CheckedRules } {
  let found = compiled.get(entry);
  if (found === undefined) {
    const definition = build();
    found = { definition, rules: compileDefinition(definition, entry) };
    compiled.set(entry, found);
  }
  return found;
}

export const rules = defineStrategy<Record<string, never>>({
  kind: 'rules',
  reads: ['indicators', 'entry', 'exit', 'exits'],
  description: 'A strategy written in the config: indicators, entry and exit conditions, sizing and exits (docs/strategies.md).',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {}, description: 'Kind rules takes no params: its indicators, entry, exit and exits are keys of the strategy itself.' },
  check(entry, checker) {
    checkDefinition(definitionOf(entry), entry, checker);
  },
  warmupBars(_params, entry) {
    return warmupOf(compiledRules(entry, () => definitionOf(entry)).rules);
  },
  create(ctx, _params, entry) {
    const { definition, rules: checked } = compiledRules(entry, () => definitionOf(entry));
    return rulesStrategy(ctx, definition, checked);
  },
});

/** What a preset kind gives: its rules built from its params. */
export function rulesStrategy(ctx: StrategyContext, definition: RulesDefinition, checked: CheckedRules, tag = 'rules'): Strategy {
  const symbols = new Map(ctx.symbols.map((symbol) => [symbol, new SymbolTrader(ctx, symbol, definition, checked, tag)]));
  return {
    onBar(bar: Bar): void | Promise<void> {
      return symbols.get(bar.symbol)?.onBar(bar);
    },
    onFeedBar(bar: Bar): void | Promise<void> {
      return symbols.get(bar.symbol)?.onFeedBar(bar);
    },
    onFill(fill: Fill): void {
      symbols.get(fill.execution.symbol)?.onFill(fill);
    },
  };
}

/** A decision taken at a bar that ended as the market closed, carried out at the next session's first bar. */
type Deferred = { readonly kind: 'enter'; readonly side: Side } | { readonly kind: 'close'; readonly why: string };

class SymbolTrader {
  readonly #engine: RulesEngine;
  readonly #flatten: number | undefined;
  #deferred: Deferred | undefined;
  #openedAtBar = Number.NaN;
  #entryPrice = Number.NaN;

  constructor(private readonly ctx: StrategyContext, private readonly symbol: string, private readonly definition: RulesDefinition, checked: CheckedRules, private readonly tag: string) {
    this.#flatten = flattenMinutes(definition.exits);
    this.#engine = new RulesEngine(checked, ctx.calendar, {
      position: () => this.ctx.position(symbol).toNumber(),
      entryPrice: () => this.#entryPrice,
      openedAtBar: () => this.#openedAtBar,
    });
  }

  onFill(fill: Fill): void {
    const held = fill.position.quantity;
    if (held.isZero()) {
      this.#openedAtBar = Number.NaN;
      this.#entryPrice = Number.NaN;
      return;
    }
    const before = fill.execution.side === 'BUY' ? held.minus(fill.execution.quantity) : held.plus(fill.execution.quantity);
    // Opened, or turned from one side to the other: a new trade starts at this bar.
    if (before.isZero() || before.isPos() !== held.isPos()) this.#openedAtBar = this.#engine.barIndex;
    this.#entryPrice = fill.position.averageCost.toNumber();
  }

  /**
   * A decision the last bar deferred (it ended as the market closed: a daily bar) is carried out at the
   * first feed bar inside a session — as a market order then, so a bracket's exits protect it at once,
   * where a market-on-open entry could not carry them.
   */
  onFeedBar(bar: Bar): void | Promise<void> {
    const deferred = this.#deferred;
    if (deferred === undefined || !this.#inSession(bar)) return;
    this.#deferred = undefined;
    if (workingOrders(this.ctx, this.symbol).others.length > 0) return;
    const held = this.ctx.position(this.symbol);
    if (deferred.kind === 'close') return held.isZero() ? undefined : this.#close(held, workingOrders(this.ctx, this.symbol).exits, deferred.why);
    return held.isZero() ? this.#enter(bar, deferred.side) : undefined;
  }

  #inSession(bar: Bar): boolean {
    const session = this.ctx.calendar.session(this.ctx.calendar.tradeDateOf(bar.time));
    return session !== null && bar.time >= session.openMs && bar.time + bar.durationMs <= session.closeMs;
  }

  onBar(bar: Bar): void | Promise<void> {
    this.#engine.update(bar);
    this.#deferred = undefined;
    const held = this.ctx.position(this.symbol);
    if (!held.isZero() && Number.isNaN(this.#openedAtBar)) this.#adopt();
    // The decision first; the working orders (a search of the book) only when there is one to act on.
    if (!held.isZero()) {
      const why = this.#exitReason(held.isPos());
      if (why === undefined) return;
      const { exits, others } = workingOrders(this.ctx, this.symbol);
      if (others.length > 0) return; // a close of its own is still working: never stack orders
      if (this.#marketClosed(bar)) {
        this.#defer({ kind: 'close', why });
        return;
      }
      return this.#close(held, exits, why);
    }
    if (this.#closing()) return;
    const side: Side | undefined = this.#engine.holds('entryLong') ? 'BUY' : this.#engine.holds('entryShort') ? 'SELL' : undefined;
    if (side === undefined || workingOrders(this.ctx, this.symbol).others.length > 0) return;
    if (this.#marketClosed(bar)) {
      this.#defer({ kind: 'enter', side });
      return;
    }
    return this.#enter(bar, side);
  }

  #defer(deferred: Deferred): void {
    this.#deferred = deferred;
    const what = deferred.kind === 'close' ? `close ${this.symbol} (${deferred.why})` : `entry ${deferred.side === 'BUY' ? 'long' : 'short'} on ${this.symbol}`;
    this.ctx.log.info({ symbol: this.symbol }, `${what}: the bar ended as the market closed; it is sent at the next session's first bar`);
  }

  /** A position found held at start (restored after a restart): its trade is counted from now, at its average cost. */
  #adopt(): void {
    this.#openedAtBar = this.#engine.barIndex;
    this.#entryPrice = this.ctx.averageCost(this.symbol).toNumber();
  }

  /**
   * Within `flattenBeforeClose` of the close — or the next bar would end inside it: the decision is taken
   * at the close of the last bar before the window, never at a bar that ends when the market has closed.
   */
  #closing(): boolean {
    if (this.#flatten === undefined) return false;
    const left = this.#engine.minutesToClose();
    return left - this.#engine.barMinutes() < this.#flatten;
  }

  /**
   * The bar ended as the market closed, or outside its hours — a pre-market bar of a feed the strategy
   * takes as it comes: a market order now would wait for the open.
   */
  #marketClosed(bar: Bar): boolean {
    const left = this.#engine.minutesToClose();
    return Number.isNaN(left) || left <= 0 || !this.#inSession(bar);
  }

  #exitReason(long: boolean): string | undefined {
    const exit = this.definition.exit;
    if (long && this.#engine.holds('exitLong')) return `exit.long holds: ${exit?.long ?? ''}`;
    if (!long && this.#engine.holds('exitShort')) return `exit.short holds: ${exit?.short ?? ''}`;
    const max = this.definition.exits?.maxBarsInTrade;
    if (max !== undefined && this.#engine.barIndex - this.#openedAtBar >= max) return `the time stop: ${max} bars in the trade`;
    if (this.#closing()) return `${this.definition.exits?.flattenBeforeClose ?? ''} before the close: flatten`;
    return undefined;
  }

  async #close(held: Decimal, exits: Parameters<typeof closeWithExits>[1], why: string): Promise<void> {
    this.ctx.log.info({ symbol: this.symbol, held: held.toString() }, `close ${this.symbol}: ${why}`);
    await closeWithExits(this.ctx, exits, { symbol: this.symbol, side: held.isPos() ? 'SELL' : 'BUY', quantity: held.abs(), type: 'MKT', tag: this.tag }, why);
  }

  async #enter(bar: Bar, side: Side): Promise<void> {
    const reference = decimalFromNumber(bar.close);
    const distances = this.#distances();
    if (distances === undefined) return;
    const size = this.ctx.size(reference, distances.risk);
    if (size.quantity.isZero()) {
      this.ctx.log.info({ symbol: this.symbol, size: size.why }, `entry ${side === 'BUY' ? 'long' : 'short'} on ${this.symbol} skipped: the sizing gives no whole share`);
      return;
    }
    const entry: IntentDraft = { symbol: this.symbol, side, quantity: size.quantity, type: 'MKT', tag: this.tag };
    const rule = side === 'BUY' ? this.definition.entry.long : this.definition.entry.short;
    this.ctx.log.info({ symbol: this.symbol, close: bar.close, size: size.why }, `entry ${side === 'BUY' ? 'long' : 'short'} on ${this.symbol}: ${rule ?? ''}`);
    if (distances.stopLoss === undefined && distances.trailingStop === undefined && distances.takeProfit === undefined) {
      await this.ctx.submit(entry);
      return;
    }
    const exitSide: Side = side === 'BUY' ? 'SELL' : 'BUY';
    const favour = side === 'BUY' ? 1 : -1;
    const at = (distance: Decimal, direction: number): Decimal => {
      const price = reference.plus(distance.times(direction));
      return snapToTick(price, regNmsTick(price), exitSide);
    };
    const stopPrice = distances.stopLoss === undefined ? undefined : at(distances.stopLoss, -favour);
    const limitPrice = distances.takeProfit === undefined ? undefined : at(distances.takeProfit, favour);
    // A distance past zero (a stop 200 below a close of 100) gives no price an exchange takes.
    for (const [leg, price] of [['stop loss', stopPrice], ['take profit', limitPrice]] as const) {
      if (price === undefined || price.gt(0)) continue;
      this.ctx.log.warn({ symbol: this.symbol, close: bar.close }, `entry ${side === 'BUY' ? 'long' : 'short'} on ${this.symbol} skipped: its ${leg} would be at ${price.toString()}, not a positive price`);
      return;
    }
    const stopLoss: StopLossDraft | undefined = stopPrice !== undefined ? { stopPrice }
      : distances.trailingStop !== undefined ? { trail: { amount: wholeCents(distances.trailingStop) } }
      : undefined;
    const tif = this.definition.exits?.timeInForce;
    await this.ctx.submit(bracket({
      entry,
      ...(limitPrice === undefined ? {} : { takeProfit: { limitPrice } }),
      ...(stopLoss === undefined ? {} : { stopLoss }),
      ...(tif === undefined ? {} : { exitTif: tif }),
    }));
  }

  /** Every distance the entry needs, in dollars per share; undefined (and said once per bar) when one is not a positive number yet. */
  #distances(): { stopLoss?: Decimal; trailingStop?: Decimal; takeProfit?: Decimal; risk?: Decimal } | undefined {
    const result: { stopLoss?: Decimal; trailingStop?: Decimal; takeProfit?: Decimal; risk?: Decimal } = {};
    for (const slot of ['stopLoss', 'trailingStop', 'takeProfit', 'stopDistance'] as const) {
      if (!this.#engine.has(slot)) continue;
      const value = this.#engine.amount(slot);
      if (!Number.isFinite(value) || value <= 0) {
        this.ctx.log.warn({ symbol: this.symbol, [slot]: Number.isNaN(value) ? 'not ready' : value }, `entry on ${this.symbol} skipped: its ${slot} distance is ${Number.isNaN(value) ? 'not ready yet' : `${value}, not a positive number of dollars`}`);
        return undefined;
      }
      const distance = decimalFromNumber(value).toDecimalPlaces(DISTANCE_PLACES);
      if (slot === 'stopDistance') result.risk = distance;
      else result[slot] = distance;
    }
    result.risk ??= result.stopLoss ?? result.trailingStop;
    return result;
  }
}

/**
 * A distance is computed in floating point (`3 * atr` of 0.35 is 1.0500000000000256): its noise, some
 * 1e-14 of the value, would push a price snapped away from the entry a whole tick further (101.16 for
 * 101.15). Kept to 1e-8, far under the finest tick (0.0001), it only loses the noise.
 */
const DISTANCE_PLACES = 8;

/** A trailing amount in whole cents, at least one: IB takes the trail in the price's increment. */
function wholeCents(amount: Decimal): Decimal {
  const cents = amount.toDecimalPlaces(2);
  return cents.lt('0.01') ? decimalFromNumber(0.01) : cents;
}
