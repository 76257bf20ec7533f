/**
 * Installs the configured strategies on the host: each becomes an `onBar` and `afterFill` tap named
 * `strategy:<id>`, so a failing strategy is reported by name and never stops the others or the host.
 */
import { decimalFromNumber, regNmsTick, snapToTick, type Decimal } from '../core/domain/money.js';
import { RoboError } from '../core/domain/errors.js';
import type { Host, SubmitResult } from '../core/host/host.js';
import type { Bar, OrderIntent, Veto } from '../core/domain/types.js';
import { BarAggregator } from '../core/market/bar-aggregator.js';
import { parseTimeframe, timeframeSeconds } from '../core/market/timeframe.js';
import { sizeOf } from './sizing.js';
import type { BracketDraft, BracketResult, IntentDraft, Strategy, StrategyContext, StrategyEntry, StrategyKind } from './sdk.js';

/** A strategy as installed: what the host needs to warm it up before trading (IB's historical bars). */
export interface InstalledStrategy {
  readonly id: string;
  readonly symbols: readonly string[];
  /** Bars of the feed's length it must see before it may trade, per symbol. */
  readonly warmupFeedBars: number;
  /** Feeds a bar from before the run: the strategy sees it as any other, and no order it asks for is sent. */
  warm(bar: Bar): Promise<void>;
}

export function installStrategies(host: Host, configs: readonly StrategyEntry[], kinds: ReadonlyMap<string, StrategyKind<never>>, feedBarSeconds: number): InstalledStrategy[] {
  return configs.map((config) => installOne(host, config, kinds, feedBarSeconds));
}

function installOne(host: Host, config: StrategyEntry, kinds: ReadonlyMap<string, StrategyKind<never>>, feedBarSeconds: number): InstalledStrategy {
  // A kind from a module is known by its path as the config writes it.
  const named = config.module ?? config.kind ?? '';
  const kind = kinds.get(named);
  if (!kind) throw new RoboError('ROBO_ERR_STRATEGY_UNKNOWN', `strategy ${config.id} has kind ${named}; installed kinds: ${[...kinds.keys()].join(', ')}`);
  const name = `strategy:${config.id}`;
  const warmup = new Warmup(config.symbols, (kind as StrategyKind).warmupBars?.(config.params, config) ?? 0);
  let strategy: Strategy;
  try {
    strategy = (kind as StrategyKind).create(contextFor(host, config, name, warmup), config.params, config);
  } catch (error) {
    throw new RoboError('ROBO_ERR_CONFIG_INVALID', `strategy ${config.id} (${named}) refused its params: ${error instanceof Error ? error.message : String(error)}`);
  }
  const combined = timeframeOf(host, config, feedBarSeconds, (bar) => {
    warmup.saw(bar.symbol);
    return strategy.onBar(bar);
  });
  const onFeedBar = strategy.onFeedBar?.bind(strategy);
  const deliver = onFeedBar === undefined ? combined : (bar: Bar): void | Promise<void> => {
    const first = onFeedBar(bar);
    return first === undefined ? combined(bar) : first.then(() => combined(bar));
  };
  const symbols = new Set(config.symbols);
  // A sync tap: the host waits for the promise a strategy returns (when it trades), and for nothing else.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
  host.hooks.onBar.tap(name, (bar) => (symbols.has(bar.symbol) ? deliver(bar) : undefined));
  const onFill = strategy.onFill?.bind(strategy);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
  if (onFill) host.hooks.afterFill.tap(name, (fill) => (fill.strategyId === config.id ? onFill(fill) : undefined));
  const ratio = config.timeframe === undefined ? 1 : Math.max(1, Math.ceil(timeframeSeconds(parseTimeframe(config.timeframe)) / feedBarSeconds));
  return {
    id: config.id,
    symbols: config.symbols,
    warmupFeedBars: warmup.bars * ratio,
    warm: async (bar) => {
      if (!symbols.has(bar.symbol)) return;
      warmup.history = true;
      try {
        await deliver(bar);
      } finally {
        warmup.history = false;
      }
    },
  };
}

