/**
 * The strategy SDK: a strategy kind declares its parameters' JSON Schema (validated with the rest of the
 * config, with line numbers) and creates a strategy that sees bars and fills and places orders only
 * through the host's order path, so every guard applies to it.
 */
import type { Decimal } from '../core/domain/money.js';
import type { Order } from '../core/domain/order.js';
import type { Bar, OrderIntent, Side, Veto } from '../core/domain/types.js';
import type { Fill } from '../core/host/events.js';
import type { SubmitResult } from '../core/host/host.js';
import type { Logger } from '../core/log.js';
import type { Clock } from '../core/market/clock.js';

export type IntentDraft =
  | { readonly symbol: string; readonly side: Side; readonly quantity: Decimal; readonly type: 'MKT'; readonly tag?: string }
  | { readonly symbol: string; readonly side: Side; readonly quantity: Decimal; readonly type: 'LMT'; readonly limitPrice: Decimal; readonly tag?: string };

export interface StrategyContext {
  readonly id: string;
  readonly symbols: readonly string[];
  /** Shares per trade, from the config's `sizing.quantity`. */
  readonly quantity: Decimal;
  readonly log: Logger;
  readonly clock: Clock;
  /** Signed position in shares. */
  position(symbol: string): Decimal;
  openOrders(symbol: string): readonly Order[];
  /** Sends an order through beforeOrder and every guard; resolves when it is vetoed, acknowledged or rejected. */
  submit(draft: IntentDraft): Promise<SubmitResult>;
  /** Asks the broker to cancel; resolves with the veto if a guard refused to send it. */
  cancel(orderId: number, reason: string): Promise<Veto | undefined>;
  /** A limit price from a market-data number, snapped to the tick on the side that never pays more. */
  limitPrice(price: number, side: Side): Decimal;
}

export interface Strategy {
  onBar(bar: Bar): void | Promise<void>;
  onFill?(fill: Fill): void | Promise<void>;
}

export interface StrategyKind<Params = unknown> {
  readonly kind: string;
  readonly description: string;
  /** JSON Schema of `params`; every property described, `additionalProperties: false`. */
  readonly paramsSchema: Readonly<Record<string, unknown>>;
  create(context: StrategyContext, params: Params): Strategy;
}

export function defineStrategy<Params>(kind: StrategyKind<Params>): StrategyKind<Params> {
  return Object.freeze({ ...kind });
}

export type { OrderIntent };
