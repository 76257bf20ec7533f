/**
 * What a plugin author imports (`import { definePlugin } from 'robo-trader/plugin'`): the contract, the
 * plugin API version, the stages, and the types of everything a plugin sees. Nothing else in the
 * package is public; its shape changes only with ROBO_PLUGIN_API.
 */
export { definePlugin, ROBO_PLUGIN_API } from './host/plugin-contract.js';
export type { NoOptions, PluginInstance, PluginMeta, PluginOptionsSchema, RoboPlugin } from './host/plugin-contract.js';
export type { ThirdPartyApi as PluginApi, ThirdPartyHooks as PluginHooks } from './host/third-party-api.js';
export type { FillNote, OrdersView, OwnedSubscriptions, OwnedTasks, PortfolioView } from './host/plugin-api.js';
export { STAGE } from './host/hooks.js';
export type {
  Bar, BrokerRequest, CommissionReport, ConnectInfo, DisconnectInfo, Fill, OrderOutcome, OrderRequest, OrderUpdate,
  ShutdownInfo, ShutdownReason, TradingState, TradingStateChange, Veto,
} from './host/events.js';
export type { Execution, OrderIntent, Side } from './domain/types.js';
export type { Order } from './domain/order.js';
export type { Position, PortfolioSnapshot } from './domain/portfolio.js';
export type { Decimal } from './domain/money.js';
export { levelOf, type Level, type Valuation } from './domain/valuation.js';
export type { Clock } from './market/clock.js';
export type { ExchangeCalendar } from './market/calendar.js';
export type { Logger } from './log.js';