/**
 * Orders wait until the strategy has seen `bars` bars of a symbol (its indicators are full), and while
 * it is fed bars from before the run: in both, what it asks to send is refused here, before any guard.
 */
class Warmup {
  readonly #seen = new Map<string, number>();
  history = false;

  constructor(symbols: readonly string[], readonly bars: number) {
    for (const symbol of symbols) this.#seen.set(symbol, 0);
  }

  saw(symbol: string): void {
    const seen = this.#seen.get(symbol);
    if (seen !== undefined && seen < this.bars) this.#seen.set(symbol, seen + 1);
  }

  /** Why an order for `symbol` may not be sent yet, or undefined when it may. */
  refusal(symbol: string): string | undefined {
    if (this.history) return 'the strategy is warming up on bars from before the run; nothing is sent';
    const seen = this.#seen.get(symbol) ?? 0;
    return seen < this.bars ? `the strategy is warming up: ${seen} of the ${this.bars} bars of ${symbol} its indicators need` : undefined;
  }
}

/** Delivers the feed's bars to `onBar` in the strategy's timeframe, combined per symbol by the calendar's sessions. */
function timeframeOf(host: Host, config: StrategyEntry, feedBarSeconds: number, onBar: (bar: Bar) => void | Promise<void>): (bar: Bar) => void | Promise<void> {
  if (config.timeframe === undefined) return onBar;
  const timeframe = parseTimeframe(config.timeframe);
  const aggregators = new Map(config.symbols.map((symbol) => [symbol, new BarAggregator(host.calendar, timeframe)]));
  return (bar) => {
    const done = aggregators.get(bar.symbol)?.push(bar) ?? [];
    if (done.length === 0) return undefined;
    if (done.length === 1) return onBar(done[0]!);
    return deliverInTurn(done, onBar);
  };
}

async function deliverInTurn(bars: readonly Bar[], onBar: (bar: Bar) => void | Promise<void>): Promise<void> {
  for (const bar of bars) await onBar(bar);
}

function contextFor(host: Host, config: StrategyEntry, name: string, warmup: Warmup): StrategyContext {
  const refused = (symbol: string): Veto | undefined => {
    const reason = warmup.refusal(symbol);
    return reason === undefined ? undefined : { by: name, code: 'ORDER_INVALID', reason };
  };
  const submit = (draft: IntentDraft | BracketDraft): Promise<SubmitResult | BracketResult> => {
    const symbol = isBracket(draft) ? draft.entry.symbol : draft.symbol;
    const veto = refused(symbol);
    if (veto !== undefined) {
      const vetoed: SubmitResult = { kind: 'vetoed', veto };
      return Promise.resolve(isBracket(draft) ? { entry: vetoed } : vetoed);
    }
    return isBracket(draft) ? submitBracket(host, draft, config.id) : host.submit(intentOf(draft, config.id));
  };
  return Object.freeze({
    id: config.id,
    symbols: config.symbols,
    ...(config.sizing.quantity === undefined ? {} : { quantity: decimalFromNumber(config.sizing.quantity) }),
    log: host.log.child({ strategy: config.id }),
    clock: host.clock,
    calendar: host.calendar,
    position: (symbol: string) => host.portfolio.position(symbol).quantity,
    averageCost: (symbol: string) => host.portfolio.position(symbol).averageCost,
    equity: () => host.portfolio.equity(),
    size: (price: Decimal, stopDistance?: Decimal) => sizeOf(config.sizing, { price, equity: host.portfolio.equity(), ...(stopDistance === undefined ? {} : { stopDistance }) }),
    openOrders: (symbol: string) => host.orders.open({ symbol, strategyId: config.id }),
    submit: submit as StrategyContext['submit'],
    modify: async (orderId, changes) => {
      // A strategy changes only its own orders.
      const order = host.orders.get(orderId);
      if (order?.intent.strategyId !== config.id) return { kind: 'vetoed', veto: { by: 'robo:host', code: 'ORDER_INVALID', reason: `order ${orderId} is not an order of strategy ${config.id}` } };
      return host.modify(orderId, changes);
    },
    cancel: (orderId: number, reason: string) => {
      // Warming up changes nothing at the broker: a cancel is a close's first step, and it would take a
      // held position's stop away before the close itself was refused.
      const order = host.orders.get(orderId);
      const veto = order === undefined ? undefined : refused(order.intent.symbol);
      return veto === undefined ? host.cancel(orderId, `${name}: ${reason}`) : Promise.resolve(veto);
    },
    limitPrice: (price: number, side) => {
      const value = decimalFromNumber(price);
      return snapToTick(value, regNmsTick(value), side);
    },
  } satisfies StrategyContext);
}

