/**
 * The rules of one strategy for one symbol, compiled once: each bar updates its indicators, records the
 * series the rules read back in time, and evaluates every condition — all of them, every bar, so an
 * operator that remembers the previous bar (crosses_above) never misses one. The strategy then asks
 * what the conditions said and how far its exits are.
 */
import { DateTime } from 'luxon';
import type { Bar } from '../../core/domain/types.js';
import type { ExchangeCalendar, Session } from '../../core/market/calendar.js';
import type { IndicatorInstance } from '../indicators/contract.js';
import type { CheckedRules } from './check.js';
import type { ExpressionSlot } from './definition.js';
import type { Environment } from './expr/contract.js';
import { compileExpression } from './expr/index.js';
import { BAR_FIELDS } from './names.js';
import { SeriesRing } from './series.js';

/** What the engine is told of the position, by the strategy that trades it. */
export interface TradeState {
  /** Signed shares. */
  position(): number;
  /** Average entry price of the open position, NaN when flat. */
  entryPrice(): number;
  /** The bar index the position was opened at, NaN when flat. */
  openedAtBar(): number;
}

type Condition = () => boolean | undefined;
type Amount = () => number;

const CONDITIONS = ['entryLong', 'entryShort', 'exitLong', 'exitShort'] as const;
type ConditionSlot = (typeof CONDITIONS)[number];

interface Day {
  readonly date: string;
  readonly midnightMs: number;
  readonly weekday: number;
  readonly session: Session | null;
}

export class RulesEngine {
  readonly #indicators: { readonly name: string; readonly instance: IndicatorInstance }[] = [];
  readonly #recorders: ((bar: Bar) => void)[] = [];
  readonly #conditions = new Map<ConditionSlot, Condition>();
  /** The conditions as arrays, for the loop every bar runs (a Map's entries allocate a pair each). */
  readonly #conditionSlots: ConditionSlot[] = [];
  readonly #conditionList: Condition[] = [];
  readonly #amounts = new Map<ExpressionSlot, Amount>();
  readonly #said: Record<ConditionSlot, boolean> = { entryLong: false, entryShort: false, exitLong: false, exitShort: false };
  #barIndex = -1;
  #close = Number.NaN;
  #barEndMs = Number.NaN;
  #barMinutes = 0;
  #day: Day | undefined;

  constructor(rules: CheckedRules, private readonly calendar: ExchangeCalendar, private readonly trade: TradeState) {
    for (const [name, { kind, params }] of rules.indicators) this.#indicators.push({ name, instance: kind.create(params, calendar) });
    const depth = new Map<string, number>();
    for (const expression of rules.expressions.values()) {
      if (typeof expression === 'number') continue;
      for (const [key, ago] of expression.lookback) depth.set(key, Math.max(ago, depth.get(key) ?? 0));
    }
    const rings = new Map<string, SeriesRing>();
    const env: Environment = {
      series: (name, output) => {
        const key = output === undefined ? name : `${name}.${output}`;
        let ring = rings.get(key);
        if (ring === undefined) {
          ring = new SeriesRing(depth.get(key) ?? 0);
          rings.set(key, ring);
          this.#recorders.push(this.#recorder(ring, name, output));
        }
        const read = ring;
        return (ago) => read.at(ago);
      },
      state: (name) => this.#state(name),
      barIndex: () => this.#barIndex,
    };
    for (const [slot, expression] of rules.expressions) {
      if (typeof expression === 'number') {
        this.#amounts.set(slot, () => expression);
        continue;
      }
      const compiled = compileExpression(expression, env);
      if ((CONDITIONS as readonly string[]).includes(slot)) {
        this.#conditions.set(slot as ConditionSlot, compiled as Condition);
        this.#conditionSlots.push(slot as ConditionSlot);
        this.#conditionList.push(compiled as Condition);
      }
      else this.#amounts.set(slot, compiled as Amount);
    }
  }

