/**
 * Closing a position that has exits working at the broker, shared by the kinds that open positions as
 * brackets: its protective exits are cancelled first (so they cannot fill as well), and when the close is
 * then refused (the breaker HALTED, say) they are placed again, so the position is never left without them.
 */
import { Dec, type Decimal } from '../core/domain/money.js';
import { remainingQuantity, type Order } from '../core/domain/order.js';
import type { IntentDraft, StrategyContext } from './sdk.js';

/** The strategy's working orders for `symbol`, split into protective exits (bracket exits, or exits placed again) and the rest. */
export function workingOrders(ctx: StrategyContext, symbol: string): { readonly exits: readonly Order[]; readonly others: readonly Order[] } {
  const open = ctx.openOrders(symbol);
  const exits = open.filter(isProtectiveExit);
  return { exits, others: open.filter((o) => !isProtectiveExit(o)) };
}

function isProtectiveExit(order: Order): boolean {
  const bracket = order.intent.bracket;
  if (bracket !== undefined) return bracket.role !== 'entry';
  return order.intent.oca?.group.endsWith(':kept') === true;
}

/**
 * Cancels `exits`, then sends `close`; when the close is refused, places the exits again for what is
 * held. When an exit cannot be cancelled, the close is not sent and those already cancelled are placed
 * again. Resolves true when the close was sent.
 */
export async function closeWithExits(ctx: StrategyContext, exits: readonly Order[], close: IntentDraft, why: string): Promise<boolean> {
  const held = ctx.position(close.symbol);
  const cancelled: Order[] = [];
  for (const exit of exits) {
    const veto = await ctx.cancel(exit.id, `${why}: the strategy closes the position itself`);
    if (veto !== undefined) {
      // An exit that stays would sell what the close sells too: the close waits, with every exit in place.
      ctx.log.warn({ symbol: close.symbol, orderId: exit.id }, `the close of ${close.symbol} (${why}) is not sent: its exit order ${exit.id} could not be cancelled (${veto.reason})`);
      await restoreExits(ctx, cancelled, held.abs(), veto.reason);
      return false;
    }
    cancelled.push(exit);
  }
  const closed = await ctx.submit(close);
  if (closed.kind !== 'vetoed' && closed.kind !== 'rejected') return true;
  await restoreExits(ctx, cancelled, held.abs(), closed.kind === 'vetoed' ? closed.veto.reason : closed.reason);
  return false;
}

/**
 * The exits cancelled for a close that was then refused, placed again for what is held: the same types
 * and prices, one-cancels-all among themselves (reducing each other as they fill, as a bracket's exits
 * do). One that cannot be placed is said at error level: the position is without it.
 */
export async function restoreExits(ctx: StrategyContext, exits: readonly Order[], held: Decimal, why: string): Promise<void> {
  const group = `${exits[0]?.intent.bracket?.id ?? exits[0]?.intent.oca?.group.replace(/:kept$/, '') ?? ctx.id}:kept`;
  for (const exit of exits) {
    const { strategyId: _strategy, bracket: _bracket, ...terms } = exit.intent;
    const quantity = Dec.min(remainingQuantity(exit), held);
    if (quantity.lte(0)) continue;
    const draft = { ...terms, quantity, ...(exits.length > 1 ? { oca: { group, type: 3 as const } } : {}) } as IntentDraft;
    const result = await ctx.submit(draft);
    const role = exit.intent.bracket?.role ?? 'exit';
    if (result.kind === 'vetoed' || result.kind === 'rejected') ctx.log.error({ symbol: exit.intent.symbol, role }, `the close of ${exit.intent.symbol} was refused (${why}) and its ${role} could not be placed again (${result.kind === 'vetoed' ? result.veto.reason : result.reason}): the position is without it`);
    else ctx.log.warn({ symbol: exit.intent.symbol, role, orderId: result.order.id }, `the close of ${exit.intent.symbol} was refused (${why}): its ${role} is placed again as order ${result.order.id}`);
  }
}