/**
 * The draft as the strategy's intent, built field by field. `{ ...draft, strategyId }` gave every intent
 * a hidden class of its own in V8 (a spread that adds a key, over fields holding different objects): each
 * order then allocated one, and every guard's read of an intent's fields went megamorphic.
 */
function intentOf(draft: IntentDraft, strategyId: string): OrderIntent {
  const tag = draft.tag === undefined ? {} : { tag: draft.tag };
  if (draft.type === 'LMT' && draft.tif === undefined && draft.outsideRth === undefined && draft.oca === undefined) {
    return { strategyId, symbol: draft.symbol, side: draft.side, quantity: draft.quantity, type: 'LMT', limitPrice: draft.limitPrice, ...tag };
  }
  if (draft.type === 'MKT' && draft.tif === undefined && draft.outsideRth === undefined && draft.oca === undefined) {
    return { strategyId, symbol: draft.symbol, side: draft.side, quantity: draft.quantity, type: 'MKT', ...tag };
  }
  // The other shapes are rarer (exits, auctions): one object with every field the draft has.
  return { ...draft, strategyId };
}

function isBracket(draft: IntentDraft | BracketDraft): draft is BracketDraft {
  return (draft as { kind?: unknown }).kind === 'bracket';
}

/** The bracket's exits as whole orders: the other side of the entry, its quantity and symbol, GTC unless asked. */
async function submitBracket(host: Host, draft: BracketDraft, strategyId: string): Promise<BracketResult> {
  const entry = intentOf(draft.entry, strategyId);
  const exit = { strategyId, symbol: entry.symbol, side: entry.side === 'BUY' ? 'SELL' as const : 'BUY' as const, quantity: entry.quantity, tif: draft.exitTif ?? 'GTC', ...(draft.outsideRth === true ? { outsideRth: true } : {}), ...(draft.entry.tag === undefined ? {} : { tag: draft.entry.tag }) };
  const takeProfit: OrderIntent | undefined = draft.takeProfit === undefined ? undefined : { ...exit, type: 'LMT', limitPrice: draft.takeProfit.limitPrice };
  const stop = draft.stopLoss;
  const stopLoss: OrderIntent | undefined = stop === undefined ? undefined
    : 'trail' in stop ? { ...exit, type: 'TRAIL', trail: stop.trail, ...(stop.initialStop === undefined ? {} : { initialStop: stop.initialStop }) }
    : stop.limitPrice === undefined ? { ...exit, type: 'STP', stopPrice: stop.stopPrice }
    : { ...exit, type: 'STP LMT', stopPrice: stop.stopPrice, limitPrice: stop.limitPrice };
  const results = await host.submitBracket({ entry, ...(takeProfit === undefined ? {} : { takeProfit }), ...(stopLoss === undefined ? {} : { stopLoss }) });
  const [first, ...exits] = results;
  return {
    entry: first!,
    ...(takeProfit === undefined ? {} : { takeProfit: exits.shift()! }),
    ...(stopLoss === undefined ? {} : { stopLoss: exits.shift()! }),
  };
}