  /** The bar's index among those this engine has seen, from 0. */
  get barIndex(): number {
    return this.#barIndex;
  }

  /** Feeds one bar of the strategy's timeframe and evaluates every condition. */
  update(bar: Bar): void {
    this.#barIndex += 1;
    this.#close = bar.close;
    this.#barEndMs = bar.time + bar.durationMs;
    this.#barMinutes = bar.durationMs / 60_000;
    for (const { instance } of this.#indicators) instance.update(bar);
    for (const record of this.#recorders) record(bar);
    const slots = this.#conditionSlots;
    const list = this.#conditionList;
    for (let i = 0; i < list.length; i++) this.#said[slots[i]!] = list[i]!() === true;
  }

  /** Whether the condition held at the last bar; a condition not ready yet did not. */
  holds(slot: ConditionSlot): boolean {
    return this.#said[slot];
  }

  /** An exit's or the stop's distance in dollars per share at the last bar; NaN when not ready or not given. */
  amount(slot: ExpressionSlot): number {
    const amount = this.#amounts.get(slot);
    return amount === undefined ? Number.NaN : amount();
  }

  has(slot: ExpressionSlot): boolean {
    return this.#amounts.has(slot) || this.#conditions.has(slot as ConditionSlot);
  }

  /** Minutes the last bar lasted. */
  barMinutes(): number {
    return this.#barMinutes;
  }

  /** Minutes from the end of the last bar to its session's close; NaN outside a session. */
  minutesToClose(): number {
    const session = this.#today()?.session;
    return session ? (session.closeMs - this.#barEndMs) / 60_000 : Number.NaN;
  }

  #recorder(ring: SeriesRing, name: string, output: string | undefined): (bar: Bar) => void {
    if (output === undefined && name in BAR_FIELDS) {
      const field = name as 'open' | 'high' | 'low' | 'close' | 'volume';
      return (bar) => ring.push(bar[field]);
    }
    const instance = this.#indicators.find((i) => i.name === name)?.instance;
    if (instance === undefined) throw new Error(`the rules read ${name}, which is neither a bar field nor an indicator`);
    return () => ring.push(instance.value(output));
  }

  #state(name: string): () => number {
    switch (name) {
      case 'position':
        return () => this.trade.position();
      case 'bars_in_trade':
        return () => {
          const opened = this.trade.openedAtBar();
          return Number.isNaN(opened) ? 0 : this.#barIndex - opened;
        };
      case 'entry_price':
        return () => this.trade.entryPrice();
      case 'unrealized_pct':
        return () => {
          const entry = this.trade.entryPrice();
          const held = this.trade.position();
          if (Number.isNaN(entry) || held === 0 || entry === 0) return Number.NaN;
          return (Math.sign(held) * (this.#close - entry) / entry) * 100;
        };
      case 'minutes_to_close':
        return () => this.minutesToClose();
      case 'time_of_day':
        return () => {
          const day = this.#today();
          return day === undefined ? Number.NaN : (this.#barEndMs - day.midnightMs) / 60_000;
        };
      case 'weekday':
        return () => this.#today()?.weekday ?? Number.NaN;
      default:
        throw new Error(`the rules read the state ${name}, which the engine does not keep`);
    }
  }

  /** The New York day the last bar ended in (a bar ending at midnight belongs to the day it ran in). */
  #today(): Day | undefined {
    if (Number.isNaN(this.#barEndMs)) return undefined;
    const at = this.#barEndMs - 1;
    // The calendar remembers the last day it was asked about, so this is a range check on most bars.
    const date = this.calendar.tradeDateOf(at);
    const day = this.#day;
    if (day?.date === date) return day;
    const local = DateTime.fromISO(date, { zone: this.calendar.zone });
    this.#day = { date, midnightMs: local.toMillis(), weekday: local.weekday, session: this.calendar.isTradingDay(date) ? this.calendar.session(date) : null };
    return this.#day;
  }
}
