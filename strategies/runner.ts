/**
 * Installs the configured strategies on the host: each becomes an `onBar` and `afterFill` tap named
 * `strategy:<id>`, so a failing strategy is reported by name and never stops the others or the host.
 */
import { decimalFromNumber, regNmsTick, snapToTick } from '../core/domain/money.js';
import { RoboError } from '../core/domain/errors.js';
import type { Host } from '../core/host/host.js';
import type { OrderIntent } from '../core/domain/types.js';
import type { BracketDraft, BracketResult, IntentDraft, Strategy, StrategyContext, StrategyKind } from './sdk.js';

export interface StrategyConfig {
  readonly id: string;
  readonly kind: string;
  readonly symbols: readonly string[];
  readonly params: unknown;
  readonly sizing: { readonly quantity: number };
}

export function installStrategies(host: Host, configs: readonly StrategyConfig[], kinds: ReadonlyMap<string, StrategyKind<never>>): void {
  for (const config of configs) {
    const kind = kinds.get(config.kind);
    if (!kind) throw new RoboError('ROBO_ERR_STRATEGY_UNKNOWN', `strategy ${config.id} has kind ${config.kind}; installed kinds: ${[...kinds.keys()].join(', ')}`);
    const name = `strategy:${config.id}`;
    const symbols = new Set(config.symbols);
    let strategy: Strategy;
    try {
      strategy = (kind as StrategyKind).create(contextFor(host, config, name), config.params);
    } catch (error) {
      throw new RoboError('ROBO_ERR_CONFIG_INVALID', `strategy ${config.id} (${config.kind}) refused its params: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A sync tap: the host waits for the promise a strategy returns (when it trades), and for nothing else.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    host.hooks.onBar.tap(name, (bar) => (symbols.has(bar.symbol) ? strategy.onBar(bar) : undefined));
    const onFill = strategy.onFill?.bind(strategy);
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a direct hook: callSeries waits for the promise a sync tap returns (core/host/contain.ts)
    if (onFill) host.hooks.afterFill.tap(name, (fill) => (fill.strategyId === config.id ? onFill(fill) : undefined));
  }
}

function contextFor(host: Host, config: StrategyConfig, name: string): StrategyContext {
  return Object.freeze({
    id: config.id,
    symbols: config.symbols,
    quantity: decimalFromNumber(config.sizing.quantity),
    log: host.log.child({ strategy: config.id }),
    clock: host.clock,
    position: (symbol: string) => host.portfolio.position(symbol).quantity,
    openOrders: (symbol: string) => host.orders.open({ symbol, strategyId: config.id }),
    submit: ((draft: IntentDraft | BracketDraft) => (isBracket(draft) ? submitBracket(host, draft, config.id) : host.submit(intentOf(draft, config.id)))) as StrategyContext['submit'],
    modify: async (orderId, changes) => {
      // A strategy changes only its own orders.
      const order = host.orders.get(orderId);
      if (order?.intent.strategyId !== config.id) return { kind: 'vetoed', veto: { by: 'robo:host', code: 'ORDER_INVALID', reason: `order ${orderId} is not an order of strategy ${config.id}` } };
      return host.modify(orderId, changes);
    },
    cancel: (orderId: number, reason: string) => host.cancel(orderId, `${name}: ${reason}`),
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
