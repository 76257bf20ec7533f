/**
 * `robo-trader/strategy`: what a strategy kind's author builds against — the kind and the context the
 * host hands a strategy, the order shapes it may send, and the domain types they speak in. Publishing
 * kinds as npm packages named in the config comes with the strategy language; these are the types such a
 * package will implement, and the two values it needs: `bracket` and `dec`.
 */
export { bracket } from '../strategies/sdk.js';
/** Decimal from text or a number, with Robo's precision and rounding: prices, quantities and trail distances are Decimals. */
export { dec } from './domain/money.js';
export type { BracketDraft, BracketResult, IntentDraft, ModifyResult, OrderChanges, StopLossDraft, Strategy, StrategyContext, StrategyKind } from '../strategies/sdk.js';
export type { Bar, BracketLeg, BracketRole, OcaMembership, OcaType, OrderIntent, OrderType, RestingTimeInForce, Side, TimeInForce, Trail, Veto } from './domain/types.js';
export type { Order } from './domain/order.js';
export type { Fill } from './host/events.js';
export type { SubmitResult } from './host/host.js';
export type { Decimal } from './domain/money.js';
export type { Clock } from './market/clock.js';
export type { Logger } from './log.js';
