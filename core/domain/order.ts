/**
 * An order's life as an explicit state machine: every transition is checked against one table, every
 * execution is applied once (keyed by its execution id), and no order is ever filled beyond its quantity.
 */
import { RoboError } from './errors.js';
import { ZERO, type Decimal } from './money.js';
import { limitPriceOf } from './order-rules.js';
import type { Execution, OrderIntent, Trail } from './types.js';

export type OrderState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'submitted' }
  | { readonly kind: 'partially_filled' }
  | { readonly kind: 'filled' }
  | { readonly kind: 'cancelled'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export type OrderStateKind = OrderState['kind'];

/**
 * Which state may follow which. A fill may arrive before the acknowledgement (a fast broker), so
 * `pending` may go straight to a fill state; terminal states go nowhere.
 */
const LEGAL_NEXT: Readonly<Record<OrderStateKind, readonly OrderStateKind[]>> = {
  pending: ['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'],
  submitted: ['partially_filled', 'filled', 'cancelled', 'rejected'],
  partially_filled: ['partially_filled', 'filled', 'cancelled'],
  filled: [],
  cancelled: [],
  rejected: [],
};

export interface Order {
  readonly id: number;
  /** Our own reference, sent to the broker so the order can be found again after a restart. */
  readonly ref: string;
  readonly intent: OrderIntent;
  readonly state: OrderState;
  readonly filledQuantity: Decimal;
  /** Sum of quantity × price over the executions, for the average fill price. */
  readonly filledValue: Decimal;
  readonly executionIds: ReadonlySet<string>;
  /** Epoch milliseconds when the host created the order. */
  readonly createdAt: number;
  /** A bracket's exit: the order id of its entry, which the broker fills first. */
  readonly parentId?: number;
}

export function createOrder(id: number, ref: string, intent: OrderIntent, createdAt: number, parentId?: number): Order {
  const order: Order = { id, ref, intent, state: { kind: 'pending' }, filledQuantity: ZERO, filledValue: ZERO, executionIds: new Set(), createdAt };
  return parentId === undefined ? order : { ...order, parentId };
}

/** What a modify may change: the quantity and the prices, never what the order is. */
export interface OrderChanges {
  readonly quantity?: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
  readonly trail?: Trail;
  readonly initialStop?: Decimal;
}

/**
 * The intent with the changes applied, or why they cannot be: a price the order's type does not have,
 * or a quantity below what is already filled.
 */
export function changedIntent(order: Order, changes: OrderChanges): OrderIntent | string {
  const { intent } = order;
  const has = (key: keyof OrderChanges): boolean => changes[key] !== undefined;
  const type = intent.type;
  if (has('limitPrice') && type !== 'LMT' && type !== 'STP LMT' && type !== 'LOC') return `a ${type} order has no limit price to change`;
  if (has('stopPrice') && type !== 'STP' && type !== 'STP LMT') return `a ${type} order has no stop price to change`;
  if ((has('trail') || has('initialStop')) && type !== 'TRAIL') return `a ${type} order has no trail to change`;
  // A quantity equal to what filled would leave the order working with nothing to fill: to stop there, cancel it.
  if (changes.quantity !== undefined && (changes.quantity.lt(order.filledQuantity) || (order.filledQuantity.gt(0) && changes.quantity.eq(order.filledQuantity)))) return `order ${order.id} has filled ${order.filledQuantity.toString()} already, ${changes.quantity.eq(order.filledQuantity) ? 'all of' : 'more than'} the new quantity ${changes.quantity.toString()}; to keep only what filled, cancel it`;
  const next = { ...intent } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) next[key] = value;
  return next as unknown as OrderIntent;
}

/** The terms of an intent a modify may change, as the journal records them. */
export function termsOf(intent: OrderIntent): OrderChanges {
  const limitPrice = limitPriceOf(intent);
  return {
    quantity: intent.quantity,
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(intent.type === 'STP' || intent.type === 'STP LMT' ? { stopPrice: intent.stopPrice } : {}),
    ...(intent.type === 'TRAIL' ? { trail: intent.trail, ...(intent.initialStop === undefined ? {} : { initialStop: intent.initialStop }) } : {}),
  };
}

/** The order working on new terms: a modify the broker accepted. */
export function withTerms(order: Order, intent: OrderIntent): Order {
  return { ...order, intent };
}

export function isTerminal(order: Order): boolean {
  return LEGAL_NEXT[order.state.kind].length === 0;
}

export function isOpen(order: Order): boolean {
  return !isTerminal(order);
}

/** What is still to fill: never below zero, even for an order the broker overfilled. */
export function remainingQuantity(order: Order): Decimal {
  const remaining = order.intent.quantity.minus(order.filledQuantity);
  return remaining.isNeg() ? ZERO : remaining;
}

