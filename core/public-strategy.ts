/**
 * `robo-trader/strategy`: what a strategy kind's author builds against — `defineStrategy`, the strategy
 * API version a kind's `robo` range is checked against, the kind and the context the host hands a
 * strategy, the order shapes it may send, and the domain types they speak in. A kind is published as an
 * npm package named in `strategies[].kind`, or written as a module next to the config
 * (`strategies[].module`); either way its default export is `defineStrategy(...)` (docs/strategy-sdk.md).
 * Nothing else in the package is public to a kind; its shape changes only with ROBO_STRATEGY_API.
 */
export { bracket, defineStrategy } from '../strategies/sdk.js';
export { ROBO_STRATEGY_API } from '../strategies/contract.js';
/** Decimal from text (or another Decimal), with Robo's precision and rounding; ctx.limitPrice makes a price from a number: prices, quantities and trail distances are Decimals. */
export { dec } from './domain/money.js';
export type { BracketDraft, BracketResult, EntryChecker, IntentDraft, ModifyResult, OrderChanges, RulesKey, Size, StopLossDraft, Strategy, StrategyContext, StrategyEntry, StrategyKind } from '../strategies/sdk.js';
export type { Bar, BracketLeg, BracketRole, OcaMembership, OcaType, OrderIntent, OrderType, RestingTimeInForce, Side, TimeInForce, Trail, Veto } from './domain/types.js';
export type { Order } from './domain/order.js';
export type { Fill } from './host/events.js';
export type { SubmitResult } from './host/host.js';
export type { Decimal } from './domain/money.js';
export type { Clock } from './market/clock.js';
export type { ExchangeCalendar } from './market/calendar.js';
export type { Logger } from './log.js';