export function averageFillPrice(order: Order): Decimal | undefined {
  return order.filledQuantity.isZero() ? undefined : order.filledValue.div(order.filledQuantity);
}

export function canTransition(from: OrderStateKind, to: OrderStateKind): boolean {
  return LEGAL_NEXT[from].includes(to);
}

function transition(order: Order, next: OrderState): Order {
  if (!canTransition(order.state.kind, next.kind)) {
    throw new RoboError('ROBO_ERR_ORDER_TRANSITION', `order ${order.id} cannot go from ${order.state.kind} to ${next.kind}`);
  }
  return { ...order, state: next };
}

/** The broker accepted the order. A late acknowledgement after a fill changes nothing. */
export function acknowledge(order: Order): Order {
  if (order.state.kind !== 'pending') return order;
  return transition(order, { kind: 'submitted' });
}

export function cancel(order: Order, reason: string): Order {
  return transition(order, { kind: 'cancelled', reason });
}

export function reject(order: Order, reason: string): Order {
  return transition(order, { kind: 'rejected', reason });
}

export type ExecutionOutcome =
  | { readonly kind: 'applied'; readonly order: Order }
  /** The broker had already said cancelled or rejected; the shares are real, so they are booked and the state kept. */
  | { readonly kind: 'late'; readonly order: Order }
  /**
   * More shares than the order asked for: the broker executed them, so they are booked all the same (the
   * order ends filled, or keeps its closed state) and the caller must treat it as an anomaly.
   */
  | { readonly kind: 'overfill'; readonly order: Order }
  | { readonly kind: 'duplicate'; readonly order: Order };

/**
 * Applies one execution. The same execution id twice is a duplicate (brokers replay executions
 * after a reconnect) and changes nothing; an execution beyond the order's quantity is an overfill.
 */
export function applyExecution(order: Order, execution: Execution): ExecutionOutcome {
  if (order.executionIds.has(execution.execId)) return { kind: 'duplicate', order };
  if (execution.orderId !== order.id) {
    throw new RoboError('ROBO_ERR_INTERNAL', `execution ${execution.execId} is for order ${execution.orderId}, not ${order.id}`);
  }
  if (execution.side !== order.intent.side || execution.symbol !== order.intent.symbol) {
    throw new RoboError('ROBO_ERR_ORDER_TRANSITION', `execution ${execution.execId} (${execution.side} ${execution.symbol}) does not match order ${order.id} (${order.intent.side} ${order.intent.symbol})`);
  }
  if (execution.quantity.lte(0)) {
    throw new RoboError('ROBO_ERR_ORDER_TRANSITION', `execution ${execution.execId} has quantity ${execution.quantity.toString()}; expected a positive quantity`);
  }
  const filledQuantity = order.filledQuantity.plus(execution.quantity);
  const executionIds = new Set(order.executionIds);
  executionIds.add(execution.execId);
  const filledValue = order.filledValue.plus(execution.quantity.times(execution.price));
  if (filledQuantity.gt(order.intent.quantity)) {
    const state = isTerminal(order) ? order.state : { kind: 'filled' as const };
    return { kind: 'overfill', order: { ...order, state, filledQuantity, filledValue, executionIds } };
  }
  // A fill racing a cancel is a fact of life with real brokers: money moved, so it is booked, never dropped.
  if (order.state.kind === 'cancelled' || order.state.kind === 'rejected') {
    return { kind: 'late', order: { ...order, filledQuantity, filledValue, executionIds } };
  }
  const next: OrderState = filledQuantity.eq(order.intent.quantity) ? { kind: 'filled' } : { kind: 'partially_filled' };
  return { kind: 'applied', order: { ...transition(order, next), filledQuantity, filledValue, executionIds } };
}

/**
 * A booked execution was corrected by the broker: the order's filled quantity and value take the
 * difference, and the corrected id joins the booked ones. The state is kept — a correction restates a
 * fill that happened, it is not a new one — unless the corrected total now fills the order exactly.
 */
export function correctExecution(order: Order, booked: Execution, corrected: Execution): Order {
  const filledQuantity = order.filledQuantity.minus(booked.quantity).plus(corrected.quantity);
  if (filledQuantity.gt(order.intent.quantity) || filledQuantity.isNeg()) {
    throw new RoboError('ROBO_ERR_OVERFILL', `the correction ${corrected.execId} of execution ${booked.execId} would fill order ${order.id} to ${filledQuantity.toString()} of ${order.intent.quantity.toString()}`);
  }
  const filledValue = order.filledValue.minus(booked.quantity.times(booked.price)).plus(corrected.quantity.times(corrected.price));
  const executionIds = new Set(order.executionIds);
  executionIds.add(corrected.execId);
  const state: OrderState = order.state.kind === 'partially_filled' && filledQuantity.eq(order.intent.quantity) ? { kind: 'filled' } : order.state;
  return { ...order, state, filledQuantity, filledValue, executionIds };
}
